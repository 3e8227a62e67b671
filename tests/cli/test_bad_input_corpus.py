"""A corpus of bad input: scenarios, edge lists, command lines and Python calls.

Each case asserts the exit code (1 for bad input; for a Python call, the
exception type), a fragment of the message, the location it names (a file's
line and column, a --set, a path), that nothing is written (no new file, no
work file, no lock) and that an existing results file (``keep.h5``, which every
``run`` case targets with ``--overwrite``) keeps its bytes. The raw text of a
library (yaml-cpp, HDF5, h5py, argparse's exit code 2) must never show.

The kinds follow issue 13: validation that misses what a run rejects (1),
messages that do not say what is wrong (2), outputs that would destroy inputs
(3), exit codes (4), input accepted without a word (5) and resources (6).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import commsim

SCENARIOS = Path(os.environ.get("COMMSIM_SOURCE_DIR", Path(__file__).parents[2])) / "scenarios"
BASS = "model: bass\nseed: 1\ndays: 5\npopulation: {size: 100, graph: {kind: complete}}\n"
COMMUNITY = ("model: community\nseed: 1\ndays: 10\npopulation:\n  size: 300\n"
             "  graph: {kind: barabasi_albert, mean_degree: 6}\n"
             "community: {seed_members: 10, capacity: 50}\n")
KARATE = ("model: community\nseed: 1\ndays: 10\npopulation:\n  size: 34\n"
          "  graph: {kind: edge_list, path: karate.txt}\n"
          "community: {seed_members: 10, capacity: 50}\n")
EDGES = "model: bass\nseed: 1\ndays: 5\npopulation: {size: 5, graph: {kind: edge_list, path: e.txt}}\n"
# Duplicates and self-loops are merged or dropped (with a warning) unless refused.
EDGES_REJECT = EDGES.replace("path: e.txt}", "path: e.txt, self_loops: reject, duplicates: reject}")
SAMPLE = ("sweep:\n  sample:\n    method: latin_hypercube\n    points: 4\n"
          "    ranges: {bass.q: [0.1, 0.5]}\n")
GRID_1000 = "sweep:\n  grid:\n    bass.q: [" + ", ".join(f"{i / 1000:.3f}" for i in range(1, 1001)) + "]\n"
# Library texts that must never reach the user.
RAW = ["invalid node", "illegal map value", "bad file", "unknown escape character", "HDF5-DIAG",
       "Traceback", "A subcommand is required", "std::bad_alloc", "H5F", "h5py", "yaml-cpp"]


@dataclass
class Case:
    id: str
    args: list[str]          # after `commsim`; paths relative to the case's folder
    fragment: str            # in the message
    where: str               # the location named in the message
    files: dict[str, str | bytes] = field(default_factory=dict)
    code: int = 1


def scenario(text: str | bytes, args: list[str], fragment: str, where: str, id: str,
             command: str = "run", **files) -> Case:
    """A case about a scenario file s.yaml, run onto keep.h5 (or validated)."""
    tail = ["-o", "keep.h5", "--overwrite"] if command == "run" else []
    return Case(id, [command, "s.yaml", *args, *tail], fragment, where, {"s.yaml": text, **files})


CASES = [
    # --- 1. what a model checks when it is built, checked before anything runs
    scenario(COMMUNITY, ["--set", "community.seed_members=400"],
             "community.seed_members: 400 seed members asked for, but population.size is 300",
             "--set community.seed_members=400", "seed members beyond the population"),
    scenario(COMMUNITY, ["--set", "community.capacity=5"],
             "10 seed members per group (10 over 1 group(s)) exceed community.capacity (5)",
             "s.yaml:7:", "seed members beyond capacity"),
    scenario(COMMUNITY.replace("community: {seed_members: 10, capacity: 50}",
                               "community:\n  seed_roles: {newcomer: 0, learner: 0, supporter: 0, "
                               "opponent: 0, opinion_leader: 0}"), [],
             "community.seed_roles: the shares add up to 0", "s.yaml:8:15", "all seed roles zero",
             command="validate"),
    scenario(COMMUNITY.replace("capacity: 50}", "capacity: 50, topic: {center: [0.5]}}"), [],
             "community.topic.center: has 1 coordinate(s), but population.interests.dimensions "
             "is 2", "s.yaml:7:", "topic centre dimensions"),
    scenario(KARATE, ["--set", "community.seed_members=40"],
             "40 seed members asked for, but population.size is 34",
             "--set community.seed_members=40", "karate: seed members beyond the population",
             **{"karate.txt": "@karate"}),
    scenario(KARATE, ["--set", "community.topic.center=[0.1, 0.2, 0.3]"],
             "has 3 coordinate(s)", "--set community.topic.center=[0.1, 0.2, 0.3]",
             "karate: topic centre dimensions", **{"karate.txt": "@karate"}),
    scenario(KARATE, ["--set", "community.seed_roles.newcomer=0", "--set",
                      "community.seed_roles.learner=0", "--set", "community.seed_roles.supporter=0",
                      "--set", "community.seed_roles.opponent=0", "--set",
                      "community.seed_roles.opinion_leader=0"],
             "the shares add up to 0", "--set community.seed_roles", "karate: seed roles zero",
             **{"karate.txt": "@karate"}),
    scenario("model: cascade\nseed: 1\ndays: 5\npopulation: {size: 34, graph: {kind: edge_list, "
             "path: karate.txt}}\nsweep:\n  grid:\n    cascade.seed_ids: [[1, 2], [3, 40]]\n", [],
             "cascade.seed_ids: id 40 is out of range: ids run from 0 to 33",
             "s.yaml:7:32 (sweep of cascade.seed_ids, point 1)", "swept seed ids out of range",
             **{"karate.txt": "@karate"}),
    scenario("model: cascade\nseed: 1\ndays: 5\npopulation: {size: 34, graph: {kind: edge_list, "
             "path: karate.txt}}\ncascade: {seed_ids: [3, 3]}\n", [],
             "cascade.seed_ids: id 3 is listed twice", "s.yaml:5:", "seed id listed twice",
             **{"karate.txt": "@karate"}),
    scenario("model: threshold\nseed: 1\ndays: 5\npopulation: {size: 4, graph: {kind: complete}}\n"
             "threshold: {thresholds: [0.1, 0.2, 0.3, 0.4]}\nsweep:\n  grid:\n"
             "    population.size: [4, 5]\n", [],
             "threshold.thresholds: has 4 entries, but population.size is 5",
             "s.yaml:5:25", "thresholds against a swept population size"),
    scenario("model: threshold\nseed: 1\ndays: 5\npopulation: {size: 10, graph: {kind: complete}}\n"
             "threshold: {seeds: 11}\n", [],
             "threshold.seeds: 11 seeds asked for, but population.size is 10", "s.yaml:5:20",
             "more seeds than people"),
    scenario(BASS.replace("complete", "barabasi_albert, mean_degree: 5"), [],
             "population.graph.mean_degree: must be even, found 5", "s.yaml:4:", "odd degree"),
    scenario(BASS.replace("complete", "watts_strogatz, mean_degree: 100"), [],
             "must be below population.size (100)", "s.yaml:4:", "degree not below size"),
    scenario(BASS.replace("{kind: complete}", "{kind: stochastic_block, sizes: [50, 49]}"), [],
             "block sizes add up to 99, but population.size is 100", "s.yaml:4:", "block sizes"),
    scenario(COMMUNITY.replace("barabasi_albert, mean_degree: 6", "complete"), [],
             "does not support complete mixing", "s.yaml:6:", "complete mixing unsupported"),
    scenario(BASS + "output: {agents: every_x_days}\n", [],
             "expected none, final or every_N_days", "s.yaml:5:", "bad snapshot cadence"),
    scenario(BASS + "output: {agents: final}\nsweep: {grid: {population.size: [100, 200]}}\n", [],
             "output.agents cannot be combined with a sweep over population.size", "s.yaml",
             "snapshots with a swept size"),
    # --- 2. messages that say what is wrong, where
    scenario("model: bass\ndays: [1, 2\n", [], "a `[` opened here is never closed", "s.yaml:3:",
             "unclosed bracket"),
    scenario("model: bass\nseed: 1\n\tdays: 5\n", [],
             "a tab used for indentation; YAML indents with spaces", "s.yaml:3:1", "tab indent"),
    scenario("model: bass\nname: \"abc\nseed: 1\ndays: 5\npopulation: {size: 100}\n", [],
             "the quote \" opened here is never closed", "s.yaml:2:7", "unclosed quote"),
    scenario("x: " + "[" * 3000 + "]" * 3000 + "\n", [], "nested more than 2000 levels deep",
             "s.yaml:1:", "deep nesting"),
    scenario(b"model: bass\nseed: 1\x00\ndays: 5\n", [], "a NUL byte (\\0) where text is expected",
             "s.yaml:2:8", "NUL byte"),
    scenario(b"model: bass\x1b\n", [], "a control character (\\x1B)", "s.yaml:1:12",
             "control character"),
    scenario(b"\xff\xfem\x00o\x00", [], "the text is UTF-16 or UTF-32; save it as UTF-8", "s.yaml",
             "UTF-16"),
    scenario("model: bass\nname: \"a\\qb\"\n", [], "unknown escape sequence inside double quotes",
             "s.yaml:2:", "unknown escape"),
    scenario("model: bass\ndays: *x\n", [], "an alias *name refers to no anchor", "s.yaml:2:",
             "undefined alias"),
    scenario(BASS + "bass: &a {p: *a}\n", [], "an alias refers to a section that contains it",
             "s.yaml:5:", "alias cycle"),
    scenario("- model: bass\n", [], "expected a mapping of keys to values at the top level",
             "s.yaml", "top-level list"),
    scenario("", [], "expected a mapping of keys to values at the top level, found nothing",
             "s.yaml", "empty scenario"),
    scenario("seed: 1\ndays: 5\npopulation: {size: 10}\n", [], "missing required key `model`",
             "s.yaml:1:1", "no model"),
    scenario("model: basss\nseed: 1\n", [], "did you mean `bass`?", "s.yaml:1:8", "unknown model"),
    scenario("model: bass\npopulation: {size: 10}\n", [], "missing required key `seed`",
             "s.yaml:1:1", "no seed"),
    scenario(BASS.replace("days: 5", "days: ten"), [], "days: expected a whole number",
             "s.yaml:3:7", "days in words"),
    scenario(BASS + "bass: {q: 11}\n", [],
             "bass.q: expected a number in [0, 10], found \"11\"", "s.yaml:5:", "out of range"),
    scenario(BASS + "bass: {qq: 0.3}\n", [], "unknown key `qq`; did you mean `q`?", "s.yaml:5:8",
             "unknown key"),
    scenario("model: community\nseed: 1\ndays: 10\npopulation:\n  size: 300\n"
             "  activity: {median: 1}\n", [],
             "it was renamed to `post_propensity`", "s.yaml:6:3", "renamed key"),
    scenario(BASS + "bass: {q: 0.3, q: 0.4}\n", [], "this key appears more than once",
             "s.yaml:5:16", "duplicate key"),
    scenario(BASS + "sweep:\n  grid:\n    bass.q: [0.1, 0.2]\n    bass.q: [0.3]\n", [],
             "sweep.grid.bass.q: this key path appears more than once", "s.yaml:8:5",
             "duplicate grid key"),
    scenario(BASS + "sweep:\n  zip:\n    bass.q: [0.1]\n    bass.q: [0.3]\n", [],
             "sweep.zip.bass.q: this key path appears more than once", "s.yaml:8:5",
             "duplicate zip key"),
    scenario(BASS + "sweep:\n  sample:\n    method: sobol\n    points: 4\n    ranges:\n"
             "      bass.q: [0.1, 0.2]\n      bass.q: [0.3, 0.4]\n", [],
             "sweep.sample.ranges.bass.q: this key path appears more than once", "s.yaml:11:7",
             "duplicate range key"),
    scenario(BASS + "sweep:\n  points:\n    - {bass.q: 0.1, bass.q: 0.2}\n", [],
             "sweep.points.0.bass.q: this key path appears more than once", "s.yaml:7:21",
             "duplicate key in a point"),
    scenario(BASS + "sweep:\n  grid:\n    population.graph: [{kind: complete}]\n"
             "    population.graph.kind: [complete]\n", [],
             "`population.graph.kind` lies inside `population.graph`", "s.yaml:8:5",
             "nested swept paths"),
    scenario(BASS + "sweep:\n  grid:\n    days: [1, 2]\n", [],
             "`days` cannot vary within one experiment", "s.yaml:7:5", "swept days"),
    scenario(BASS + "sweep:\n  gird:\n    bass.q: [0.1]\n", [], "did you mean `grid`?",
             "s.yaml:6:3", "unknown design"),
    scenario(BASS + "sweep:\n  grid: {bass.q: [0.1]}\n  zip: {bass.p: [0.1]}\n", [],
             "expected exactly one design", "s.yaml:6:3", "two designs"),
    scenario(BASS + "sweep:\n  zip:\n    bass.q: [0.1, 0.2]\n    bass.p: [0.01]\n", [],
             "zip lists must have equal lengths", "s.yaml:8:13", "zip lengths"),
    scenario(BASS + "sweep:\n  grid:\n    bass.q: []\n", [],
             "expected a non-empty list of values, found an empty list", "s.yaml:7:13",
             "empty grid axis"),
    scenario(BASS + SAMPLE.replace("[0.1, 0.5]", "[0.5, 0.1]"), [],
             "the range is reversed or empty", "s.yaml:9:22", "reversed range"),
    scenario(BASS + SAMPLE.replace("[0.1, 0.5]", "{log_uniform: [0, 0.5]}"), [],
             "a log_uniform range needs low > 0", "s.yaml:9:36", "log range from zero"),
    scenario(BASS + SAMPLE.replace("latin_hypercube", "morris") + "    levels: 3\n", [],
             "expected an even whole number >= 2", "s.yaml:10:13", "odd morris levels"),
    scenario(BASS + SAMPLE.replace("[0.1, 0.5]", "{normal: [0, 1]}"), [],
             "unknown range kind `normal`", "s.yaml:9:23", "unknown range kind"),
    scenario(BASS + "sweep:\n  grid:\n    bass.q: [0.1, 60]\n", [],
             "bass.q: expected a number in [0, 10], found \"60\"",
             "s.yaml:7:19 (sweep of bass.q, point 1)", "swept value out of range"),
    scenario(BASS + "bass:\n" + "".join(f"  k{i}: 1\n" for i in range(300)), [],
             "... and 280 more problems", "s.yaml:6:3", "errors capped"),
    scenario(COMMUNITY.replace("capacity: 50}", "capacity: 50, activities: {type: lottery}}"), [],
             "community.activities: expected a list of mappings", "s.yaml:7:", "activities not a list"),
    scenario(BASS, ["--set", "days"], "--set days: no `=` found", "--set days", "--set without ="),
    scenario(BASS, ["--set", "bass..q=1"], "the path must be dotted key names", "--set bass..q=1",
             "--set bad path"),
    scenario(BASS, ["--set", "bass.q=[1, 2"], "a `[` opened here is never closed",
             "--set bass.q=[1, 2", "--set unclosed bracket"),
    scenario(BASS, ["--set", "bass.p=2"], "bass.p: expected a number in [0, 1]", "--set bass.p=2",
             "--set out of range"),
    scenario(BASS, ["--set", "days.x=1"], "`days` holds a value, not a section", "--set days.x=1",
             "--set into a value"),
    scenario(BASS, ["--set", "sweep.sample.ranges.bass.p=[0.01, 0.05]"],
             "sweep.sample.method: expected one of latin_hypercube, sobol, morris, found nothing",
             "--set sweep.sample.ranges.bass.p=[0.01, 0.05]", "--set a range without a design"),
    scenario(BASS + SAMPLE, ["--set", "sweep.sample.points=abc"],
             "sweep.sample.points: expected a whole number", "--set sweep.sample.points=abc",
             "--set sweep points named"),
    scenario(BASS + SAMPLE, ["--set", "sweep.sample.ranges.bass.q=[0.5, 0.1]"],
             "the range is reversed", "--set sweep.sample.ranges.bass.q=[0.5, 0.1]",
             "--set sweep range named"),
    # --- 5. accepted without a word: now errors (warnings are tested in test_bad_input.py)
    scenario(BASS + "---\nmodel: sir\n", [], "a second YAML document starts here", "s.yaml:5:1",
             "second document"),
    scenario(BASS.replace("days: 5", "days: \"20\""), [],
             "found \"20\" (quoted, so a text; write numbers and true/false without quotes)",
             "s.yaml:3:7", "quoted days"),
    scenario(BASS.replace("days: 5", "days: 0x14"), [], "found \"0x14\"", "s.yaml:3:7", "hex days"),
    scenario(BASS.replace("size: 100", "size: 1e3"), [],
             "found \"1e3\" (a real number; write whole numbers in digits: 1000)", "s.yaml:4:20",
             "size 1e3"),
    scenario(BASS.replace("size: 100", "size: 100.0"), [], "write whole numbers in digits: 100",
             "s.yaml:4:20", "size 100.0"),
    scenario(BASS + "name: \"\"\n", [], "name: expected a text, found \"\" (an empty text",
             "s.yaml:5:7", "empty name"),
    scenario(BASS.encode() + b"name: caf\xe9\n", [], "the byte \\xE9 is not UTF-8", "s.yaml:5:10",
             "invalid UTF-8 in the name"),
    scenario(BASS + "sweep:\n  grid:\n    bass.q: [0.1, 0.2]\n", ["--set", "bass.q=0.9"],
             "the sweep sets `bass.q` at every design point", "--set bass.q=0.9",
             "--set overridden by the sweep"),
    Case("--set a key the shipped sweep varies",
         ["validate", str(SCENARIOS / "content_quality.yaml"), "--set",
          "community.content.quality=0.9"],
         "the sweep sets `community.content.quality` at every design point",
         "--set community.content.quality=0.9"),
    # --- edge lists
    scenario(EDGES, [], "e.txt:2: expected two labels", "e.txt:2",
             "edge list with a byte-order mark", **{"e.txt": b"\xef\xbb\xbf0 1\n1\n"}),
    scenario(EDGES, [], "found \"1\\xEF\\xBB\\xBF\"", "e.txt:2", "an invisible mark is shown",
             **{"e.txt": b"0 1\n1\xef\xbb\xbf\n"}),
    scenario(EDGES, [], "population.size is 5, but the file names 8 people", "s.yaml:4",
             "more people in the file than population.size",
             **{"e.txt": "0 1\n1 7\n0 5\n3 8\n4 9\n"}),
    scenario(EDGES_REJECT, [], "self-loop 3 3", "e.txt:1", "self loop refused",
             **{"e.txt": "3 3\n"}),
    scenario(EDGES_REJECT, [], "duplicate edge 0 1 (first given on line 1", "e.txt:2",
             "duplicate edge refused", **{"e.txt": "0 1\n1 0\n"}),
    scenario(EDGES, [], "holds no edges", "e.txt", "empty edge list",
             **{"e.txt": "# nothing yet\n"}),
    scenario(EDGES, [], "e.txt does not exist", "s.yaml:4:", "missing edge list"),
    scenario(EDGES, [], "is a folder, not a regular file", "s.yaml:4:", "edge list is a folder",
             **{"e.txt/": ""}),
    scenario(EDGES.replace("size: 5", "size: 100"), [], "... and 10 more", "e.txt:20",
             "edge list problems capped", **{"e.txt": "".join("x\n" for _ in range(30))}),
    # --- 3. outputs that would destroy inputs, or are not files
    Case("-o onto the scenario", ["run", "s.yaml", "-o", "s.yaml", "--overwrite"],
         "is also an input of this command (s.yaml)", "output s.yaml", {"s.yaml": BASS}),
    Case("-o onto the edge list", ["run", "s.yaml", "-o", "e.txt", "--overwrite"],
         "is also an input of this command", "output e.txt",
         {"s.yaml": EDGES, "e.txt": "0 1\n1 2\n"}),
    Case("-o onto a device", ["run", "s.yaml", "-o", "/dev/null", "--overwrite"],
         "is a device; commsim writes only regular files", "output /dev/null", {"s.yaml": BASS}),
    Case("-o onto a FIFO", ["run", "s.yaml", "-o", "pipe", "--overwrite"],
         "is a FIFO (named pipe)", "output pipe", {"s.yaml": BASS, "pipe": "@fifo"}),
    Case("-o onto a folder", ["run", "s.yaml", "-o", "sub", "--overwrite"], "is a folder",
         "output sub", {"s.yaml": BASS, "sub/": ""}),
    Case("-o ''", ["run", "s.yaml", "-o", ""], "no file name given", "output ''", {"s.yaml": BASS}),
    Case("-o in a read-only folder", ["run", "s.yaml", "-o", "ro/r.h5"],
         "cannot write in the folder ro", "output ro/r.h5", {"s.yaml": BASS, "ro/": "@readonly"}),
    Case("-o in a missing folder", ["run", "s.yaml", "-o", "nope/r.h5"],
         "the folder nope does not exist", "output nope/r.h5", {"s.yaml": BASS}),
    Case("-o with a 300-character name", ["run", "s.yaml", "-o", "a" * 300 + ".h5"],
         "the file name is 303 bytes long", "output aaa", {"s.yaml": BASS}),
    Case("-o through a symlink loop", ["run", "s.yaml", "-o", "loop"],
         "Too many levels of symbolic links", "output loop", {"s.yaml": BASS, "loop": "@loop"}),
    Case("-o onto existing results", ["run", "s.yaml", "-o", "keep.h5"],
         "the file exists; allow overwriting it (--overwrite)", "output keep.h5", {"s.yaml": BASS}),
    Case("-o held by another writer", ["run", "s.yaml", "-o", "keep.h5", "--overwrite"],
         "is being written by another commsim process", "output keep.h5",
         {"s.yaml": BASS, "@lock": "keep.h5"}),
    Case("report onto its results", ["report", "keep.h5", "-o", "keep.h5", "--overwrite"],
         "is also an input of this command (keep.h5)", "report keep.h5"),
    Case("report -o ''", ["report", "keep.h5", "-o", ""], "no file name given", "report ''"),
    Case("report onto a FIFO", ["report", "keep.h5", "-o", "pipe", "--overwrite"],
         "is a FIFO", "report pipe", {"pipe": "@fifo"}),
    Case("compare --plot onto its results", ["compare", "keep.h5", "--plot", "keep.h5"],
         "is also an input of this command (keep.h5)", "--plot keep.h5"),
    Case("compare --plot with no image format", ["compare", "keep.h5", "--plot", "plot.txt"],
         "extension .txt, so no image format", "--plot plot.txt"),
    Case("compare --plot in a missing folder", ["compare", "keep.h5", "--plot", "nodir/p.png"],
         "the folder nodir does not exist", "--plot nodir/p.png"),
    Case("compare --plot onto an existing plot", ["compare", "keep.h5", "--plot", "old.png"],
         "the file exists; allow overwriting it (--overwrite)", "--plot old.png",
         {"old.png": "an earlier plot"}),
    # --- 4. bad paths and files given to read: exit 1, the path and the reason
    Case("--resume onto another scenario", ["run", "s.yaml", "-o", "keep.h5", "--resume"],
         "cannot resume: the file was written for another scenario", "keep.h5",
         {"s.yaml": BASS.replace("seed: 1", "seed: 2")}),
    Case("--resume with another --set",
         ["run", "s.yaml", "-o", "keep.h5", "--resume", "--set", "bass.q=0.5"],
         "cannot resume: the file was written for another scenario", "keep.h5", {"s.yaml": BASS}),
    Case("--resume onto another version's file", ["run", "s.yaml", "-o", "old.h5", "--resume"],
         "cannot resume: written by commsim 0.0.1", "old.h5",
         {"s.yaml": BASS, "old.h5": "@old_version"}),
    Case("--resume onto a truncated file", ["run", "s.yaml", "-o", "cut.h5", "--resume"],
         "cannot resume", "cut.h5", {"s.yaml": BASS, "cut.h5": "@truncated"}),
    Case("--resume onto a foreign HDF5 file", ["run", "s.yaml", "-o", "other.h5", "--resume"],
         "cannot resume: not a commsim results file", "other.h5",
         {"s.yaml": BASS, "other.h5": "@foreign"}),
    Case("--resume onto text", ["run", "s.yaml", "-o", "notes.h5", "--resume"],
         "cannot resume: not an HDF5 file", "notes.h5", {"s.yaml": BASS, "notes.h5": "notes"}),
    Case("info on a FIFO", ["info", "pipe"], "is a FIFO (named pipe), not a regular file", "pipe",
         {"pipe": "@fifo"}),
    Case("info on a truncated file", ["info", "cut.h5"], "it is truncated or damaged", "cut.h5",
         {"cut.h5": "@truncated"}),
    Case("info on a missing file", ["info", "none.h5"], "no such file", "none.h5"),
    Case("info on a folder", ["info", "sub"], "is a folder, not a regular file", "sub",
         {"sub/": ""}),
    Case("info through a symlink loop", ["info", "loop"], "Too many levels of symbolic links",
         "loop", {"loop": "@loop"}),
    Case("compare on a truncated file", ["compare", "cut.h5"], "it is truncated or damaged",
         "cut.h5", {"cut.h5": "@truncated"}),
    Case("compare on a FIFO", ["compare", "pipe"], "not a regular file", "pipe",
         {"pipe": "@fifo"}),
    Case("report on a truncated file", ["report", "cut.h5", "-o", "p.html"],
         "it is truncated or damaged", "cut.h5", {"cut.h5": "@truncated"}),
    Case("validate a FIFO", ["validate", "pipe"], "is a FIFO (named pipe), not a regular file",
         "pipe", {"pipe": "@fifo"}),
    Case("validate a folder", ["validate", "sub"], "is a folder, not a regular file", "sub",
         {"sub/": ""}),
    Case("validate a missing file", ["validate", "none.yaml"], "no such file", "none.yaml"),
    # --- command lines
    Case("unknown command", ["frobnicate"], "unknown command `frobnicate`", "frobnicate"),
    Case("a misspelt command", ["valdate", "s.yaml"], "did you mean `validate`?", "valdate"),
    Case("no command", [], "give a command: run, calibrate, validate", "commsim --help"),
    Case("--threads 0", ["run", "s.yaml", "--threads", "0"], "--threads", "0", {"s.yaml": BASS}),
    Case("unknown model to describe", ["describe", "nosuch"], "unknown model", "nosuch"),
    Case("compare an unknown metric", ["compare", "keep.h5", "--metric", "nope"],
         "no metric 'nope'", "keep.h5"),
    Case("compare by an unknown column", ["compare", "keep.h5", "--by", "nope"],
         "cannot group by 'nope'", "nope"),
    Case("compare with an unknown flag", ["compare", "keep.h5", "--frobnicate"],
         "--frobnicate", "--frobnicate"),
    # --- 6. resources: refused before anything is allocated
    scenario(BASS + GRID_1000, ["--set", "replicates=1000000"],
             "for the table of 1000000000 runs (1000 point(s) x 1000000 replicate(s))", "s.yaml",
             "a billion runs", command="validate"),
    scenario(BASS.replace("size: 100", "size: 2147483647"), [],
             "of population.size 2147483647", "s.yaml", "the largest population"),
]


def populate(folder: Path, files: dict, keep: Path, karate: Path) -> None:
    """Writes a case's files; `@...` values make special ones."""
    shutil.copyfile(keep, folder / "keep.h5")
    for name, content in files.items():
        path = folder / name.rstrip("/")
        if name == "@lock":
            continue
        if name.endswith("/"):
            path.mkdir()
            if content == "@readonly":
                make_read_only(path)
        elif content == "@fifo":
            os.mkfifo(path)
        elif content == "@loop":
            os.symlink(f"{name}.b", path)
            os.symlink(name, folder / f"{name}.b")
        elif content == "@karate":
            shutil.copyfile(karate, path)
        elif content == "@truncated":
            data = keep.read_bytes()
            path.write_bytes(data[: len(data) // 3])
        elif content == "@old_version":
            import h5py
            shutil.copyfile(keep, path)
            with h5py.File(path, "r+") as f:
                f.attrs["commsim_version"] = "0.0.1"
        elif content == "@foreign":
            import h5py
            with h5py.File(path, "w") as f:
                f["x"] = 1
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode())


def make_read_only(folder: Path) -> None:
    """A folder nobody may write in; root ignores permissions, but not the
    immutable attribute."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
    elif subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only here (root, and no chattr)")


def make_writable_again(folder: Path) -> None:
    for p in folder.iterdir():
        if p.is_dir() and not p.is_symlink():
            if os.geteuid() == 0:
                subprocess.run(["chattr", "-i", str(p)], capture_output=True)
            p.chmod(0o755)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of the folder: a regular file's bytes, or what else it is."""
    out = {}
    for p in sorted(folder.iterdir()):
        if p.is_symlink():
            out[p.name] = "symlink"
        elif p.is_dir():
            out[p.name] = "folder"
        elif p.is_fifo():
            out[p.name] = "fifo"
        else:
            out[p.name] = p.read_bytes()
    return out


@pytest.fixture(scope="module")
def keep(commsim_exe, tmp_path_factory) -> Path:
    """A good results file of BASS, the one every case must leave as it is."""
    folder = tmp_path_factory.mktemp("keep")
    (folder / "s.yaml").write_text(BASS)
    r = subprocess.run([commsim_exe, "run", "s.yaml", "-o", "keep.h5", "-q"], cwd=folder,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return folder / "keep.h5"


def test_the_corpus_is_large():
    assert len(CASES) + len(PYTHON_CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case, commsim_exe, keep, test_data, tmp_path):
    try:
        populate(tmp_path, case.files, keep, test_data / "karate.txt")
        check_case(case, commsim_exe, tmp_path)
    finally:
        make_writable_again(tmp_path)


def check_case(case: Case, commsim_exe: str, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    holder = None
    if "@lock" in case.files:
        holder = commsim._core.claim_output(str(tmp_path / case.files["@lock"]), [], True, "test")
        before = snapshot(tmp_path)
    try:
        r = subprocess.run([commsim_exe, *case.args], cwd=tmp_path, capture_output=True,
                           text=True, timeout=300)
    finally:
        if holder is not None:
            holder.release()
    assert r.returncode == case.code, r.stderr
    assert case.fragment in r.stderr, r.stderr
    assert case.where in r.stderr, r.stderr
    for raw in RAW:
        assert raw not in r.stderr, r.stderr
    if holder is not None:
        before.pop(".keep.h5.lock", None)
    assert snapshot(tmp_path) == before  # nothing written, keep.h5 byte for byte


# --- Python calls: the same rules, as exceptions -----------------------------------------

def _load(text, **overrides):
    return lambda d: commsim.Scenario.from_yaml(text, overrides=overrides or None,
                                                name=d / "s.yaml")


PYTHON_CASES = [
    ("load a missing file", lambda d: commsim.Scenario.load(d / "none.yaml"),
     commsim.ScenarioError, "no such file", "none.yaml"),
    ("load a FIFO", lambda d: commsim.Scenario.load(d / "pipe"), commsim.ScenarioError,
     "is a FIFO (named pipe)", "pipe"),
    ("from_yaml with a tab", _load("model: bass\n\tseed: 1\n"), commsim.ScenarioError,
     "a tab used for indentation", "s.yaml:2:1"),
    ("an override quoting a number", _load(BASS, days="20"), commsim.ScenarioError,
     "quoted, so a text", "--set days=\"20\""),
    ("an override of a range without a design",
     _load(BASS, **{"sweep.sample.ranges.bass.p": [0.01, 0.05]}), commsim.ScenarioError,
     "sweep.sample.method", "--set sweep.sample.ranges.bass.p=[0.01, 0.05]"),
    ("run onto its own scenario",
     lambda d: commsim.run(commsim.Scenario.load(d / "s.yaml"), output=d / "s.yaml",
                           overwrite=True),
     commsim.ScenarioError, "is also an input of this command", "s.yaml"),
    ("run onto existing results",
     lambda d: commsim.run(commsim.Scenario.load(d / "s.yaml"), output=d / "keep.h5"),
     commsim.ScenarioError, "the file exists", "keep.h5"),
    ("resume a truncated file",
     lambda d: commsim.run(commsim.Scenario.load(d / "s.yaml"), output=d / "cut.h5",
                           resume=True),
     commsim.InputError, "cannot resume", "cut.h5"),
    ("open a truncated file", lambda d: commsim.open(d / "cut.h5"), commsim.InputError,
     "it is truncated or damaged", "cut.h5"),
    ("open a FIFO", lambda d: commsim.open(d / "pipe"), commsim.InputError,
     "not a regular file", "pipe"),
    ("summary of text", lambda d: commsim.summary(d / "notes.h5"), commsim.InputError,
     "not an HDF5 file", "notes.h5"),
    ("compare a truncated file", lambda d: commsim.compare(d / "cut.h5"), commsim.InputError,
     "truncated or damaged", "cut.h5"),
    ("a report onto its results",
     lambda d: commsim.write_report(d / "keep.h5", d / "keep.h5", overwrite=True),
     commsim.ScenarioError, "is also an input of this command", "keep.h5"),
    ("run the largest population",
     lambda d: commsim.run(commsim.Scenario.from_yaml(BASS.replace("size: 100",
                                                                   "size: 2147483647"))),
     commsim.InputError, "of population.size 2147483647", "<scenario>"),
]


@pytest.mark.parametrize("case", PYTHON_CASES, ids=[c[0] for c in PYTHON_CASES])
def test_bad_python_call(case, keep, tmp_path):
    _, call, error, fragment, where = case
    populate(tmp_path, {"s.yaml": BASS, "pipe": "@fifo", "cut.h5": "@truncated",
                        "notes.h5": "notes"}, keep, keep)
    before = snapshot(tmp_path)
    with pytest.raises(error) as raised:
        call(tmp_path)
    assert fragment in str(raised.value)
    assert where in str(raised.value)
    assert snapshot(tmp_path) == before
