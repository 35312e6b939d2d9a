"""Runs one `boca` command under a wall-clock limit and an address-space cap.

The limits come from the shell (`ulimit -v`, `ulimit -f`, no core files, SIGXFSZ ignored so an
over-size write is an error Boca must report rather than a signal), then `exec` the binary, so a
signal that ends Boca is the process's own. A command still running at the limit is killed with
its process group.
"""

import os
import signal
import subprocess
import time

WRAPPER = 'ulimit -v "$1"; ulimit -f "$2"; ulimit -c 0; trap "" XFSZ; shift 2; exec "$@"'


class Result:
    def __init__(self, argv, returncode, stdout, stderr, timed_out, seconds):
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out
        self.seconds = seconds


def run(binary, argv, cwd, timeout_s, memory_mb, file_mb=256):
    command = ["/bin/sh", "-c", WRAPPER, "sh", str(memory_mb * 1024), str(file_mb * 2048), binary] + argv
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    timed_out = False
    try:
        out, err = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = process.communicate()
    return Result(argv, process.returncode, _clip(out), _clip(err), timed_out, time.monotonic() - started)


def _clip(data, head=65536, tail=8192):
    """The start (where the error and its location are) and the end (a crash's last words)."""
    return data if len(data) <= head + tail else data[:head] + b"\n...\n" + data[-tail:]
