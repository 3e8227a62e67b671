"""Plot helpers: what they draw is the data, and bad requests are named."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import commsim  # noqa: E402


def policies(results):
    return np.asarray(results.runs["community.entry.policy"])


def test_timeseries_draws_each_designs_mean_with_a_band(community_results):
    results, path = community_results
    fig = commsim.plot_timeseries(path, "members")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    # Designs by name, in point order.
    assert list(lines) == ["policy=free (n=3)", "policy=threshold, min_fit=0.6 (n=3)",
                           "policy=paid, fee=9, period_days=30 (n=3)"]
    members = results.timeseries["members"]
    np.testing.assert_allclose(lines["policy=paid, fee=9, period_days=30 (n=3)"].get_ydata(),
                               members[policies(results) == "paid"].mean(axis=0))
    assert len(ax.collections) == 3  # one band per design
    assert ax.get_ylabel() == "members (people)" and ax.get_xlabel() == "day"  # units
    assert not commsim.plot_timeseries(results, "members", band="none").axes[0].collections


def test_timeseries_band_kinds_and_categories(community_results):
    results, _ = community_results
    ax = commsim.plot_timeseries(results, "joins", category="invite", band="spread",
                                 confidence=0.8).axes[0]
    assert "central 80% of replicates" in ax.get_title() and "(invite)" in ax.get_title()
    # Without a category, a metric with a category axis is summed over it.
    summed = commsim.plot_timeseries(results, "joins", band="none").axes[0].get_lines()[0]
    free = results.timeseries["joins"][policies(results) == "free"].sum(axis=2).mean(axis=0)
    np.testing.assert_allclose(summed.get_ydata(), free)
    with pytest.raises(ValueError, match="band must be one of"):
        commsim.plot_timeseries(results, "members", band="wide")
    with pytest.raises(KeyError, match="no daily metric 'member'"):
        commsim.plot_timeseries(results, "member")
    with pytest.raises(KeyError, match="has no channel 'email'"):
        commsim.plot_timeseries(results, "joins", category="email")
    with pytest.raises(ValueError, match="no category axis"):
        commsim.plot_timeseries(results, "members", category="invite")


def test_roles_stack_to_one_when_shown_as_shares(community_results):
    results, _ = community_results
    fig = commsim.plot_roles(results, share=True)
    assert len(fig.axes) == 3
    top = fig.axes[0].collections[-1].get_paths()[0].vertices[:, 1]
    assert top.max() == pytest.approx(1.0)
    with pytest.raises(KeyError, match="not a daily metric with a category axis"):
        commsim.plot_roles(results, "members")


def test_distributions_count_the_members_of_each_design(community_results):
    results, path = community_results
    fig = commsim.plot_distributions(path, ("opinion", "trust"))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    status = results.agents["member_status"][:, -1, :]
    free = int((status[policies(results) == "free"] == 1).sum())
    assert labels[0] == f"policy=free ({free:,})"
    assert fig.axes[0].get_ylabel().startswith("density") and fig.axes[1].get_xlabel()
    with pytest.raises(KeyError, match="no agent attribute 'mood'"):
        commsim.plot_distributions(results, ("mood",))
    with pytest.raises(IndexError, match="snapshot 3 is out of range"):
        commsim.plot_distributions(results, snapshot=3)


def test_distributions_need_snapshots(small_scenario):
    with pytest.raises(ValueError, match="no agent snapshots; run the scenario with output.agents"):
        commsim.plot_distributions(commsim.run(small_scenario))


def test_network_legend_counts_the_run_and_the_file_rebuilds_the_graph(community_results):
    results, path = community_results
    # The run with the most people who left, so that every kind of person is drawn.
    run = int(np.argmax((results.agents["member_status"][:, -1] == 2).sum(axis=1)))
    fig = commsim.plot_network(results, run=run, max_people=150)
    status = results.agents["member_status"][run, -1]
    role = results.agents["role_code"][run, -1]
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    supporters = int(((status == 1) & (role == 2)).sum())
    assert f"supporter ({supporters:,})" in legend
    assert f"left ({int((status == 2).sum()):,})" in legend
    drawn = sum(len(c.get_offsets()) for c in fig.axes[0].collections[1:])
    assert 0 < drawn <= 150
    # From the file, the scenario text it records rebuilds the same graph.
    again = commsim.plot_network(path, run=run, max_people=150)
    assert [t.get_text() for t in again.axes[0].get_legend().get_texts()] == legend
    assert again.axes[0].get_title() == fig.axes[0].get_title()
    with pytest.raises(IndexError, match="run 99 is out of range"):
        commsim.plot_network(results, run=99)


def test_edges_are_the_graph_the_degrees_describe(scenarios):
    s = commsim.Scenario.load(scenarios / "bass.yaml", overrides={"population.size": 500})
    edges = s.edges(0)
    assert edges.dtype == np.uint32 and edges.shape[1] == 2
    assert np.all(edges[:, 0] < edges[:, 1])
    assert np.array_equal(edges, np.unique(edges, axis=0))  # sorted, no duplicates
    degrees = np.bincount(edges.ravel(), minlength=500)
    np.testing.assert_array_equal(degrees, s.degrees(0))
    mixed = commsim.Scenario.load(scenarios / "bass.yaml",
                                  overrides={"population.graph": {"kind": "complete"}})
    with pytest.raises(commsim.InputError, match="complete mixing"):
        mixed.edges(0)
    with pytest.raises(commsim.InputError, match="run 10 is out of range"):
        s.edges(10)
