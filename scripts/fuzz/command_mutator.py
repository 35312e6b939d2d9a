"""Mutation of command-line values for `simulate`, `seeds`, `graph generate` and `run`.

Each mutant takes a working command on a small graph (or the small quickstart scenario) and
replaces 1-2 option values with hostile ones (extremes, NaN, negative, spellings, text).
"""

from values import EXTREME_NUMBERS, HOSTILE_STRINGS, NUMBER_SPELLINGS, number_text

BASES = {
    "simulate": (["simulate", "--model", "ic", "--edges", "{fixtures}/graph.edges", "--seed-nodes", "0"],
                 {"--replicates": "5", "--steps": "5", "--p": "0.1", "--rng-seed": "1", "--threads": "1",
                  "--param": "p=0.1"}),
    "simulate-sir": (["simulate", "--model", "sir", "--edges", "{fixtures}/graph.edges", "--seed-nodes", "0,1"],
                     {"--replicates": "5", "--steps": "5", "--time": "discrete", "--param": "beta=0.3"}),
    "seeds": (["seeds", "--edges", "{fixtures}/graph.edges"],
              {"--policy": "imm", "--k": "3", "--p": "0.1", "--rng-seed": "1", "--replicates": "10",
               "--epsilon": "0.5", "--schedule": "certified", "--direction": "out"}),
    "generate": (["graph", "generate", "--out", "{dir}/out.edges"], {"--gen": "er:50:0.1", "--seed": "1"}),
    "run": (["run", "{fixtures}/scenario.yaml", "--out", "{dir}/run", "--quiet"], {"--threads": "1", "--shard": "1/1"}),
}

GENERATOR_FORMS = ["er:{n}:{p}", "ba:{n}:{m}", "ws:{n}:{k}:{p}"]


def _hostile(rng):
    roll = rng.random()
    if roll < 0.45:
        return number_text(rng.choice(EXTREME_NUMBERS)).replace(".nan", "nan").replace(".inf", "inf")
    if roll < 0.75:
        return rng.choice(NUMBER_SPELLINGS + ["-0.1", "-1", "0", "1/0", "0/0", "3/2", "0/1", "-1/2", "2/1", "1/-1"])
    return rng.choice([s for s in HOSTILE_STRINGS if "\u0000" not in s])


class CommandMutator:
    def mutant(self, rng):
        """(operations, argv using {dir} and {fixtures})."""
        base_name = rng.choice(sorted(BASES))
        argv, options = BASES[base_name]
        options = dict(options)
        operations = []
        for _ in range(rng.choice([1, 1, 2])):
            option = rng.choice(sorted(options))
            if option == "--gen":
                form = rng.choice(GENERATOR_FORMS)
                fields = {"n": "50", "p": "0.1", "m": "2", "k": "4"}
                fields[rng.choice(sorted(fields))] = _hostile(rng)
                value = form.format(**fields)
            elif option == "--param":
                value = rng.choice(["p", "beta", "gamma", "q", "zzz", ""]) + "=" + _hostile(rng)
            elif option == "--shard":
                value = rng.choice(["{}/1", "1/{}", "{}/{}", "{}"]).format(_hostile(rng), _hostile(rng))
            else:
                value = _hostile(rng)
            options[option] = value
            operations.append("%s %s %r" % (base_name, option, value[:60]))
        full = list(argv)
        for option, value in options.items():
            full += [option, value]
        return operations, full
