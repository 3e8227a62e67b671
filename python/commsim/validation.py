"""Validation suite: the classic models against published results.

Each case names its source and claim, the population size and replicates it
uses, and a tolerance derived from the sampling error of what it measures
(or says why a claim is an inequality). ``FAST`` cases run in CI through
pytest; the whole suite runs with::

    PYTHONPATH=build/release/python /usr/bin/python3 -m commsim.validation \\
        --output docs/validation.md

(``scripts/validate`` does the build and this in one step.)
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from .runner import run
from .scenario import Scenario

SEED = 20261122


@dataclass
class Outcome:
    """The result of one validation case."""

    case: str
    claim: str
    source: str
    setup: str        # model, N, replicates, seeds
    expected: str
    measured: str
    passed: bool


def _scenario(model: str, size: int, graph: dict, days: int, replicates: int, params: dict,
              seed: int = SEED) -> Scenario:
    return Scenario.from_yaml({"model": model, "seed": seed, "days": days,
                               "replicates": replicates,
                               "population": {"size": size, "graph": graph}, model: params},
                              name=f"<validation:{model}>")


def _mean_se(values) -> tuple[float, float]:
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()), float(v.std(ddof=1) / math.sqrt(len(v))) if len(v) > 1 else 0.0


def bass_closed_form(fast: bool) -> Outcome:
    n, reps, days, p, q = 20000, 8, 30, 0.03, 0.38
    r = run(_scenario("bass", n, {"kind": "complete"}, days, reps, {"p": p, "q": q}))
    share = r.timeseries["adopted_share"]
    t = np.arange(days + 1)
    closed = (1 - np.exp(-(p + q) * t)) / (1 + q / p * np.exp(-(p + q) * t))
    mean = share.mean(axis=0)
    se = share.std(axis=0, ddof=1) / math.sqrt(reps)
    worst = float(np.max(np.abs(mean - closed)))
    ok = bool(np.all(np.abs(mean - closed) <= 5 * se + 2e-3))
    return Outcome("bass_closed_form",
                   "adoption under complete mixing follows F(t) = (1 - e^{-(p+q)t}) / "
                   "(1 + (q/p) e^{-(p+q)t})", "Bass (1969)",
                   f"bass, complete mixing, N={n}, {reps} replicates, p={p}, q={q}, daily steps",
                   "every day 1-30 within 5 SE + 0.002 of F(t)",
                   f"largest gap {worst:.4f}", ok)


def deffuant_clusters(fast: bool) -> Outcome:
    n, reps = 1000, (8 if fast else 20)
    epsilons = [0.25] if fast else [0.1, 0.15, 0.25]
    rows, ok = [], True
    for eps in epsilons:
        r = run(_scenario("deffuant", n, {"kind": "complete"}, 400, reps, {"epsilon": eps}))
        mean, se = _mean_se(r.summary["major_clusters"])
        expected = math.floor(1 / (2 * eps))
        # "About 1/(2 epsilon)": the rule of thumb itself is good to one cluster.
        good = abs(mean - expected) <= 1 + 3 * se
        ok &= good
        rows.append(f"eps={eps}: {mean:.2f} +/- {se:.2f} (expected {expected})")
    return Outcome("deffuant_clusters",
                   "uniform initial opinions split into about 1/(2 epsilon) major clusters",
                   "Deffuant, Neau, Amblard, Weisbuch (2000)",
                   f"deffuant, complete mixing, N={n}, {reps} replicates per epsilon, mu=0.5, "
                   "400 days of N/2 pairwise encounters; major = at least 5% of people",
                   "mean major clusters within 1 + 3 SE of floor(1/(2 epsilon))",
                   "; ".join(rows), ok)


def deffuant_consensus(fast: bool) -> Outcome:
    n, reps = 1000, (5 if fast else 20)
    r = run(_scenario("deffuant", n, {"kind": "complete"}, 300, reps, {"epsilon": 0.6}))
    share = np.asarray(r.summary["largest_cluster_share"])
    consensus = int(np.sum(share >= 0.99))
    return Outcome("deffuant_consensus", "consensus for epsilon above 1/2",
                   "Fortunato (2004), Int. J. Mod. Phys. C 15:1301",
                   f"deffuant, complete mixing, N={n}, {reps} replicates, epsilon=0.6",
                   f"all {reps} runs end with at least 99% in one cluster",
                   f"{consensus} of {reps}", consensus == reps)


def hk_threshold(fast: bool) -> Outcome:
    n, reps = 1000, (5 if fast else 20)
    counts = {}
    for eps in (0.15, 0.25):
        r = run(_scenario("hegselmann_krause", n, {"kind": "complete"}, 150, reps,
                          {"epsilon": eps}))
        counts[eps] = int(np.sum(np.asarray(r.summary["largest_cluster_share"]) >= 0.99))
    ok = counts[0.25] == reps and counts[0.15] == 0
    return Outcome("hk_threshold", "consensus threshold near epsilon = 0.2 on the complete graph",
                   "Fortunato (2005), Int. J. Mod. Phys. C 16:259",
                   f"hegselmann_krause, complete mixing, N={n}, {reps} replicates per epsilon",
                   "consensus in all runs at epsilon=0.25, in none at 0.15",
                   f"0.25: {counts[0.25]}/{reps}, 0.15: {counts[0.15]}/{reps}", ok)


def _exit_probability(r) -> tuple[float, int]:
    winner = np.asarray(r.summary["winner"], dtype=float)
    settled = winner[np.isfinite(winner)]
    return float(settled.mean()), len(settled)


def voter_exit_complete(fast: bool) -> Outcome:
    n, reps, rho = 100, (200 if fast else 1000), 0.3
    r = run(_scenario("voter", n, {"kind": "complete"}, 3000, reps, {"initial_density": rho}))
    p, settled = _exit_probability(r)
    tol = 3 * math.sqrt(rho * (1 - rho) / settled)
    return Outcome("voter_exit_complete",
                   "probability of consensus on +1 equals the initial density (complete graph)",
                   "Liggett (1985); Sood and Redner (2005), PRL 94:178701",
                   f"voter, complete mixing, N={n}, {reps} replicates, initial density {rho}",
                   f"{rho} +/- {tol:.3f} (3 binomial SE)",
                   f"{p:.3f} over {settled} runs that reached consensus",
                   abs(p - rho) <= tol and settled >= 0.99 * reps)


def voter_exit_heterogeneous(fast: bool) -> Outcome:
    n, reps, rho = 300, (150 if fast else 600), 0.2
    graph = {"kind": "barabasi_albert", "mean_degree": 4}
    r = run(_scenario("voter", n, graph, 6000, reps,
                      {"initial_density": rho, "seeding": "high_degree"}))
    omega = float(np.asarray(r.summary["initial_degree_weighted_density"])[0])
    p, settled = _exit_probability(r)
    tol = 3 * math.sqrt(omega * (1 - omega) / settled)
    ok = abs(p - omega) <= tol and abs(p - rho) > tol and settled >= 0.95 * reps
    return Outcome("voter_exit_heterogeneous",
                   "with node update the exit probability is the degree-weighted density, "
                   "not the density", "Sood and Redner (2005), PRL 94:178701",
                   f"voter, Barabasi-Albert N={n}, mean degree 4, {reps} replicates, the "
                   f"{rho:.0%} best-connected start at +1",
                   f"omega = {omega:.3f} +/- {tol:.3f} (3 binomial SE), away from rho = {rho}",
                   f"{p:.3f} over {settled} runs that reached consensus", ok)


def voter_time_linear(fast: bool) -> Outcome:
    reps = 100 if fast else 400
    sizes = [50, 100, 200]
    times = {}
    for n in sizes:
        r = run(_scenario("voter", n, {"kind": "complete"}, 40 * n, reps, {"initial_density": 0.5}))
        times[n] = _mean_se(r.summary["consensus_day"])
    ok = True
    rows = []
    for small, big in zip(sizes, sizes[1:]):
        (ts, ss), (tb, sb) = times[small], times[big]
        ratio = tb / ts
        se = ratio * math.sqrt((ss / ts) ** 2 + (sb / tb) ** 2)  # delta method
        ok &= abs(ratio - big / small) <= 3 * se
        rows.append(f"T({big})/T({small}) = {ratio:.2f} +/- {se:.2f}")
    return Outcome("voter_time_linear", "consensus time grows in proportion to N (complete graph)",
                   "Liggett (1985); Krapivsky, Redner, Ben-Naim (2010), ch. 8",
                   f"voter, complete mixing, N in {sizes}, {reps} replicates each, density 0.5",
                   "each doubling of N doubles the mean consensus time, within 3 SE",
                   "; ".join(rows), ok)


def granovetter(fast: bool) -> Outcome:
    def final(thresholds):
        r = run(_scenario("threshold", 100, {"kind": "complete"}, 120, 1,
                          {"rule": "count", "thresholds": thresholds, "seeds": 0}))
        return int(round(r.summary["final_share"][0] * 100))
    uniform = final(list(range(100)))
    changed = final([0, 2] + list(range(2, 100)))
    return Outcome("granovetter_riot",
                   "thresholds 0, 1, ..., 99 make all 100 join; changing the 1 into a 2 makes "
                   "only one join", "Granovetter (1978), Am. J. Sociology 83:1420",
                   "threshold, rule count, complete mixing, N=100, no seeds (deterministic)",
                   "100 and 1", f"{uniform} and {changed}", uniform == 100 and changed == 1)


def watts_window_bounds(phi: float) -> tuple[float, float]:
    """The mean degrees z of Erdos-Renyi graphs where vulnerable people (degree
    k <= 1/phi) percolate: sum_k k (k - 1) P_k [k <= 1/phi] > z (Watts 2002)."""
    kmax = math.floor(1 / phi)

    def excess(z):
        return sum(k * (k - 1) * math.exp(-z) * z ** k / math.factorial(k)
                   for k in range(2, kmax + 1)) - z
    grid = np.linspace(0.01, 15, 15000)
    inside = grid[[excess(z) > 0 for z in grid]]
    return float(inside.min()), float(inside.max())


def watts_cascades(fast: bool) -> Outcome:
    phi, n, reps = 0.18, 10000, (20 if fast else 100)
    lo, hi = watts_window_bounds(phi)
    inside = [round((lo + hi) / 2, 2)]
    outside = [round(hi + 2, 2)] + ([] if fast else [round(hi + 5, 2)])
    freq = {}
    for z in inside + outside:
        r = run(_scenario("threshold", n, {"kind": "erdos_renyi", "mean_degree": z}, 200, reps,
                          {"threshold": phi, "seeds": 1}))
        freq[z] = int(np.sum(np.asarray(r.summary["final_share"]) > 0.5))
    # Inside the window a single seed sets off a global cascade with a
    # probability of order the vulnerable cluster's share (tens of percent):
    # seeing none in `reps` runs would be far outside sampling error. Outside
    # it, global cascades are impossible in the large-N limit.
    ok = all(freq[z] > 0 for z in inside) and all(freq[z] == 0 for z in outside)
    return Outcome("watts_cascade_window",
                   "with threshold 0.18 on Erdos-Renyi graphs, global cascades occur for mean "
                   "degree inside the analytic window and not outside it",
                   "Watts (2002), PNAS 99:5766",
                   f"threshold 0.18, Erdos-Renyi N={n}, one random seed, {reps} replicates per z; "
                   f"global = more than half active; window ({lo:.2f}, {hi:.2f})",
                   "some global cascades at z=" + ", ".join(map(str, inside)) +
                   "; none at z=" + ", ".join(map(str, outside)),
                   "; ".join(f"z={z}: {freq[z]}/{reps}" for z in inside + outside), ok)


def sir_threshold(fast: bool) -> Outcome:
    n, reps, gamma = 10000, (4 if fast else 12), 0.2
    graphs = {"erdos_renyi": {"kind": "erdos_renyi", "mean_degree": 10},
              "barabasi_albert": {"kind": "barabasi_albert", "mean_degree": 10}}
    rows, ok = [], True
    for name, graph in graphs.items():
        k1, k2 = _graph_moments(graph, n)
        t_c = k1 / (k2 - k1)
        for factor in (0.5, 2.0):
            t = factor * t_c
            beta = t * gamma / (1 - t + t * gamma)
            r = run(_scenario("sir", n, graph, 400, reps,
                              {"beta": beta, "gamma": gamma, "initial_infected": 0.001}))
            size, se = _mean_se(r.summary["final_size"])
            good = size < 0.02 if factor < 1 else size > 0.1
            if name == "erdos_renyi" and factor > 1:
                # On Erdos-Renyi graphs the large-outbreak size solves
                # S = 1 - exp(-z T S); allow 3 SE plus 0.01 for the seeds
                # and the finite population.
                z = k1
                predicted = _fixed_point(lambda x: 1 - math.exp(-z * t * x))
                good &= abs(size - predicted) <= 3 * se + 0.01
                rows.append(f"{name} T={factor}Tc: {size:.3f} (theory {predicted:.3f})")
            else:
                rows.append(f"{name} T={factor}Tc: {size:.3f}")
            ok &= good
        rows[-2] = rows[-2] + f" (Tc={t_c:.4f})"
    return Outcome("sir_threshold",
                   "SIR outbreaks stay small below T_c = <k>/(<k^2> - <k>) and are large above "
                   "it; heterogeneous degrees lower T_c",
                   "Newman (2002), PRE 66:016128; Pastor-Satorras et al. (2015)",
                   f"sir, N={n}, mean degree 10, gamma={gamma}, 0.1% seeded, {reps} replicates; "
                   "T = beta/(beta + gamma - beta gamma)",
                   "final size < 0.02 at T = Tc/2 and > 0.1 at T = 2 Tc, on both graphs; on "
                   "Erdos-Renyi at 2 Tc within 3 SE + 0.01 of S = 1 - exp(-z T S)",
                   "; ".join(rows), ok)


def sis_threshold(fast: bool) -> Outcome:
    n, reps, gamma = 10000, (3 if fast else 8), 0.1
    graph = {"kind": "erdos_renyi", "mean_degree": 10}
    k1, k2 = _graph_moments(graph, n)
    lam_c = k1 / k2
    rows, ok = [], True
    for factor in (0.5, 2.0):
        beta = factor * lam_c * gamma
        r = run(_scenario("sis", n, graph, 600, reps,
                          {"beta": beta, "gamma": gamma, "initial_infected": 0.05}))
        prev, se = _mean_se(r.summary["prevalence"])
        ok &= prev < 0.005 if factor < 1 else prev > 0.05
        rows.append(f"lambda={factor} lambda_c: prevalence {prev:.4f}")
    return Outcome("sis_threshold",
                   "SIS spreading persists when beta/gamma exceeds <k>/<k^2> and dies out below",
                   "Pastor-Satorras and Vespignani (2001); Pastor-Satorras et al. (2015)",
                   f"sis, Erdos-Renyi N={n}, mean degree 10, gamma={gamma}, 5% seeded, "
                   f"{reps} replicates, prevalence over the last 150 of 600 days; "
                   f"lambda_c = {lam_c:.4f}",
                   "prevalence < 0.005 at lambda_c/2, > 0.05 at 2 lambda_c",
                   "; ".join(rows), ok)


def _fixed_point(f: Callable[[float], float], x: float = 0.5) -> float:
    for _ in range(10000):
        x_new = f(x)
        if abs(x_new - x) < 1e-14:
            break
        x = x_new
    return x


def _graph_moments(graph: dict, n: int) -> tuple[float, float]:
    """<k> and <k^2> of the graph that scenarios with this seed build."""
    k = _scenario("voter", n, graph, 1, 1, {"initial_density": 0.0}).degrees().astype(float)
    return float(k.mean()), float((k * k).mean())


CASES: list[tuple[str, Callable[[bool], Outcome], bool]] = [
    ("bass_closed_form", bass_closed_form, True),
    ("deffuant_clusters", deffuant_clusters, True),
    ("deffuant_consensus", deffuant_consensus, True),
    ("hk_threshold", hk_threshold, True),
    ("voter_exit_complete", voter_exit_complete, True),
    ("voter_exit_heterogeneous", voter_exit_heterogeneous, False),
    ("voter_time_linear", voter_time_linear, False),
    ("granovetter_riot", granovetter, True),
    ("watts_cascade_window", watts_cascades, True),
    ("sir_threshold", sir_threshold, True),
    ("sis_threshold", sis_threshold, False),
]
FAST = [name for name, _, fast in CASES if fast]


def run_cases(names: list[str] | None = None, fast: bool = False) -> list[Outcome]:
    """Run the named cases (all when None); fast uses fewer replicates."""
    chosen = [c for c in CASES if names is None or c[0] in names]
    return [fn(fast) for _, fn, _ in chosen]


def to_markdown(outcomes: list[Outcome], fast: bool) -> str:
    lines = ["# Validation against published results", "",
             "Generated by `scripts/validate` (`python3 -m commsim.validation --output "
             "docs/validation.md`); do not edit. Every case uses scenario seed "
             f"{SEED}; run seeds derive from it by hashing (see docs/architecture.md).",
             "" if not fast else "\nThis is the fast subset with fewer replicates.", "",
             "| case | claim | source | setup | expected | measured | result |",
             "|---|---|---|---|---|---|---|"]
    for o in outcomes:
        lines.append(f"| {o.case} | {o.claim} | {o.source} | {o.setup} | {o.expected} | "
                     f"{o.measured} | {'pass' if o.passed else '**FAIL**'} |")
    passed = sum(o.passed for o in outcomes)
    lines += ["", f"{passed} of {len(outcomes)} cases pass."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the classic models against "
                                                 "published results.")
    parser.add_argument("--output", type=Path, help="write the Markdown table here")
    parser.add_argument("--fast", action="store_true", help="the CI subset, fewer replicates")
    parser.add_argument("cases", nargs="*", help="case names (default: all)")
    args = parser.parse_args(argv)
    names = args.cases or (FAST if args.fast else None)
    outcomes = run_cases(names, fast=args.fast)
    text = to_markdown(outcomes, args.fast)
    if args.output:
        args.output.write_text(text)
    print(text)
    return 0 if all(o.passed for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
