"""Hostile values shared by the scenario, table and command-line mutators."""

import math

# Numbers at and past the edges of what Boca's fields hold (Int, UInt32, Double).
EXTREME_NUMBERS = [
    0, -1, 1, 2, -0.0, 0.5, 1e-308, 5e-324, 1e308, -1e308, 1e19, 1e10,
    2**31, 2**32, 2**32 - 1, 2**63 - 1, 2**63, 2**64, -(2**63), 10**30,
    float("nan"), float("inf"), float("-inf"), 4294967296, 100000000,
]

# Spellings a YAML or CSV reader may take for numbers, or refuse.
NUMBER_SPELLINGS = [
    "1e19", "1e308", "-1e308", "1e-308", "18446744073709551616", "9223372036854775808",
    "-9223372036854775809", "0x1F", "0o17", "1_000", ".inf", "-.inf", ".nan", "NaN", "inf",
    "-0", "+5", "5.", ".5", "1e", "--1", "0.1.2", "3,5", "٣", "１２",
]

# Text that is hard to print, read or echo back.
HOSTILE_STRINGS = [
    "", " ", "\t", "é", "ñandú", "名前", "🙂", "e\u0301", "\u202eabc", "\u200b", "a\u0000b",
    "\u0007bell", "\u001b[31mred", "line\nbreak", "cr\rlf", "'quote", '"dq', "a,b", "a:b",
    "- x", "#hash", "&anchor", "*alias", "!tag", "%pct", "@at", "`tick", "{}", "[]",
    "null", "~", "true", "no", "yes", "on", "off", "x" * 300, "y" * 20000,
]

# Control characters (and invisible ones) to splice into keys, values and files.
CONTROL_CHARACTERS = ["\u0000", "\u0001", "\u0007", "\u0008", "\u000b", "\u000c", "\u001b", "\u007f",
                      "\u0085", "\u00a0", "\u2028", "\ufeff"]


def is_nan(value):
    return isinstance(value, float) and math.isnan(value)


def number_text(value):
    """A number as a YAML scalar or a CSV cell writes it (PyYAML spelling for floats)."""
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    return str(value)
