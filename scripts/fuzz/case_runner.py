"""Runs one fuzz case - input files plus the commands that read them - and classifies it.

The commands run in order in a fresh folder holding the files (and `data`, a link to the
project's scenarios/data, so scenario mutants can load the real tables); the first refusal ends
the case. A refusal after an earlier command accepted the same input is a disagreement: `run`
refusing what `validate` accepted, or a model refusing a table `graph stats` read.
"""

import os
import shutil
import tempfile

import limited_run
import outcome


class CaseResult:
    def __init__(self, cls, stage, detail, result):
        self.cls = cls
        self.stage = stage
        self.detail = detail  # the refusing command's own kind (located/unlocated) for disagreements
        self.result = result


def _expand(argv, fixtures):
    return [a.replace("{dir}", ".").replace("{fixtures}", fixtures) for a in argv]


def execute(binary, root, files, commands, limits, part, scratch=None):
    fixtures = os.path.join(root, "Tests", "Fixtures", "fuzz", "cli")
    folder = tempfile.mkdtemp(prefix="boca-fuzz-", dir=scratch)
    try:
        os.symlink(os.path.join(root, "scenarios", "data"), os.path.join(folder, "data"))
        for name, data in files.items():
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(data)
        last = None
        for stage, argv in enumerate(commands):
            # A refusal of a command-line value is located when it names the option (or the
            # model parameter, or quotes the value); a refusal of a file must give file:line.
            names = ()
            if part == "cli" or stage > 0:
                names = [a for a in argv if a.startswith("--")] + ["parameter '"]
                names += ["'%s'" % a for a in argv[1:] if len(a) > 1 and not a.startswith("--")]
            result = limited_run.run(binary, _expand(argv, fixtures), folder, limits["timeout"], limits["memory"])
            kind = outcome.kind(result, names)
            last = result
            if kind == "ok":
                continue
            if kind in ("located", "unlocated") and stage > 0:
                return CaseResult("disagreement", stage, kind, result)
            return CaseResult(kind, stage, kind, result)
        return CaseResult("ok", len(commands) - 1, "ok", last)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
