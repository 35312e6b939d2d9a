"""Boca's fuzzing harness: mutate scenarios, tables and command-line values, run boca under
limits, classify, keep a corpus of distinct failures, print a summary table.

  python3 scripts/fuzz/main.py [--scenarios N] [--tables N] [--cli N] [--seed S] [--jobs J]
                               [--replay DIR] [--save-corpus DIR] [--check] [--report FILE]

Everything is reproducible from --seed: mutant i of part P is drawn from Random("S:P:i").
See docs/fuzzing.md.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import random
import re
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the project
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import case_runner  # noqa: E402
import corpus  # noqa: E402
import outcome  # noqa: E402
import request_size  # noqa: E402
import scenario_mutator  # noqa: E402
import seeds as scenario_seeds  # noqa: E402
import table_mutator  # noqa: E402
from command_mutator import CommandMutator  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SCENARIO_COMMANDS = [["validate", "scenario.yaml"], ["run", "scenario.yaml", "--out", "out", "--quiet", "--threads", "1"]]
# A fit scenario (a top-level `fits:` list, docs/calibration.md) is checked by validate, then run by `boca fit`.
FIT_COMMANDS = [["validate", "scenario.yaml"], ["fit", "scenario.yaml", "--out", "out", "--quiet", "--threads", "1"]]


def make_cases(args):
    """(part, description, files, commands) for each fresh mutant, drawn lazily."""
    seeds = scenario_seeds.load(ROOT)
    keys, scalars = scenario_seeds.vocabulary(seeds)
    scenarios = scenario_mutator.ScenarioMutator(seeds, keys, scalars)
    tables = table_mutator.TableMutator(table_mutator.load(ROOT))
    commands = CommandMutator()
    if args.pick:
        for pick in args.pick:
            part, index = pick.split(":")
            yield from make_one(args.seed, part, int(index), scenarios, tables, commands)
        return
    for part, count in (("scenarios", args.scenarios), ("tables", args.tables), ("cli", args.cli)):
        for index in range(count):
            yield from make_one(args.seed, part, index, scenarios, tables, commands)


def make_one(seed, part, index, scenarios, tables, commands):
    rng = random.Random("%d:%s:%d" % (seed, part, index))
    made = {"seed": seed, "index": index}
    if part == "scenarios":
        name, made["operations"], data = scenarios.mutant(rng)
        made["from"] = name
        made["large"] = scenarios.last_large
        fit = re.search(rb"^fits\s*:", data, re.M) is not None
        yield part, made, {"scenario.yaml": data}, FIT_COMMANDS if fit else SCENARIO_COMMANDS
    elif part == "tables":
        made["operations"], files, argvs = tables.mutant(rng)
        yield part, made, files, argvs
    else:
        made["operations"], argv = commands.mutant(rng)
        made["large"] = request_size.command_is_large(argv)
        yield part, made, {}, [argv]


def replay_cases(directory):
    for folder, record, files in corpus.load(directory):
        made = dict(record.get("made_by", {}), case=os.path.relpath(folder, ROOT), was=record.get("found"))
        yield record["part"], made, files, record["commands"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=int, default=0)
    parser.add_argument("--tables", type=int, default=0)
    parser.add_argument("--cli", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per command")
    parser.add_argument("--memory", type=int, default=1536, help="address-space cap per command, MiB")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "boca"))
    parser.add_argument("--pick", action="append", metavar="PART:INDEX",
                        help="only mutant INDEX of PART (scenarios, tables, cli) of --seed; repeatable")
    parser.add_argument("--write", metavar="DIR", help="with --pick: also write the mutants' files to DIR")
    parser.add_argument("--replay", help="replay the corpus in DIR (e.g. Tests/Fixtures/fuzz)")
    parser.add_argument("--save-corpus", help="save each new distinct failure under DIR")
    parser.add_argument("--corpus-limit", type=int, default=12, help="cases saved per part and class")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 on a signal, timeout, over-memory or unlocated disagreement, or on "
                             "disagreements above 1%% of accepted inputs; with --replay, on any failing case")
    parser.add_argument("--report", help="write every failure as JSON to FILE")
    args = parser.parse_args()
    args.binary = os.path.abspath(args.binary)  # the commands run in a folder of their own
    if not os.access(args.binary, os.X_OK) or subprocess.run([args.binary, "--version"], capture_output=True).returncode:
        sys.exit("fuzz: no working boca binary at %s (swift build -c release --product boca, or --binary)" % args.binary)
    limits = {"timeout": args.timeout, "memory": args.memory}
    cases = replay_cases(args.replay) if args.replay else make_cases(args)
    if args.write:
        cases = list(cases)
        for part, made, files, commands in cases:
            folder = os.path.join(args.write, "%s-%s" % (part, made.get("index")))
            os.makedirs(folder, exist_ok=True)
            for name, data in files.items():
                with open(os.path.join(folder, name), "wb") as handle:
                    handle.write(data)
            with open(os.path.join(folder, "commands.json"), "w", encoding="utf-8") as handle:
                json.dump({"made_by": made, "commands": commands}, handle, indent=1)

    counts = collections.defaultdict(collections.Counter)
    distinct = collections.OrderedDict()
    failures = []
    saved = collections.Counter()
    started = time.monotonic()

    def one(case):
        part, made, files, commands = case
        return case, case_runner.execute(args.binary, ROOT, files, commands, limits, part)

    done = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        pending = set()
        iterator = iter(cases)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < args.jobs * 4:
                try:
                    pending.add(pool.submit(one, next(iterator)))
                except StopIteration:
                    exhausted = True
            finished, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                (part, made, files, commands), found = future.result()
                if found.cls == "timeout" and made.get("large"):
                    found.cls = "slow"  # a timeout on a request for a lot of work (request_size.py)
                done += 1
                counts[part]["inputs"] += 1
                counts[part][found.cls] += 1
                if found.stage > 0 or len(commands) > 1 and found.cls == "ok":
                    counts[part]["accepted"] += 1  # the checking command (validate, graph stats) accepted
                if found.cls not in corpus.PASSING:
                    sig = outcome.signature(found.result, made.get("operations", []))
                    msg = outcome.message(found.result)
                    key = (part, found.cls, sig)
                    entry = distinct.setdefault(key, {"part": part, "class": found.cls, "signature": sig,
                                                      "message": msg, "count": 0, "example": made,
                                                      "detail": found.detail, "stage": found.stage})
                    entry["count"] += 1
                    where = made.get("case") or "--seed %s --pick %s:%s" % (made.get("seed"), part, made.get("index"))
                    failures.append({"part": part, "class": found.cls, "detail": found.detail, "message": msg,
                                     "where": where, "made_by": made})
                    if args.save_corpus and entry["count"] == 1 and saved[(part, found.cls)] < args.corpus_limit:
                        saved[(part, found.cls)] += 1
                        entry["saved"] = os.path.relpath(
                            corpus.save(args.save_corpus, part, made, files, commands, found, sig, msg), ROOT)
                if done % 500 == 0:
                    print("fuzz: %d cases, %.0f s" % (done, time.monotonic() - started), file=sys.stderr, flush=True)

    seconds = time.monotonic() - started
    print_table(counts, seconds)
    print_distinct(distinct)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump({"counts": counts, "seconds": seconds, "distinct": list(distinct.values()),
                       "failures": failures}, handle, indent=1)
    if args.check and not passes(args, counts, failures):
        sys.exit(1)


def passes(args, counts, failures):
    if args.replay:
        return not failures
    for failure in failures:
        if failure["class"] in ("signal", "timeout", "over-memory"):
            return False
        if failure["class"] == "disagreement" and failure["detail"] != "located":
            return False
    for part, counter in counts.items():
        if counter["disagreement"] > 0.01 * max(1, counter["accepted"]):
            return False
    return True


def print_table(counts, seconds):
    columns = ["inputs"] + outcome.CLASSES
    print("| part | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    total = collections.Counter()
    for part in ("scenarios", "tables", "cli"):
        if part in counts:
            total.update(counts[part])
            print("| %s | " % part + " | ".join(str(counts[part][c]) for c in columns) + " |")
    print("| all | " + " | ".join(str(total[c]) for c in columns) + " |")
    accepted = counts.get("scenarios", {}).get("accepted", 0)
    if accepted:
        print("scenarios validate accepted: %d; run agreed (ran): %d (%.1f%%)" % (
            accepted, counts["scenarios"]["ok"], 100.0 * counts["scenarios"]["ok"] / accepted))
    print("time: %.0f s" % seconds)


def print_distinct(distinct):
    if not distinct:
        print("distinct failures: none")
        return
    print("distinct failures (part, class, count, message, example):")
    for entry in distinct.values():
        example = entry["example"]
        where = example.get("case") or "seed %s index %s" % (example.get("seed"), example.get("index"))
        print("- %s %s x%d: %s  [%s; %s]" % (entry["part"], entry["class"], entry["count"], entry["message"][:200],
                                            where, "; ".join(example.get("operations", []))[:200]))


if __name__ == "__main__":
    main()
