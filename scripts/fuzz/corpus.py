"""The regression corpus: one folder per distinct failure under Tests/Fixtures/fuzz/<part>/.

A case folder holds the input files as the fuzzer wrote them and case.json: the commands (with
{dir} for the case folder and {fixtures} for Tests/Fixtures/fuzz/cli), the class and message
found when it was saved, and how it was made (seed, index, operations). A case passes when it
ends ok or with a located refusal: no signal, no timeout, no over-memory, no disagreement.
"""

import hashlib
import json
import os

PASSING = ("ok", "located", "slow")


def case_id(part, cls, signature, files, commands):
    digest = hashlib.sha1(("%s|%s|%s|%r" % (part, cls, signature, commands)).encode())
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name])
    return "%s-%s" % (cls, digest.hexdigest()[:10])


def save(directory, part, case, files, commands, found, sig, msg):
    folder = os.path.join(directory, part, case_id(part, found.cls, sig, files, commands))
    if os.path.exists(folder):
        return folder
    os.makedirs(folder)
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(data)
    record = {
        "part": part,
        "found": found.cls,
        "stage": commands[found.stage][0] if commands[found.stage][0] != "graph" else " ".join(commands[found.stage][:2]),
        "signature": sig,
        "message": msg,
        "made_by": case,
        "commands": commands,
        "files": sorted(files),
        "expected": "ok or a located refusal; no signal, timeout, over-memory or disagreement",
    }
    with open(os.path.join(folder, "case.json"), "w", encoding="utf-8") as handle:
        json.dump(record, handle, indent=1, ensure_ascii=True)
        handle.write("\n")
    return folder


def load(directory):
    """(folder, record, files) for every case under `directory`, sorted."""
    cases = []
    for part in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
        base = os.path.join(directory, part)
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            folder = os.path.join(base, name)
            path = os.path.join(folder, "case.json")
            if not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as handle:
                record = json.load(handle)
            files = {}
            for file_name in record["files"]:
                with open(os.path.join(folder, file_name), "rb") as handle:
                    files[file_name] = handle.read()
            cases.append((folder, record, files))
    return cases
