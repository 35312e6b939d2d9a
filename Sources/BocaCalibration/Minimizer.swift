import BocaRandom
@preconcurrency import CGSL

/// GSL's minimisers and root finder behind Swift closures (GSL Reference Manual §38
/// "Multidimensional Minimization", §34 "One Dimensional Root-Finding").
///
/// The closures are reached from GSL's C callbacks through an unmanaged box passed as the
/// callback's `params`; nothing is shared between calls, so concurrent fits are safe.
enum Minimizer {
  /// The result of a minimisation: the point, the value there, and whether GSL's stopping test
  /// was met (else the iteration limit was reached).
  struct Result {
    var x: [Double]
    var value: Double
    var converged: Bool
  }

  /// An objective with its gradient: returns f(x) and writes ∇f(x) into the second argument.
  typealias ValueAndGradient = ([Double], inout [Double]) -> Double

  private final class GradientBox {
    let body: ValueAndGradient
    var gradient: [Double]
    init(_ body: @escaping ValueAndGradient, n: Int) {
      self.body = body
      gradient = [Double](repeating: 0, count: n)
    }
    func call(_ v: UnsafePointer<gsl_vector>) -> Double {
      let x = (0..<gradient.count).map { gsl_vector_get(v, $0) }
      let f = body(x, &gradient)
      return f.isFinite ? f : Double.greatestFiniteMagnitude
    }
  }

  private final class ValueBox {
    let body: ([Double]) -> Double
    let n: Int
    init(_ body: @escaping ([Double]) -> Double, n: Int) {
      self.body = body
      self.n = n
    }
  }

  /// Minimises with `gsl_multimin_fdfminimizer_vector_bfgs2` from `start` (first step `step`,
  /// line-search tolerance 0.1) until the gradient's norm is below `gradientTolerance`
  /// (`gsl_multimin_test_gradient`) or `maxIterations` pass.
  static func bfgs(
    start: [Double], step: Double = 0.1, gradientTolerance: Double = 1e-7, maxIterations: Int = 1000,
    _ objective: @escaping ValueAndGradient
  ) throws -> Result {
    GSL.switchErrorHandlerOff()
    let n = start.count
    let box = GradientBox(objective, n: n)
    let unmanaged = Unmanaged.passRetained(box)
    defer { unmanaged.release() }
    var function = gsl_multimin_function_fdf(
      f: { v, params in
        Unmanaged<GradientBox>.fromOpaque(params!).takeUnretainedValue().call(v!)
      },
      df: { v, params, g in
        let box = Unmanaged<GradientBox>.fromOpaque(params!).takeUnretainedValue()
        _ = box.call(v!)
        for i in box.gradient.indices { gsl_vector_set(g, i, box.gradient[i]) }
      },
      fdf: { v, params, f, g in
        let box = Unmanaged<GradientBox>.fromOpaque(params!).takeUnretainedValue()
        f!.pointee = box.call(v!)
        for i in box.gradient.indices { gsl_vector_set(g, i, box.gradient[i]) }
      },
      n: n, params: unmanaged.toOpaque())
    guard let minimizer = gsl_multimin_fdfminimizer_alloc(boca_multimin_bfgs2(), n) else {
      throw GSLError(status: Int32(GSL_ENOMEM), context: "gsl_multimin_fdfminimizer_alloc(vector_bfgs2)")
    }
    defer { gsl_multimin_fdfminimizer_free(minimizer) }
    let x0 = gsl_vector_alloc(n)!
    defer { gsl_vector_free(x0) }
    for i in 0..<n { gsl_vector_set(x0, i, start[i]) }
    try GSLError.check(
      gsl_multimin_fdfminimizer_set(minimizer, &function, x0, step, 0.1), "gsl_multimin_fdfminimizer_set")
    var converged = false
    for _ in 0..<maxIterations {
      let status = gsl_multimin_fdfminimizer_iterate(minimizer)
      if gsl_multimin_test_gradient(minimizer.pointee.gradient, gradientTolerance) == GSL_SUCCESS {
        converged = true
        break
      }
      // ENOPROG: the line search cannot improve (at the optimum to machine precision, or stuck).
      if status != GSL_SUCCESS { break }
    }
    let x = (0..<n).map { gsl_vector_get(minimizer.pointee.x, $0) }
    return Result(x: x, value: minimizer.pointee.f, converged: converged)
  }

  /// Minimises with the Nelder–Mead simplex `gsl_multimin_fminimizer_nmsimplex2` from `start`
  /// (initial step `step` in every coordinate) until the simplex's size is below `sizeTolerance`
  /// (`gsl_multimin_test_size`) or `maxIterations` pass.
  static func simplex(
    start: [Double], step: Double = 0.5, sizeTolerance: Double = 1e-10, maxIterations: Int = 20_000,
    _ objective: @escaping ([Double]) -> Double
  ) throws -> Result {
    GSL.switchErrorHandlerOff()
    let n = start.count
    let box = ValueBox(objective, n: n)
    let unmanaged = Unmanaged.passRetained(box)
    defer { unmanaged.release() }
    var function = gsl_multimin_function(
      f: { v, params in
        let box = Unmanaged<ValueBox>.fromOpaque(params!).takeUnretainedValue()
        let f = box.body((0..<box.n).map { gsl_vector_get(v!, $0) })
        return f.isFinite ? f : Double.greatestFiniteMagnitude
      }, n: n, params: unmanaged.toOpaque())
    guard let minimizer = gsl_multimin_fminimizer_alloc(boca_multimin_nmsimplex2(), n) else {
      throw GSLError(status: Int32(GSL_ENOMEM), context: "gsl_multimin_fminimizer_alloc(nmsimplex2)")
    }
    defer { gsl_multimin_fminimizer_free(minimizer) }
    let x0 = gsl_vector_alloc(n)!
    let steps = gsl_vector_alloc(n)!
    defer {
      gsl_vector_free(x0)
      gsl_vector_free(steps)
    }
    for i in 0..<n {
      gsl_vector_set(x0, i, start[i])
      gsl_vector_set(steps, i, step)
    }
    try GSLError.check(gsl_multimin_fminimizer_set(minimizer, &function, x0, steps), "gsl_multimin_fminimizer_set")
    var converged = false
    for _ in 0..<maxIterations {
      if gsl_multimin_fminimizer_iterate(minimizer) != GSL_SUCCESS { break }
      if gsl_multimin_test_size(gsl_multimin_fminimizer_size(minimizer), sizeTolerance) == GSL_SUCCESS {
        converged = true
        break
      }
    }
    let x = (0..<n).map { gsl_vector_get(minimizer.pointee.x, $0) }
    return Result(x: x, value: minimizer.pointee.fval, converged: converged)
  }

  /// A root of `f` in [`low`, `high`] (where f changes sign) by `gsl_root_fsolver_brent`, to
  /// absolute tolerance `tolerance`; nil when f does not change sign on the bracket.
  static func brentRoot(
    low: Double, high: Double, tolerance: Double = 1e-8, maxIterations: Int = 200, _ f: @escaping (Double) -> Double
  ) throws -> Double? {
    GSL.switchErrorHandlerOff()
    let fl = f(low)
    let fh = f(high)
    guard fl.isFinite, fh.isFinite, (fl <= 0) != (fh <= 0) else { return nil }
    let box = ValueBox({ f($0[0]) }, n: 1)
    let unmanaged = Unmanaged.passRetained(box)
    defer { unmanaged.release() }
    var function = gsl_function(
      function: { x, params in
        Unmanaged<ValueBox>.fromOpaque(params!).takeUnretainedValue().body([x])
      }, params: unmanaged.toOpaque())
    guard let solver = gsl_root_fsolver_alloc(boca_root_brent()) else {
      throw GSLError(status: Int32(GSL_ENOMEM), context: "gsl_root_fsolver_alloc(brent)")
    }
    defer { gsl_root_fsolver_free(solver) }
    try GSLError.check(gsl_root_fsolver_set(solver, &function, low, high), "gsl_root_fsolver_set")
    for _ in 0..<maxIterations {
      try GSLError.check(gsl_root_fsolver_iterate(solver), "gsl_root_fsolver_iterate")
      let a = gsl_root_fsolver_x_lower(solver)
      let b = gsl_root_fsolver_x_upper(solver)
      if gsl_root_test_interval(a, b, tolerance, 0) == GSL_SUCCESS { break }
    }
    return gsl_root_fsolver_root(solver)
  }
}
