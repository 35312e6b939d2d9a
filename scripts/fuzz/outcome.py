"""Classifies a command's result and gives a failure a signature for de-duplication.

Classes: ok, located (a refusal naming file:line[:column], a byte offset, or for command-line
values the option), unlocated (a refusal without one), disagreement (the checking command - validate,
or graph stats for tables - accepted and the next one refused), signal (Boca died of a signal:
a trap or a crash), timeout (killed at the wall-clock limit), over-memory (an allocation refused
under the address-space cap: SIGABRT with no Swift "Fatal error", or an allocation failure message).
"""

import re
import signal

CLASSES = ["ok", "located", "slow", "unlocated", "disagreement", "signal", "timeout", "over-memory"]
FAILURES = ["unlocated", "disagreement", "signal", "timeout", "over-memory"]

_FILE_LOCATION = re.compile(r"[\w./~+-]*\.(?:ya?ml|csv|edges|txt|tsv)(?::\d+)+|\b(?:byte|offset)s? \d+|\bline \d+")
_ALLOCATION = re.compile(r"failed to allocate|unable to allocate|could not allocate|cannot allocate|out of memory|bad_alloc", re.I)


def _text(data):
    return data.decode("utf-8", "replace")


def kind(result, option_names=()):
    """ok, located, unlocated, signal, timeout or over-memory for one command."""
    if result.timed_out:
        return "timeout"
    stderr = _text(result.stderr)
    if result.returncode < 0:
        number = -result.returncode
        if _ALLOCATION.search(stderr) or (number == signal.SIGABRT and "Fatal error" not in stderr) \
                or number == signal.SIGKILL:
            return "over-memory"
        return "signal"
    if result.returncode == 0:
        return "ok"
    if _ALLOCATION.search(stderr):
        return "over-memory"
    if _FILE_LOCATION.search(stderr):
        return "located"
    if any(name in stderr for name in option_names):
        return "located"
    return "unlocated"


_FRAME = re.compile(r"^\s*\d+ (?:\[[^\]]*\] )*\s*0x[0-9a-f]+ (.+?)(?: \+ \d+)? in \S+ at (/\S+)")


def top_frame(stderr):
    """The crashed thread's first frame in the project's or a package's code: 'Type.f() (File.swift:12)'."""
    for line in stderr.splitlines():
        match = _FRAME.match(line)
        if match and "[system]" not in line and "<compiler-generated>" not in match.group(2):
            function = re.sub(r"\(.*", "()", match.group(1).replace("specialized ", ""))
            return "%s (%s)" % (function, match.group(2).rsplit("/", 1)[-1])
    return None


def message(result):
    """The line that says what went wrong (a crash's reason and top frame, else the first problem)."""
    stderr = _text(result.stderr)
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if result.returncode < 0 and not result.timed_out:
        reason = next((line for line in lines if "Fatal error" in line or "runtime failure" in line), None)
        if reason is None:
            try:
                reason = "killed by %s" % signal.Signals(-result.returncode).name
            except ValueError:
                reason = "killed by signal %d" % -result.returncode
        frame = top_frame(stderr)
        return (reason.strip("* ") + (" in " + frame if frame else ""))[:300]
    for index, line in enumerate(lines):
        if line.startswith("Error:") and line.endswith(":") and index + 1 < len(lines):
            return lines[index + 1][:300]
        if line.startswith("Error:"):
            return line[:300]
    if result.timed_out:
        return "killed at the time limit"
    return (lines[0] if lines else "(no message)")[:300]


def signature(result, operations):
    """A normalised message: paths, quoted values and numbers stripped."""
    text = message(result)
    if result.timed_out or text == "(no message)" or text.startswith("killed by") and " in " not in text:
        text = text + " after " + " + ".join(sorted({re.sub(r"\s.*", "", op) for op in operations}))
    text = re.sub(r"[\w./~+-]*\.(?:ya?ml|csv|edges|txt|tsv)(?::\d+)*:?", "FILE", text)
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)
    text = re.sub(r"/[\w./+-]+", "PATH", text)
    text = re.sub(r"-?\d+(\.\d+)?(e[-+]?\d+)?", "#", text)
    return re.sub(r"\s+", " ", text).strip()[:160]
