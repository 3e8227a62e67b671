"""Sensitivity estimators against functions whose indices are known."""

import math

import numpy as np
import pytest

import commsim
from commsim.sensitivity import morris_from_samples, sobol_from_samples

RANGES = {"bass.p": [0.0, 1.0], "bass.q": [0.0, 1.0], "bass.initial_adopters": [0.0, 1.0]}


def design(method, points, **extra):
    return commsim.Scenario.from_yaml({
        "model": "bass", "seed": 11, "days": 1,
        "population": {"size": 10, "graph": {"kind": "complete"}},
        "sweep": {"sample": {"method": method, "points": points, "ranges": RANGES, **extra}},
    }).design


def ishigami(u, a=7.0, b=0.1):
    x = -math.pi + 2 * math.pi * np.asarray(u)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_of_the_ishigami_function():
    # Analytic indices for a = 7, b = 0.1 (Ishigami and Homma 1990).
    a, b = 7.0, 0.1
    v = a**2 / 8 + b * math.pi**4 / 5 + b**2 * math.pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 / 18 - b**2 * math.pi**8 / 50
    s1 = np.array([v1 / v, v2 / v, 0.0])
    st = np.array([(v1 + v13) / v, v2 / v, v13 / v])
    d = design("sobol", 4096)
    y = ishigami(d["unit"])
    result = sobol_from_samples(y, d["base_points"], d["parameters"], bootstrap=100)
    # Tolerance: 4 bootstrap standard errors of each estimate.
    assert np.all(np.abs(result["S1"] - s1) <= 4 * result["S1_se"]), result
    assert np.all(np.abs(result["ST"] - st) <= 4 * result["ST_se"]), result
    assert result["ST"].iloc[2] > 0.2 > result["S1"].iloc[2] + 0.1  # x3 acts only in interaction


def test_morris_effects_of_a_linear_function_are_exact():
    d = design("morris", 20)
    u = np.asarray(d["unit"])
    y = 2 * u[:, 0] - 3 * u[:, 1] + 0 * u[:, 2]
    result = morris_from_samples(y, u, d["changed_axis"], d["parameters"])
    np.testing.assert_allclose(result["mu"], [2, -3, 0], atol=1e-12)
    np.testing.assert_allclose(result["mu_star"], [2, 3, 0], atol=1e-12)
    np.testing.assert_allclose(result["sigma"], [0, 0, 0], atol=1e-12)
    assert list(result["n"]) == [20, 20, 20]


def test_morris_separates_interactions_from_additive_effects():
    # f = u1 u2 + u3: the effect of u3 is exactly 1 everywhere (sigma 0); the
    # effect of u1 is u2, which varies along the design (sigma > 0), with a
    # mean between 0 and 1.
    d = design("morris", 50, levels=6)
    u = np.asarray(d["unit"])
    result = morris_from_samples(u[:, 0] * u[:, 1] + u[:, 2], u, d["changed_axis"],
                                 d["parameters"])
    assert result["mu"].iloc[2] == pytest.approx(1.0)
    assert result["sigma"].iloc[2] == pytest.approx(0.0, abs=1e-12)
    for i in (0, 1):
        assert 0 < result["mu"].iloc[i] < 1
        assert result["sigma"].iloc[i] > 0.05


def test_indices_from_a_results_file(tmp_path):
    s = commsim.Scenario.from_yaml({
        "model": "bass", "seed": 2, "days": 10, "replicates": 2,
        "population": {"size": 2000, "graph": {"kind": "complete"}},
        "sweep": {"sample": {"method": "sobol", "points": 16,
                             "ranges": {"bass.q": [0.05, 0.8], "bass.p": [0.0005, 0.01]}}}})
    out = tmp_path / "s.h5"
    commsim.run(s, output=out)
    table = commsim.sobol_indices(out, "adopted_share", bootstrap=50)
    assert list(table.index) == ["bass.q", "bass.p"]
    assert np.all(np.isfinite(table["ST"]))
    assert table.loc["bass.q", "ST"] > table.loc["bass.p", "ST"]  # imitation drives day 10
    with pytest.raises(ValueError, match="needs a sweep with sample method morris"):
        commsim.morris_effects(out, "final_share")
    with pytest.raises(KeyError, match="no metric 'nope'"):
        commsim.sobol_indices(out, "nope")
