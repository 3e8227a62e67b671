"""Grouping runs into designs, intervals, and comparisons from any results source."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy import stats

import commsim
from commsim.data import design_columns, designs, mean_interval


def run_table(points, **columns):
    """A results-shaped Dataset with just the run table: one run per entry of points."""
    n = len(points)
    coords = {"point": ("run", np.asarray(points)), "replicate": ("run", np.zeros(n, int)),
              "status": ("run", np.array(["done"] * n))}
    coords.update({name: ("run", np.asarray(values)) for name, values in columns.items()})
    return xr.Dataset(coords=coords)


def test_a_swept_section_is_named_by_the_key_that_tells_its_points_apart():
    # As a sweep over community.entry records it: the section, then every key,
    # empty where a point's variant lacks it, and constants.
    ds = run_table([0, 0, 1, 1, 2, 2],
                   **{"community.entry": ["{policy: free}"] * 2 + ["{policy: threshold}"] * 2
                      + ["{policy: paid, fee: 99}"] * 2,
                      "community.entry.policy": ["free"] * 2 + ["threshold"] * 2 + ["paid"] * 2,
                      "community.entry.fee": ["", "", "", "", "99", "99"],
                      "community.entry.accept_base": [0.3] * 6})
    assert design_columns(ds) == ["community.entry.policy"]
    name, labels = designs(ds)
    assert name == "community.entry.policy"
    # Design (point) order, not alphabetical.
    assert list(labels.cat.categories) == ["free", "threshold", "paid"]


def test_grid_axes_combine_and_ambiguous_designs_fall_back_to_the_point():
    grid = run_table([0, 1, 2, 3], **{"a.q": [0.1, 0.1, 0.6, 0.6], "a.kind": ["x", "y", "x", "y"]})
    assert design_columns(grid) == ["a.q", "a.kind"]
    name, labels = designs(grid)
    assert name == "a.q, a.kind"
    assert list(labels) == ["q=0.1, kind=x", "q=0.1, kind=y", "q=0.6, kind=x", "q=0.6, kind=y"]
    # Two keys that each tell the points apart: neither is "the" name.
    twins = run_table([0, 1], **{"a": [1.0, 2.0], "b": [5.0, 7.0]})
    assert design_columns(twins) == ["point"]
    assert design_columns(run_table([0, 0, 0])) == ["point"]
    with pytest.raises(KeyError, match="cannot group by 'nope'; the run table has: point"):
        designs(grid, by="nope")
    assert designs(grid, by=["a.kind"])[1].tolist() == ["x", "y", "x", "y"]


def test_mean_interval_is_the_student_t_interval_and_skips_failed_runs():
    mean, low, high, n = mean_interval([1.0, 2.0, 3.0, np.nan])
    half = stats.t.ppf(0.975, 2) * 1.0 / np.sqrt(3)
    assert (mean, n) == (2.0, 3)
    assert low == pytest.approx(2 - half) and high == pytest.approx(2 + half)
    mean, low, high, n = mean_interval([[1.0, 10.0], [3.0, 10.0]])
    np.testing.assert_allclose(mean, [2.0, 10.0])
    assert high[1] == low[1] == 10.0  # no spread, no width
    assert np.isnan(mean_interval([4.0])[1])
    with pytest.raises(ValueError, match="confidence"):
        mean_interval([1.0, 2.0], confidence=95)


def test_compare_gives_the_same_table_from_memory_file_and_dataset(community_results):
    results, path = community_results
    metrics = ["members_final", "retention_90", "trust_final"]
    from_memory = commsim.compare(results, metrics=metrics)
    from_file = commsim.compare(path, metrics=metrics)
    from_dataset = commsim.compare(commsim.open(path), metrics=metrics)
    pd.testing.assert_frame_equal(from_memory, from_file, check_dtype=False)
    pd.testing.assert_frame_equal(from_file, from_dataset)
    assert from_file.index.name == "design"  # the design points' names
    assert list(from_file.index) == ["policy=free", "policy=threshold, min_fit=0.6",
                                     "policy=paid, fee=9, period_days=30"]
    free = results.summary["members_final"][np.asarray(results.runs["community.entry.policy"])
                                            == "free"]
    assert from_file.loc["policy=free", ("members_final", "mean")] == pytest.approx(free.mean())
    assert from_file.loc["policy=free", ("members_final", "n")] == 3
    by_policy = commsim.compare(path, by="community.entry.policy", metrics=metrics)
    assert list(by_policy.index) == ["free", "threshold", "paid"]


def test_analysis_sources_are_checked(community_results):
    with pytest.raises(TypeError, match="expected a results file path, commsim.Results"):
        commsim.compare(42)
    with pytest.raises(commsim.InputError, match="no metric 'nope'"):
        commsim.compare(community_results[1], metrics=["nope"])
