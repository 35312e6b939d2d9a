"""Whether a mutant asks for a lot of work: then a timeout is "slow" (long by request), not a hang.

A scenario is large when a node count, replicate count, step count, seed count or BA m is above
100,000, or a list (a sweep's values, an arm's actions) holds more than 100 items; a command line
when --replicates, --steps or --k, or the N of a --gen form, is above 100,000. Running out of the
memory cap is a failure either way: the right answer to a request that will not fit is a refusal.
"""

import math
import re

WORK_KEYS = {"count", "replicates", "steps", "k", "m"}
LIMIT = 100000
LONGEST_LIST = 100


def _big(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return math.isnan(value) or value > LIMIT
    if isinstance(value, str):
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            return False
        return math.isnan(number) or number > LIMIT
    return False


def scenario_is_large(tree):
    seen = set()

    def walk(node):
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                return False
            seen.add(id(node))
        if isinstance(node, dict):
            for key, value in node.items():
                name = getattr(key, "key", key)
                if name in WORK_KEYS and _big(getattr(value, "text", value)):
                    return True
                if walk(value):
                    return True
        elif isinstance(node, list):
            return len(node) > LONGEST_LIST or any(walk(value) for value in node)
        return False

    return walk(tree)


def command_is_large(argv):
    for option, value in zip(argv, argv[1:]):
        if option in ("--replicates", "--steps", "--k") and _big(value):
            return True
        if option == "--gen":
            fields = re.split(r":", value)
            if len(fields) > 1 and _big(fields[1]):
                return True
    return False
