#!/usr/bin/env python3
"""Writes the edge lists of the reading benchmark into a folder.

ba_1e5.txt      Barabasi-Albert, 10^5 people, m = 5 (networkx), ids 0 .. n-1
int_1e7.txt     10^7 random edges among 10^6 people, ids 0 .. n-1
str_1e7.txt     the same edges with string labels (user_<hex>), SNAP-like
                header comment, and the people in a shuffled order
str_1e7.txt.gz  the same, gzip-compressed
"""
import gzip
import shutil
import sys
from pathlib import Path

import networkx as nx
import numpy as np

out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-lists")
out.mkdir(parents=True, exist_ok=True)
nx.write_edgelist(nx.barabasi_albert_graph(100_000, 5, seed=1), out / "ba_1e5.txt", data=False)

rng = np.random.default_rng(19)
n, m = 1_000_000, 10_000_000
u = rng.integers(0, n, m + m // 100)
v = (u + rng.integers(1, n, m + m // 100)) % n  # never a self-loop
# No pair twice (main's reader refuses duplicates): the first m distinct pairs.
_, first = np.unique(np.minimum(u, v) * n + np.maximum(u, v), return_index=True)
keep = np.sort(first)[:m]
u, v = u[keep], v[keep]
with open(out / "int_1e7.txt", "w") as f:
    for start in range(0, m, 1_000_000):
        f.write("".join(f"{a} {b}\n" for a, b in zip(u[start:start + 1_000_000].tolist(),
                                                     v[start:start + 1_000_000].tolist())))
names = np.array([f"user_{x:08x}" for x in rng.permutation(16 * n)[:n]])
with open(out / "str_1e7.txt", "w") as f:
    f.write("# Directed graph (each unordered pair of nodes is saved once)\n# FromNodeId\tToNodeId\n")
    for start in range(0, m, 1_000_000):
        a = names[u[start:start + 1_000_000]]
        b = names[v[start:start + 1_000_000]]
        f.write("".join(f"{x}\t{y}\n" for x, y in zip(a.tolist(), b.tolist())))
with open(out / "str_1e7.txt", "rb") as src, gzip.open(out / "str_1e7.txt.gz", "wb", 6) as dst:
    shutil.copyfileobj(src, dst)
