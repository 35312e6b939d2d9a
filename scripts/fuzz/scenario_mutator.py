"""Structure-aware mutation of scenario trees, then of the written text.

A mutant is a seed tree with 1-4 tree operations (delete, duplicate or rename a key, swap two
values, a value of another type, an extreme number, a plausible value from elsewhere, hostile
text, a shared subtree written as an alias, deep nesting, an alias bomb) and sometimes one text
operation (control character, invalid UTF-8, BOM, truncation, tabs, a line deleted or doubled,
deep block nesting). Everything is drawn from the `random.Random` given, so a mutant is
reproducible from its seed.
"""

import copy

from request_size import scenario_is_large
from values import CONTROL_CHARACTERS, EXTREME_NUMBERS, HOSTILE_STRINGS, NUMBER_SPELLINGS
from yaml_emitter import DuplicateKey, Raw, emit


def _slots(tree):
    """Every (container, key) pair below the root, in document order (each container once:
    the alias operation can make the tree recursive, which PyYAML writes as a recursive alias)."""
    found = []
    seen = set()

    def walk(node):
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                return
            seen.add(id(node))
        if isinstance(node, dict):
            for key in list(node.keys()):
                found.append((node, key))
                walk(node[key])
        elif isinstance(node, list):
            for index in range(len(node)):
                found.append((node, index))
                walk(node[index])

    walk(tree)
    return found


def deep_flow(rng):
    depth = rng.choice([50, 500, 2000, 3000, 5000, 8000])
    if rng.random() < 0.5:
        return Raw("[" * depth + "]" * depth), "deep list %d" % depth
    return Raw("{a: " * depth + "1" + "}" * depth), "deep map %d" % depth


def alias_bomb(rng):
    levels, fan = rng.choice([(3, 10), (5, 10), (7, 10), (8, 10), (9, 10), (20, 2), (30, 2)])
    parts = ["b0: &b0 [%s]" % ", ".join(["x"] * fan)]
    for level in range(1, levels + 1):
        parts.append("b%d: &b%d [%s]" % (level, level, ", ".join(["*b%d" % (level - 1)] * fan)))
    return Raw("{" + ", ".join(parts) + "}"), "alias bomb %dx%d" % (levels, fan)


class ScenarioMutator:
    def __init__(self, seeds, keys, scalars):
        self.seeds = seeds
        self.keys = keys
        self.scalars = scalars

    def mutant(self, rng):
        """(seed name, list of operations, bytes of the file)."""
        name, seed = rng.choice(self.seeds)
        tree = copy.deepcopy(seed)
        operations = []
        for _ in range(rng.choice([1, 1, 1, 1, 2, 2, 3])):
            operations.append(self._tree_operation(rng, tree))
        self.last_large = scenario_is_large(tree)
        text = emit(tree)
        data = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.15:
            data, operation = self._text_operation(rng, data)
            operations.append(operation)
        return name, operations, data

    def _value(self, rng):
        roll = rng.random()
        if roll < 0.3:
            return rng.choice(EXTREME_NUMBERS)
        if roll < 0.45:
            return Raw(rng.choice(NUMBER_SPELLINGS))
        if roll < 0.6:
            return rng.choice(HOSTILE_STRINGS)
        if roll < 0.8:
            return rng.choice(self.scalars)
        return rng.choice([None, True, False, [], {}, [1, 2], {"x": 1}, "abc", [0.5], [[1]], {"": None}])

    def _tree_operation(self, rng, tree):
        slots = _slots(tree)
        if not slots:
            tree["x"] = 1
            return "add key"
        container, key = rng.choice(slots)
        value = container[key]
        kind = rng.choices(["delete", "duplicate", "rename", "swap", "value", "plausible", "scale", "alias", "copy",
                            "deep", "bomb", "list", "unicode"],
                           weights=[8, 3, 3, 6, 8, 10, 10, 3, 2, 1, 1, 3, 3])[0]
        label = "%s at %s" % (kind, key if isinstance(key, (str, int)) else "?")
        if kind == "delete":
            del container[key]
        elif kind == "duplicate" and isinstance(container, dict):
            container[DuplicateKey(key)] = self._value(rng) if rng.random() < 0.5 else copy.deepcopy(value)
        elif kind == "rename" and isinstance(container, dict):
            new = rng.choice(self.keys) if rng.random() < 0.7 else rng.choice(HOSTILE_STRINGS + [1, 2.5, None, True])
            items = [(new if k == key else k, v) for k, v in container.items()]
            container.clear()
            container.update(items)
            label += " -> %r" % (new,)
        elif kind == "swap":
            other, other_key = rng.choice(slots)
            try:
                container[key], other[other_key] = other[other_key], value
            except (KeyError, IndexError):
                pass
        elif kind == "scale" and isinstance(value, (int, float)) and not isinstance(value, bool):
            factor = rng.choice([-1, 0, 10, 1000, 1e6, 1e12, 1e-9, 2**32])
            container[key] = value * factor
            label += " x%r" % factor
        elif kind == "alias":
            # The same object in two places: PyYAML writes an anchor and an alias.
            other, other_key = rng.choice(slots)
            try:
                other[other_key] = value
            except (KeyError, IndexError):
                pass
        elif kind == "copy":
            other, _ = rng.choice(slots)
            container[key] = copy.deepcopy(other)
        elif kind == "plausible" and not isinstance(value, (dict, list)):
            # A value the seeds use somewhere, of the same type when there is one: names of
            # sides, layers and policies in the wrong place, numbers off by a scale.
            same = [x for x in self.scalars if type(x) is type(value) and x != value]
            container[key] = rng.choice(same or self.scalars)
            label += " -> %r" % (container[key],)
        elif kind == "deep":
            container[key], label = deep_flow(rng)
        elif kind == "bomb":
            container[key], label = alias_bomb(rng)
        elif kind == "list" and isinstance(value, list) and value:
            action = rng.choice(["drop", "double", "long", "empty"])
            if action == "drop":
                value.pop(rng.randrange(len(value)))
            elif action == "double":
                value.append(copy.deepcopy(rng.choice(value)))
            elif action == "long":
                value.extend([copy.deepcopy(value[0])] * 1000)
            else:
                value.clear()
            label += " " + action
        elif kind == "unicode":
            character = rng.choice(CONTROL_CHARACTERS + ["é", "🙂", "\u202e"])
            target = str(value) if not isinstance(value, (dict, list)) else "x"
            if rng.random() < 0.5:
                container[key] = Raw(target + character) if rng.random() < 0.5 else target + character
            else:
                container[key] = character + target
            label += " %r" % character
        else:
            container[key] = self._value(rng)
            label = "value at %s -> %r" % (key if isinstance(key, (str, int)) else "?",
                                            container[key].text if isinstance(container[key], Raw) else container[key])
        return label[:120]

    def _text_operation(self, rng, data):
        kind = rng.choice(["control", "utf8", "bom", "truncate", "tabs", "crlf", "drop-line", "double-line",
                           "deep-block", "nul"])
        position = rng.randrange(len(data) + 1)
        if kind == "control":
            data = data[:position] + rng.choice(CONTROL_CHARACTERS).encode("utf-8") + data[position:]
        elif kind == "utf8":
            data = data[:position] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xfe\xff", b"\x80"]) + data[position:]
        elif kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "truncate":
            data = data[:position]
        elif kind == "tabs":
            data = data.replace(b"\n  ", b"\n\t", 1 + rng.randrange(3))
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif kind in ("drop-line", "double-line"):
            lines = data.split(b"\n")
            index = rng.randrange(len(lines))
            if kind == "drop-line":
                del lines[index]
            else:
                lines.insert(index, lines[index])
            data = b"\n".join(lines)
        elif kind == "deep-block":
            depth = rng.choice([100, 500, 1500])
            block = b"".join(b" " * level + b"k:\n" for level in range(1, depth)) + b" " * depth + b"1\n"
            data = data + b"extra:\n" + block
            kind += " %d" % depth
        else:
            data = data[:position] + b"\x00" + data[position:]
        return data, "text " + kind
