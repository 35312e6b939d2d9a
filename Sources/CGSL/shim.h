// Shim over the GNU Scientific Library: the headers Boca uses, and inline accessors for the
// generator-type globals (`gsl_rng_taus2` and friends are mutable C globals that Swift 6 rejects as
// not concurrency-safe; docs/architecture.md, "Swift and GSL rules"). HAVE_INLINE turns
// gsl_rng_uniform and friends into inline functions, so the draw in a kernel is one indirect call
// into the generator.
#ifndef BOCA_CGSL_SHIM_H
#define BOCA_CGSL_SHIM_H

#ifndef HAVE_INLINE
#define HAVE_INLINE 1
#endif

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_lambert.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_roots.h>

static inline const gsl_rng_type *boca_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *boca_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *boca_rng_ranlxs0(void) { return gsl_rng_ranlxs0; }
static inline const gsl_rng_type *boca_rng_ranlxd1(void) { return gsl_rng_ranlxd1; }
static inline const gsl_rng_type *boca_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_rng_type *boca_rng_ranlux389(void) { return gsl_rng_ranlux389; }
static inline const gsl_rng_type *boca_rng_ran2(void) { return gsl_rng_ran2; }
/// Sobol's quasi-random sequence (Antonov–Saleev, up to 40 dimensions; BocaSensitivity).
static inline const gsl_qrng_type *boca_qrng_sobol(void) { return gsl_qrng_sobol; }

/// Switches GSL's default error handler (which aborts the process) off; GSL functions then
/// return status codes, which Boca turns into Swift errors.
static inline void boca_gsl_errors_off(void) { gsl_set_error_handler_off(); }

/// Hints the processor to bring the cache line at `p` closer (read, keep in all levels): used by
/// the breadth-first cascade kernels to hide the latency of the next nodes' rows.
static inline void boca_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/// Minimisers and root finders (BocaCalibration's likelihood and least-squares fits).
static inline const gsl_multimin_fdfminimizer_type *boca_multimin_bfgs2(void) {
  return gsl_multimin_fdfminimizer_vector_bfgs2;
}
static inline const gsl_multimin_fminimizer_type *boca_multimin_nmsimplex2(void) {
  return gsl_multimin_fminimizer_nmsimplex2;
}
static inline const gsl_root_fsolver_type *boca_root_brent(void) { return gsl_root_fsolver_brent; }

#endif
