"""Seed scenarios for the mutator: the project's scenarios made small, plus hand-written ones
that reach the generators, models, campaigns and sweeps the project scenarios do not."""

import copy
import glob
import os

import yaml

# Small scenarios that exercise what scenarios/*.yaml leave out (all valid on main).
GENERATED = [
    """
name: gen-bipartite
seed: 2
replicates: 2
steps: 5
graph:
  sides: {buyer: {count: 25}, seller: {count: 10}}
  layers:
    market: {generate: {bipartite: {sides: [buyer, seller], degree: {buyer: {poisson: [2]}, seller: 3}}}}
model: {name: wom, p: 0.01, q: 0.2, chi: 2}
seeds: {policy: random, k: 2, side: seller}
""",
    """
name: gen-ws-sir
seed: 3
replicates: 3
steps: 6
graph:
  sides: {people: {count: 40}}
  layers:
    contact: {generate: {ws: {k: 4, p: 0.2}}}
    online: {generate: {er: {p: 0.05}}, overlap_with: contact, overlap: 0.5, directed: false, strength: 0.5}
model: {name: sir, beta: 0.3, gamma: 0.1}
seeds: {policy: degree, k: 3}
""",
    """
name: gen-lt-sweep
seed: 4
replicates: 2
graph:
  sides: {a: {count: 30, activity: {uniform: [0, 1]}}, b: {count: 20}}
  layers:
    l1: {generate: {sbm: {mixing: {a: {a: 0.1, b: 0.05}, b: {b: 0.2}}}}}
    l2: {generate: {ba: {m: 2}}, sides: [a, b]}
model: {name: lt}
seeds: {policy: degree, k: 4}
sweep:
  design: grid
  seeds.k: [1, 2]
  graph.sides.b.count: [10, 20]
""",
    """
name: gen-campaigns
seed: 5
replicates: 2
steps: 8
graph:
  replicate: true
  seed: 9
  sides:
    consumer: {count: 40, activity: {beta: [2, 8]}, credibility: {beta: [5, 5]}}
    brand: {count: 1, activity: 1.0, credibility: 0.2}
    employee: {count: 6, activity: 0.5, credibility: 0.8}
  layers:
    social: {generate: {ba: {m: 2}}}
model: {name: wom, q: 0.3, C0: 0.5, gain: 0.02, loss: 0.05, eps: 0.02, mu: 0.5, f: 0.05}
seeds: {k: 0}
arms:
  none: {}
  ads:
    - {broadcast: {from: brand, layer: social, to: [consumer], reach: 0.3, persuasion: 0.2, every: 1, start: 0, end: 4, cost_per_impression: 0.1}}
  staff:
    - {advocacy: {side: employee, fraction: 0.5, start: 0, end: 4, cost_per_employee_week: 2.0}}
  drip:
    - {seed: {policy: random, side: consumer, budget: 4, every: 2, end: 6, cost_per_seed: {consumer: 1}}}
  compare_to: none
outputs: {timeseries: true, timeseries_every: 2}
""",
]


def _shrink(tree):
    """Keep the structure, cut the work: few replicates and steps, small sides, short sweeps."""
    if not isinstance(tree, dict):
        return tree
    if isinstance(tree.get("replicates"), int):
        tree["replicates"] = min(tree["replicates"], 3)
    if isinstance(tree.get("steps"), int):
        tree["steps"] = min(tree["steps"], 8)
    sides = (tree.get("graph") or {}).get("sides") or {}
    for side in sides.values():
        if isinstance(side, dict) and isinstance(side.get("count"), int):
            side["count"] = min(side["count"], 60)
    predictive = tree.get("predictive")
    if isinstance(predictive, dict) and isinstance(predictive.get("simulations"), int):
        predictive["simulations"] = min(predictive["simulations"], 20)
    for fit in tree.get("fits") or []:
        # ABC-SMC entries: a few small generations (the shipped ones take a minute or more).
        if isinstance(fit, dict) and fit.get("method") == "abc-smc":
            for key, cap in (("particles", 20), ("generations", 2), ("replicates", 1), ("predictive_draws", 10)):
                fit[key] = min(fit[key], cap) if isinstance(fit.get(key), int) else cap
    sweep = tree.get("sweep")
    if isinstance(sweep, dict):
        for key, value in list(sweep.items()):
            if isinstance(value, list):
                sweep[key] = value[:2]
            if key.startswith("graph.sides.") and isinstance(value, list):
                sweep[key] = [min(v, 60) if isinstance(v, int) else v for v in sweep[key]]
    return tree


def load(root):
    """The seed trees: (name, tree) pairs, deep-copied by the caller before mutation."""
    seeds = []
    for path in sorted(glob.glob(os.path.join(root, "scenarios", "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            seeds.append((os.path.basename(path), _shrink(yaml.safe_load(handle))))
    for index, text in enumerate(GENERATED):
        seeds.append(("generated-%d" % index, yaml.safe_load(text)))
    return seeds


def vocabulary(seeds):
    """Every key and scalar the seeds use, for structure-aware replacement."""
    keys, scalars = set(), set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                keys.add(key)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif node is not None:
            scalars.add(node)

    for _, tree in seeds:
        walk(copy.deepcopy(tree))
    return sorted(keys, key=str), sorted(scalars, key=repr)
