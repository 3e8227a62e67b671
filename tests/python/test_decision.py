"""The strategist's answer against cases whose answer is known by construction:
the probability of being best and the paired intervals, the settle rule,
constraints, values fixed by a rule, intervals that stay inside their bounds,
and names and groupings."""

import math

import numpy as np
import pytest
import xarray as xr
from scipy import stats

import commsim
from commsim import decision
from commsim.data import mean_interval, pooling
from commsim.decision import Objective, answer, probability_best, settle_bound


def experiment(values, names=None, paired=True, units=None, fixed=None, objective=None,
               swept=None):
    """A results-shaped Dataset: values maps a summary to a (designs, replicates) array."""
    designs, reps = np.shape(next(iter(values.values())))
    names = names or [f"design {d}" for d in range(designs)]
    point = np.repeat(np.arange(designs), reps)
    data = {f"summary_{k}": ("run", np.asarray(v, float).reshape(-1),
                             {"units": (units or {}).get(k, "currency")})
            for k, v in values.items()}
    for k, v in (fixed or {}).items():
        data[f"fixed_by_rule_{k}"] = ("run", np.asarray(v, float).reshape(-1),
                                      {"long_name": "fixed by a rule of the model"})
    coords = {"run": np.arange(designs * reps), "point": ("run", point),
              "design": ("run", np.asarray(names)[point]),
              "replicate": ("run", np.tile(np.arange(reps), designs)),
              "status": ("run", np.array(["done"] * (designs * reps)))}
    for key, per_design in (swept or {}).items():
        coords[key] = ("run", np.asarray(per_design)[point])
    ds = xr.Dataset(data, coords=coords)
    ds.attrs.update({"design_common_random_numbers": int(paired), "seed": 7})
    if objective is not None:
        o = objective
        ds.attrs.update({
            "objective_name": o.name, "objective_direction": o.direction,
            "objective_parts": "\n".join(("-" if s < 0 else "+") + p for p, s in o.parts),
            "objective_explain": "\n".join(o.explain),
            "objective_constraints": "\n".join(f"{s} {op} {b}" for s, op, b in o.constraints),
            "objective_confidence": str(o.confidence), "objective_recorded": str(int(o.recorded)),
            "objective_origin": "scenario"})
    return ds


def paired_pair(n, delta, sd, seed):
    """Two designs that share each replicate's large noise; B = A + delta + N(0, sd)."""
    rng = np.random.default_rng(seed)
    base = rng.normal(1000, 300, n)
    return np.array([base, base + delta + rng.normal(0, sd, n)])


def test_probability_best_of_two_paired_designs_is_the_paired_t_posterior():
    """Known answer: with two designs and no constraint, P(B best) is the
    posterior P(mean difference > 0) = T_{n-1}(mean / (sd / sqrt n)); the Monte
    Carlo estimate is within 4 of its standard errors, and the settle bound is
    exactly the other design's probability."""
    o = Objective("x")
    for seed, delta in [(1, 3.0), (2, 1.0), (3, 0.3), (4, -2.0)]:
        values = paired_pair(8, delta, 2.0, seed)
        d = values[1] - values[0]
        exact = stats.t.cdf(d.mean() / (d.std(ddof=1) / math.sqrt(len(d))), len(d) - 1)
        p, none = probability_best(values, np.zeros((2, 0, 8)), np.zeros(2, bool), o, True)
        tolerance = 4 * math.sqrt(exact * (1 - exact) / decision.DRAWS) + 1e-9
        assert p[1] == pytest.approx(exact, abs=tolerance)
        assert p.sum() == pytest.approx(1) and none == 0
        leader, bound, settled, _ = settle_bound(values, np.zeros((2, 0, 8)), np.zeros(2, bool),
                                                 o, True)
        assert leader == (1 if d.mean() > 0 else 0)
        assert bound == pytest.approx(min(exact, 1 - exact), rel=1e-9)
        assert settled == (bound <= 0.05)


def test_the_noise_the_designs_share_cancels_in_the_paired_answer():
    """The replicates' shared noise (sd 300) dwarfs the difference (5): the designs'
    own intervals overlap, yet the paired difference is sharp and the answer settled."""
    values = paired_pair(10, 5.0, 1.0, seed=11)
    a = answer(experiment({"x": values}, ["A", "B"], objective=Objective("x")))
    assert a.winner == "B" and a.runner_up == "A" and a.settled
    m = a.means
    assert m.loc["A", "high"] > m.loc["B", "low"]  # marginal intervals overlap
    assert a.difference.low > 0 and a.difference.high < 10
    assert a.means.loc["B", "p_best"] > 0.999
    # Without common random numbers the same values cannot tell (Welch).
    b = answer(experiment({"x": values}, ["A", "B"], paired=False, objective=Objective("x")))
    assert not b.settled and b.difference.low < 0 < b.difference.high
    assert b.more_replicates is not None and b.more_replicates > 10


def test_paired_intervals_cover_the_known_difference_at_their_rate(monkeypatch):
    """Over 300 experiments with a true difference of 2, the 95% paired interval
    covers it in 95% of them, within 3 binomial standard errors (0.038)."""
    monkeypatch.setattr(decision, "DRAWS", 500)
    covered = 0
    trials = 300
    for seed in range(trials):
        values = paired_pair(6, 2.0, 1.5, seed=100 + seed)
        a = answer(experiment({"x": values}, ["A", "B"], objective=Objective("x")))
        lead = a.lead()
        covered += lead.low <= 2.0 <= lead.high if a.winner == "B" else \
            -lead.high <= 2.0 <= -lead.low
    assert abs(covered / trials - 0.95) < 3 * math.sqrt(0.95 * 0.05 / trials)


def test_an_exact_tie_never_settles_and_shares_the_probability():
    values = paired_pair(6, 0.0, 0.0, seed=5)  # B equals A in every replicate
    a = answer(experiment({"x": values}, ["A", "B"], objective=Objective("x")))
    assert not a.settled and a.bound == pytest.approx(0.5)
    assert a.means["p_best"].tolist() == pytest.approx([0.5, 0.5])
    assert a.more_replicates is None
    assert "would not settle it" in a.to_text()


def test_minimize_and_constraints_pick_the_best_design_that_meets_them():
    rng = np.random.default_rng(3)
    base = rng.normal(100, 10, 12)
    cost = np.array([base, base - 30, base - 50])      # C is cheapest...
    retention = np.array([np.full(12, 0.8), np.full(12, 0.7), np.full(12, 0.2)])
    retention += rng.normal(0, 0.02, (3, 12))          # ...but keeps few members
    o = Objective("cost", "minimize", constraints=(("retention", ">=", 0.5),))
    a = answer(experiment({"cost": cost, "retention": retention}, ["A", "B", "C"],
                          units={"retention": "share"}, objective=o))
    assert a.winner == "B" and a.runner_up == "A" and a.settled
    assert a.lead().mean == pytest.approx(30) and a.means.loc["C", "p_best"] == 0
    assert not a.means.loc["C", "meets"]
    assert "30" in a.sentence() and "lower than A" in a.sentence()
    # Asked from the command line's words instead.
    b = answer(experiment({"cost": cost, "retention": retention}, ["A", "B", "C"]),
               objective="cost", minimize=True, constraints=["retention>=0.5"])
    assert b.winner == "B"
    # Nobody meets an impossible constraint, and the answer says so.
    c = answer(experiment({"cost": cost, "retention": retention}, ["A", "B", "C"]),
               objective="cost", constraints=["retention>=0.95"])
    assert c.winner is None and c.p_none > 0.999 and c.settled
    assert "No design meets the constraints" in c.sentence()
    # A design that fails the constraints may do better on the objective: the
    # sentence says the winner is best among those that meet them.
    profit = np.array([base, base - 30, base + 40])
    only_a = retention.copy()
    only_a[1] -= 0.6  # B keeps few members too: A alone meets the constraint
    d = answer(experiment({"profit": profit, "retention": only_a}, ["A", "B", "C"]),
               objective="profit", constraints=["retention>=0.5"])
    assert d.winner == "A" and d.runner_up == "C" and d.lead().mean < 0
    assert "among the designs that meet the constraints (retention >= 0.5)" in d.sentence()
    assert "lower than C, which does not meet them" in d.sentence()
    assert "-" not in d.sentence().split(":")[1].split("currency")[0]
    with pytest.raises(commsim.InputError, match="is not a summary"):
        answer(experiment({"cost": cost}), objective="costs")
    with pytest.raises(commsim.InputError, match="expected SUMMARY>=NUMBER"):
        answer(experiment({"cost": cost}), objective="cost", constraints=["cost > 3"])


def test_the_breakdown_splits_the_lead_into_the_parts_that_make_it():
    """Known answer: B's fees are 100 higher, its sales equal, its costs 20 higher:
    a lead of 80, made of +100 fees and -20 costs."""
    rng = np.random.default_rng(8)
    base = rng.normal(1000, 200, 8)
    fees = np.array([base, base + 100])
    sales = np.array([base / 2, base / 2])
    costs = np.array([np.full(8, 50.0), np.full(8, 70.0)])
    joins = np.array([base / 10, base / 10 + 4])
    o = Objective("net", parts=(("fees", 1.0), ("sales", 1.0), ("costs", -1.0)),
                  explain=("joins",), recorded=False)
    a = answer(experiment({"fees": fees, "sales": sales, "costs": costs, "joins": joins},
                          ["A", "B"], units={"joins": "people"}, objective=o))
    assert a.winner == "B" and a.lead().mean == pytest.approx(80)
    parts = a.breakdown
    assert parts.loc["fees", "mean"] == pytest.approx(100)
    assert parts.loc["sales", "mean"] == pytest.approx(0, abs=1e-9)
    assert parts.loc["-costs", "mean"] == pytest.approx(-20)
    assert parts.loc["fees", "share"] == pytest.approx(1.25)
    assert parts.loc["joins", "mean"] == pytest.approx(4) and parts.loc["joins", "unit"] == "people"
    assert parts[parts["kind"] == "part"]["mean"].sum() == pytest.approx(a.lead().mean)
    assert "fees" in "\n".join(a.why())


def test_a_value_fixed_by_a_rule_is_never_the_best():
    """Design C's objective is fixed at 1 by a rule: it is not compared, however high."""
    rng = np.random.default_rng(4)
    share = np.clip(np.array([np.full(6, 0.3), np.full(6, 0.6), np.ones(6)])
                    + rng.normal(0, 0.05, (3, 6)) * [[1], [1], [0]], 0, 1)
    fixed = np.array([np.full(6, np.nan), np.full(6, np.nan), np.ones(6)])
    ds = experiment({"retention": share}, ["A", "B", "C"], units={"retention": "share"},
                    fixed={"retention": fixed})
    a = answer(ds, objective="retention")
    assert a.winner == "B" and a.means.loc["C", "p_best"] == 0 and a.means.loc["C", "fixed"]
    assert any("fixed by the model's rules in C" in n for n in a.notes)
    table = commsim.compare(ds, metrics=["retention"])
    assert ("C", "retention") in table.attrs["fixed_by_rule"]
    assert np.isnan(table.loc["C", ("retention", "low")])


@pytest.mark.parametrize("n", [2, 3, 4, 6])
def test_intervals_of_shares_stay_in_0_1_and_of_counts_above_0(n):
    rng = np.random.default_rng(n)
    for _ in range(200):
        centre = rng.choice([0.0, 0.01, 0.3, 0.97, 1.0])
        shares = np.clip(centre + rng.normal(0, rng.choice([0, 0.05, 0.4]), n), 0, 1)
        mean, low, high, _ = mean_interval(shares, bounds=(0, 1))
        assert 0 <= low <= mean <= high <= 1
        counts = np.maximum(rng.poisson(rng.choice([0, 0.5, 30]), n) - rng.choice([0, 1]), 0)
        mean, low, high, _ = mean_interval(counts.astype(float), bounds=(0, np.inf))
        assert 0 <= low <= mean <= high
    # The cases: retention near 1 and a handful of members on a tiny graph.
    assert mean_interval([0.003, 0.9, 0.95, 1.0], bounds=(0, 1))[2] <= 1
    assert mean_interval([0.0, 0.0, 0.0, 4.0], bounds=(0, np.inf))[1] >= 0
    # Every replicate on the bound: the exact interval of n trials.
    assert mean_interval([1.0] * 4, bounds=(0, 1))[1] == pytest.approx(0.025 ** 0.25)
    assert mean_interval([0.0] * 4, bounds=(0, np.inf))[2] == pytest.approx(-math.log(0.025) / 4)


def test_bounded_intervals_agree_with_student_t_away_from_the_bounds():
    rng = np.random.default_rng(9)
    shares = rng.normal(0.5, 0.02, 40)
    plain = mean_interval(shares)
    bounded = mean_interval(shares, bounds=(0, 1))
    assert bounded[1] == pytest.approx(plain[1], rel=2e-3)
    assert bounded[2] == pytest.approx(plain[2], rel=2e-3)


def test_bounded_intervals_keep_their_coverage_near_a_bound():
    """Shares near 1 (Beta(19, 1), mean 0.95) with 4 replicates: the logit-scale
    interval covers the mean about as often as it says (95%), within 3 binomial
    standard errors over 3000 trials, while the plain t interval leaves [0, 1]."""
    rng = np.random.default_rng(12)
    trials, covered, outside = 3000, 0, 0
    for _ in range(trials):
        x = rng.beta(19, 1, 4)
        _, low, high, _ = mean_interval(x, bounds=(0, 1))
        covered += low <= 0.95 <= high
        outside += mean_interval(x)[2] > 1
    assert covered / trials > 0.95 - 3 * math.sqrt(0.95 * 0.05 / trials)
    assert outside > 0


def test_two_keys_name_designs_and_one_key_says_what_it_pools():
    rng = np.random.default_rng(2)
    values = rng.normal(10, 1, (4, 3))
    swept = {"community.entry.policy": ["free", "free", "threshold", "threshold"],
             "community.content.quality": [0.3, 0.9, 0.3, 0.9]}
    ds = experiment({"x": values}, ["policy=free, quality=0.3", "policy=free, quality=0.9",
                                    "policy=threshold, quality=0.3",
                                    "policy=threshold, quality=0.9"], swept=swept)
    both = commsim.compare(ds, by=["community.entry.policy", "community.content.quality"],
                           metrics=["x"])
    assert list(both.index) == ["policy=free, quality=0.3", "policy=free, quality=0.9",
                                "policy=threshold, quality=0.3", "policy=threshold, quality=0.9"]
    assert pooling(ds, ["community.entry.policy", "community.content.quality"]) is None
    note = pooling(ds, "community.content.quality")
    assert note and "community.entry.policy" in note and "2 of 2 groups" in note
    with pytest.warns(UserWarning, match="pools design points that differ in "
                                         "community.entry.policy"):
        commsim.compare(ds, by="community.content.quality", metrics=["x"])
    a = answer(ds, by="community.content.quality", objective="x")
    assert any("pools design points" in n for n in a.notes)
    assert list(commsim.compare(ds, metrics=["x"]).index) == list(both.index)  # names by default


def test_one_design_or_a_grouping_by_runs_gives_no_answer():
    rng = np.random.default_rng(5)
    one = experiment({"profit": rng.normal(10, 1, (1, 8))}, ["only"])
    assert answer(one, objective="profit") is None
    assert "only one design" in decision.no_answer_reason(one, objective="profit")
    two = experiment({"profit": rng.normal(10, 1, (2, 8))}, ["A", "B"])
    for column in ("replicate", "status", "run"):
        with pytest.raises(KeyError, match="tells the runs of a design apart"):
            answer(two, by=column, objective="profit")
