"""Writes a mutated scenario tree as YAML, with the constructs PyYAML would not write itself.

`Raw(text)` is spliced into the output verbatim (deep nesting, alias bombs, undefined aliases,
number spellings, raw control characters); `DuplicateKey(key)` writes a key a second time in
the same mapping. Python objects shared by two places are written as an anchor and an alias.
"""

import yaml


class Raw:
    def __init__(self, text):
        self.text = text


class DuplicateKey:
    """A mapping key equal to `key` once written, but distinct from it in the Python dict."""

    def __init__(self, key):
        self.key = key


class _Dumper(yaml.SafeDumper):
    pass


def _represent_raw(dumper, raw):
    token = "RAWTOKEN%dEND" % len(dumper.raw_texts)
    dumper.raw_texts.append(raw.text)
    return dumper.represent_scalar("tag:yaml.org,2002:str", token)


def _represent_duplicate(dumper, key):
    return dumper.represent_data(key.key)


_Dumper.add_representer(Raw, _represent_raw)
_Dumper.add_representer(DuplicateKey, _represent_duplicate)


def emit(tree):
    """The YAML text of `tree` (a str; may hold characters that are not valid in YAML)."""
    raw_texts = []

    class Dumper(_Dumper):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.raw_texts = raw_texts

    text = yaml.dump(tree, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1 << 20,
                     default_flow_style=None)
    for index, raw in enumerate(raw_texts):
        text = text.replace("RAWTOKEN%dEND" % index, raw, 1)
    return text
