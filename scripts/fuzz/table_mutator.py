"""Mutation of node tables, edge tables and SNAP edge lists, row by row and cell by cell.

A seed is a small consistent graph (a slice of scenarios/data and of the peer-benchmark edge
list, or a generated layered table with weights); a mutant changes 1-3 cells, rows, columns or
header names and sometimes bytes (BOM, CRLF, invalid UTF-8, NUL, truncation, a 100,000-character
line). The command that reads it is drawn too: `graph stats`, then `seeds` or `simulate`.
"""

import csv
import io
import os

from values import CONTROL_CHARACTERS, EXTREME_NUMBERS, HOSTILE_STRINGS, NUMBER_SPELLINGS, number_text

POLICIES = ["random", "degree", "pagerank", "kcore", "single-discount", "degree-discount", "celf", "imm", "diverse"]
MODELS = [["ic", "--p", "0.1"], ["lt"], ["threshold", "--param", "theta=2"], ["icn", "--p", "0.1", "--param", "q_quality=0.8"],
          ["competing-ic", "--param", "p_a=0.1", "--param", "p_b=0.1", "--param", "seeds_b={id}"],
          ["bass", "--p", "0.01", "--param", "q=0.3"], ["wom", "--param", "q=0.3"],
          ["sir", "--param", "beta=0.3", "--param", "gamma=0.1"], ["sis", "--param", "beta=0.3", "--param", "gamma=0.1"]]


def _read_rows(path, limit=None):
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows if limit is None else rows[:limit]


def _table_seed(root, folder, keep):
    nodes = _read_rows(os.path.join(root, "scenarios", "data", folder, "nodes.csv"))
    kept = nodes[: keep + 1]
    ids = {row[0] for row in kept[1:]}
    edges = [row for row in _read_rows(os.path.join(root, "scenarios", "data", folder, "edges.csv"))
             if row[0] == "source" or (row[0] in ids and row[1] in ids)]
    return {"kind": "tables", "nodes": kept, "edges": edges, "side_column": "group", "id": kept[1][0]}


def load(root):
    seeds = [_table_seed(root, "medical-innovation", 60), _table_seed(root, "brazilian-farmers", 80)]
    with open(os.path.join(root, "Tests", "Fixtures", "peers", "ba_10000_3_seed1.edges"), encoding="utf-8") as h:
        lines = [line.rstrip("\n") for line in h]
    small = lines[:2] + [line for line in lines[2:] if all(int(x) < 60 for x in line.split())]
    seeds.append({"kind": "edgelist", "lines": small, "id": "0"})
    weighted = [["source", "target", "layer", "weight"]]
    for i in range(30):
        weighted.append([str(i), str((i * 7 + 3) % 30), "a" if i % 3 else "b", "%.2f" % (0.1 + (i % 9) / 10)])
    seeds.append({"kind": "edgetable", "edges": weighted, "id": "0"})
    return seeds


def _csv_text(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


class TableMutator:
    def __init__(self, seeds):
        self.seeds = seeds

    def _cell(self, rng):
        roll = rng.random()
        if roll < 0.35:
            return number_text(rng.choice(EXTREME_NUMBERS))
        if roll < 0.55:
            return rng.choice(NUMBER_SPELLINGS)
        if roll < 0.85:
            return rng.choice(HOSTILE_STRINGS)
        return rng.choice(CONTROL_CHARACTERS) + rng.choice(["1", "a", ""])

    def _mutate_rows(self, rng, rows, operations, name):
        kind = rng.choice(["cell", "cell", "cell", "drop-row", "double-row", "swap-rows", "drop-column",
                           "double-column", "header", "extra-cell", "short-row", "self-loop", "quote", "blank",
                           "long"])
        if not rows:
            rows.append([])
        r = rng.randrange(len(rows))
        c = rng.randrange(max(1, len(rows[r])))
        if kind == "cell" and rows[r]:
            rows[r][c] = self._cell(rng)
            kind += " %r" % rows[r][c][:40]
        elif kind == "drop-row":
            del rows[r]
        elif kind == "double-row":
            rows.insert(r, list(rows[r]))
        elif kind == "swap-rows":
            s = rng.randrange(len(rows))
            rows[r], rows[s] = rows[s], rows[r]
        elif kind == "drop-column":
            for row in rows:
                if c < len(row):
                    del row[c]
        elif kind == "double-column":
            for row in rows:
                if c < len(row):
                    row.insert(c, row[c])
        elif kind == "header" and rows[0]:
            rows[0][rng.randrange(len(rows[0]))] = rng.choice(["node", "source", "target", "layer", "weight", "group", "", "Source", "x",
                                     "node ", "\ufeffnode", "weight\u0000"])
        elif kind == "extra-cell":
            rows[r].append(self._cell(rng))
        elif kind == "short-row" and rows[r]:
            rows[r].pop()
        elif kind == "self-loop" and len(rows[r]) > 1:
            rows[r][1] = rows[r][0]
        elif kind == "quote" and rows[r]:
            rows[r][c] = rng.choice(['a"b', '"', 'x\ny', "1,2", '""'])
        elif kind == "blank":
            rows.insert(r, [])
        elif kind == "long" and rows[r]:
            rows[r][c] = "9" * 100000
        operations.append("%s %s" % (name, kind))

    def _bytes(self, rng, data, operations, name):
        kind = rng.choice(["bom", "crlf", "utf8", "nul", "truncate", "cr", "control"])
        position = rng.randrange(len(data) + 1)
        if kind == "bom":
            data = b"\xef\xbb\xbf" + data
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif kind == "cr":
            data = data.replace(b"\n", b"\r")
        elif kind == "utf8":
            data = data[:position] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]) + data[position:]
        elif kind == "nul":
            data = data[:position] + b"\x00" + data[position:]
        elif kind == "control":
            data = data[:position] + rng.choice(CONTROL_CHARACTERS).encode("utf-8") + data[position:]
        else:
            data = data[:position]
        operations.append("%s bytes %s" % (name, kind))
        return data

    def mutant(self, rng):
        """(operations, {file name: bytes}, list of argv lists using {dir}/<name>)."""
        seed = rng.choice(self.seeds)
        operations, files = [], {}
        if seed["kind"] == "edgelist":
            rows = [line.split(" ") for line in seed["lines"]]
            for _ in range(rng.choice([1, 1, 2, 3])):
                self._mutate_rows(rng, rows, operations, "edges")
            files["g.edges"] = ("\n".join(rng.choice([" ", "\t", "  "]).join(row) for row in rows) + "\n").encode()
            edges_args = ["--edges", "{dir}/g.edges"]
            stats = ["graph", "stats", "{dir}/g.edges"]
        else:
            tables = {"edges.csv": [list(row) for row in seed["edges"]]}
            if seed["kind"] == "tables":
                tables["nodes.csv"] = [list(row) for row in seed["nodes"]]
            for _ in range(rng.choice([1, 1, 2, 3])):
                name = rng.choice(sorted(tables))
                self._mutate_rows(rng, tables[name], operations, name)
            for name, rows in tables.items():
                files[name] = _csv_text(rows).encode("utf-8", "surrogatepass")
            edges_args = ["--edges", "{dir}/edges.csv"]
            if "nodes.csv" in tables:
                edges_args += ["--nodes", "{dir}/nodes.csv", "--side-column", seed["side_column"]]
            stats = ["graph", "stats"] + edges_args + ["--csv"]
        if rng.random() < 0.3:
            name = rng.choice(sorted(files))
            files[name] = self._bytes(rng, files[name], operations, name)
        directed = ["--directed"] if rng.random() < 0.3 else []
        if rng.random() < 0.5:
            policy = rng.choice(POLICIES)
            second = ["seeds", "--policy", policy, "--k", str(rng.choice([1, 3])), "--p", "0.1", "--replicates", "10"]
            second += [a for a in edges_args if a != "--side-column" and a != seed.get("side_column")]
        else:
            model = rng.choice(MODELS)
            model = [a.replace("{id}", seed["id"]) for a in model]
            second = ["simulate", "--model"] + model + ["--replicates", "5", "--steps", "5",
                                                       "--seed-nodes", seed["id"]]
            second += edges_args[:2]
        return operations, files, [stats + directed, second + directed]
