#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, to try `boca slurm` without a cluster and to test it.
#
#   bash scripts/slurm-local.sh start    # install slurm-wlm + munge if missing, start the daemons, wait for an idle node
#   bash scripts/slurm-local.sh status   # the daemons, the node, the queue
#   bash scripts/slurm-local.sh stop     # cancel its jobs, stop exactly the daemons it started (by their pid files)
#
# The configuration is scripts/slurm/slurm.conf.in with the state folder, CPUs (nproc) and memory
# (/proc/meminfo) filled in. Everything it writes lives in ${BOCA_SLURM_STATE:-/tmp/boca-slurm}:
# slurm.conf, the daemons' pid files, spool, state and logs. Ports: ${BOCA_SLURM_PORT:-6817} and the
# next one. So that `sbatch` finds the cluster without SLURM_CONF, /etc/slurm/slurm.conf is made a
# link to the state folder's slurm.conf when there is no such file (never replaced; stop removes
# only its own link). Runs the daemons as root: as root directly, otherwise through sudo.
# `start` is idempotent: daemons already running from this state folder are kept.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${BOCA_SLURM_STATE:-/tmp/boca-slurm}
PORT=${BOCA_SLURM_PORT:-6817}
CONF=$STATE/slurm.conf
LINK=/etc/slurm/slurm.conf
export SLURM_CONF=$CONF

say() { echo "slurm-local: $*"; }
die() {
  echo "slurm-local: error: $*" >&2
  exit 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
alive() { [ -s "$1" ] && as_root kill -0 "$(cat "$1")" 2>/dev/null; }

install_packages() {
  local missing=()
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null || missing+=(slurm-wlm)
  command -v munged >/dev/null && command -v munge >/dev/null || missing+=(munge)
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "${missing[*]} not installed and no apt-get here: install Slurm and munge by hand"
  if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
    die "${missing[*]} not installed; installing needs root or sudo"
  fi
  say "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >"$STATE/log/apt.log" 2>&1 || {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$STATE/log/apt.log" 2>&1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >>"$STATE/log/apt.log" 2>&1
  } || die "apt-get install slurm-wlm munge failed (see $STATE/log/apt.log)"
}

munge_works() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }

start_munge() {
  munge_works && return 0
  [ -f /etc/munge/munge.key ] || as_root runuser -u munge -- mungekey --create >/dev/null 2>&1 || true
  as_root mkdir -p /run/munge
  as_root chown munge:munge /run/munge
  as_root runuser -u munge -- munged --pid-file="/run/munge/boca-munged.pid" </dev/null >>"$STATE/log/munged.out" 2>&1
  for _ in $(seq 1 50); do munge_works && break; sleep 0.1; done
  munge_works || die "munged did not start (see /var/log/munge/munged.log)"
  as_root cat /run/munge/boca-munged.pid >"$STATE/munged.pid"
}

write_config() {
  local cpus memory
  cpus=$(nproc)
  memory=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)
  sed -e "s|@STATE@|$STATE|g" -e "s|@CPUS@|$cpus|g" -e "s|@MEMORY@|$memory|g" \
    -e "s|@CTLD_PORT@|$PORT|g" -e "s|@D_PORT@|$((PORT + 1))|g" "$here/slurm/slurm.conf.in" >"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
  if [ ! -e "$LINK" ] && [ ! -L "$LINK" ]; then
    as_root mkdir -p "$(dirname "$LINK")"
    as_root ln -s "$CONF" "$LINK"
  fi
}

wait_idle() {
  local s=""
  for _ in $(seq 1 120); do
    s=$(sinfo -h -n localhost -o %T 2>/dev/null | head -1 || true)
    case "$s" in
      idle | mixed | allocated | completing) return 0 ;;
      down* | drain*) as_root scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  die "the node is not up after 60 s (state '$s'; see $STATE/log/)"
}

# The daemons must not inherit the caller's descriptors beyond 0-2: a caller that waits for one of
# them to close would wait as long as the daemons run. Foundation's Process on Linux does exactly that
# with a socket it hands to the child (swift-corelibs-foundation#4795), so a test that starts the
# cluster through Process would hang. 255 is the descriptor bash reads this script from.
close_inherited_descriptors() {
  local fd
  for fd in $(ls /proc/$$/fd); do
    case $fd in 0 | 1 | 2 | 255) ;; *) eval "exec $fd>&-" 2>/dev/null || true ;; esac
  done
}

start() {
  close_inherited_descriptors
  mkdir -p "$STATE"/{spool,state,log}
  install_packages
  start_munge
  if ! alive "$STATE/slurmctld.pid" || ! alive "$STATE/slurmd.pid"; then
    write_config
    alive "$STATE/slurmctld.pid" || as_root env SLURM_CONF="$CONF" slurmctld -i >"$STATE/log/ctld.out" 2>&1 ||
      die "slurmctld did not start (see $STATE/log/slurmctld.log)"
    alive "$STATE/slurmd.pid" || as_root env SLURM_CONF="$CONF" slurmd -N localhost >"$STATE/log/d.out" 2>&1 ||
      die "slurmd did not start (see $STATE/log/slurmd.log)"
  fi
  wait_idle
  if [ "$(readlink "$LINK" 2>/dev/null)" != "$CONF" ]; then
    say "note: $LINK is not this cluster's configuration: export SLURM_CONF=$CONF before sbatch"
  fi
  say "up: node localhost ($(nproc) CPUs), state in $STATE (slurm.conf, *.pid, log/)"
}

stop_pid() { # name pidfile
  local pid
  alive "$2" || return 0
  pid=$(cat "$2")
  as_root kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do as_root kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  as_root kill -0 "$pid" 2>/dev/null && as_root kill -9 "$pid" 2>/dev/null || true
  say "stopped $1 (pid $pid)"
}

stop() {
  if alive "$STATE/slurmctld.pid"; then
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ' || true)
    [ -n "${jobs// /}" ] && { as_root scancel $jobs 2>/dev/null || true; }
  fi
  stop_pid slurmd "$STATE/slurmd.pid"
  stop_pid slurmctld "$STATE/slurmctld.pid"
  if [ -f "$STATE/munged.pid" ]; then
    stop_pid munged "$STATE/munged.pid"
    rm -f "$STATE/munged.pid"
  fi
  if [ -L "$LINK" ] && [ "$(readlink "$LINK")" = "$CONF" ]; then as_root rm -f "$LINK"; fi
}

status() {
  local d
  for d in slurmctld slurmd munged; do
    if alive "$STATE/$d.pid"; then say "$d running (pid $(cat "$STATE/$d.pid"))"; else say "$d not running (from $STATE)"; fi
  done
  if alive "$STATE/slurmctld.pid"; then
    sinfo || true
    squeue || true
  fi
  say "state in $STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status   (state in \${BOCA_SLURM_STATE:-/tmp/boca-slurm})" >&2
    exit 2
    ;;
esac
