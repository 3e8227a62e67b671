"""Sweeps through the command line and Python: design size, per-run
parameter columns, the design record, and bad designs rejected up front."""

import subprocess

import h5py
import numpy as np

import commsim

SWEEP = """\
model: bass
seed: 3
days: 12
replicates: 2
population: {size: 1500, graph: {kind: erdos_renyi, mean_degree: 6}}
sweep:
  grid:
    bass.q: [0.1, 0.6]
    population.graph: [{kind: erdos_renyi, mean_degree: 6}, {kind: complete}]
"""


def cli(exe, *args):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=120)


def test_validate_prints_the_design_size(commsim_exe, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP)
    r = cli(commsim_exe, "validate", path)
    assert r.returncode == 0, r.stderr
    assert "8 run(s) = 4 point(s) x 2 replicate(s) (grid)" in r.stdout
    assert "varies     population.graph" in r.stdout


def test_sweep_results_carry_one_column_per_swept_parameter(commsim_exe, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP)
    out = tmp_path / "s.h5"
    r = cli(commsim_exe, "run", path, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "\n  q=0.6, kind=complete " in r.stdout  # the design's name, in the table
    with h5py.File(out) as f:
        np.testing.assert_array_equal(f["runs/bass.q"][()], [0.1] * 4 + [0.6] * 4)
        assert list(f["runs/population.graph"].asstr()[:3]) == [
            "{kind: erdos_renyi, mean_degree: 6}"] * 2 + ["{kind: complete}"]
        np.testing.assert_array_equal(f["runs/point"][()], [0, 0, 1, 1, 2, 2, 3, 3])
        assert f["design"].attrs["method"] == "grid"
        assert len(set(f["runs/seed"][()])) == 2  # paired: replicate r shares its seed
        assert list(f["runs/design"].asstr()[::2]) == [
            "q=0.1, kind=erdos_renyi, mean_degree=6", "q=0.1, kind=complete",
            "q=0.6, kind=erdos_renyi, mean_degree=6", "q=0.6, kind=complete"]
    df = commsim.summary(out)
    means = df.groupby("bass.q")["final_share"].mean()
    assert means[0.6] > means[0.1]  # stronger imitation spreads further by day 12


def test_sampling_designs_record_their_unit_coordinates(commsim_exe, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP.split("sweep:")[0] + """\
sweep:
  sample:
    method: sobol
    points: 4
    ranges: {bass.q: [0.1, 0.5], bass.p: {log_uniform: [0.001, 0.1]}}
""")
    out = tmp_path / "s.h5"
    assert cli(commsim_exe, "run", path, "-o", out, "-q").returncode == 0
    with h5py.File(out) as f:
        unit = f["design/unit"][()]
        assert unit.shape == (16, 2)  # 4 x (2 + 2) points
        q = f["runs/bass.q"][::2]     # one row per point (2 replicates)
        np.testing.assert_allclose(q, 0.1 + 0.4 * unit[:, 0], rtol=1e-12)


def test_a_bad_design_exits_1_naming_the_sweep_entry(commsim_exe, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP.replace("bass.q: [0.1, 0.6]", "bass.q: [0.1, 60]"))
    r = cli(commsim_exe, "run", path, "-o", tmp_path / "o.h5")
    assert r.returncode == 1
    assert f"{path}:8:19 (sweep of bass.q, point 2): bass.q: expected a number in [0, 10]" in r.stderr
    assert not (tmp_path / "o.h5").exists()


def test_python_sweeps_give_parameter_columns(tmp_path):
    s = commsim.Scenario.from_yaml(SWEEP)
    r = commsim.run(s)
    np.testing.assert_array_equal(r.runs["bass.q"], [0.1] * 4 + [0.6] * 4)
    assert r.timeseries["adopted_share"].shape == (8, 13)


def test_compare_groups_runs_by_a_swept_parameter(commsim_exe, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP)
    out = tmp_path / "s.h5"
    assert cli(commsim_exe, "run", path, "-o", out, "-q").returncode == 0
    png = tmp_path / "c.png"
    r = cli(commsim_exe, "compare", out, "--by", "bass.q", "--metric", "final_share",
            "--metric", "adopted_share", "--plot", png)
    assert r.returncode == 0, r.stderr
    # One key: the groups read q=0.1 and q=0.6 in the answer and the table.
    assert "Answer: q=0.6 is the best design on final_share" in r.stdout
    assert "\n  q=0.1 " in r.stdout and "\n  q=0.6 " in r.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = commsim.compare(out, by="bass.q", metrics=["final_share"])
    assert list(table.index) == [0.1, 0.6]
    assert (table[("final_share", "n")] == 4).all()
    low, mean, high = (table[("final_share", s)] for s in ("low", "mean", "high"))
    assert ((low <= mean) & (mean <= high)).all()
    # By design point by default: four groups of two replicates.
    assert len(commsim.compare(out)) == 4
    # A key inside a swept section has a column of its own to group by.
    kinds = commsim.compare(out, by="population.graph.kind", metrics=["final_share"])
    assert list(kinds.index) == ["erdos_renyi", "complete"]  # design order


def test_compare_reports_bad_requests(commsim_exe, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP)
    out = tmp_path / "s.h5"
    assert cli(commsim_exe, "run", path, "-o", out, "-q").returncode == 0
    r = cli(commsim_exe, "compare", out, "--metric", "nope")
    assert r.returncode == 1 and "no metric 'nope'" in r.stderr
    r = cli(commsim_exe, "compare", out, "--by", "bass.qq")
    assert r.returncode == 1 and "cannot group by 'bass.qq'" in r.stderr
    assert cli(commsim_exe, "compare", tmp_path / "none.h5").returncode == 1


def test_swept_values_are_recorded_exactly_with_their_type(commsim_exe, tmp_path):
    """A fee of 99.99999 and one of 100 are two designs, and read back as written."""
    path = tmp_path / "fees.yaml"
    path.write_text("""\
model: community
seed: 5
days: 3
population: {size: 2000, graph: {kind: barabasi_albert, mean_degree: 6}}
community: {seed_members: 10, seed_min_fit: 0, entry: {policy: paid, fee: 99}}
sweep:
  grid:
    community.entry.fee: [99.99999, 100]
    community.capacity: [50, 60]
""")
    out = tmp_path / "fees.h5"
    r = cli(commsim_exe, "run", path, "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    with h5py.File(out) as f:
        fee = f["runs/community.entry.fee"][()]
        capacity = f["runs/community.capacity"][()]
    assert fee.dtype == np.float64 and list(fee) == [99.99999, 99.99999, 100.0, 100.0]
    assert capacity.dtype == np.int64 and list(capacity) == [50, 60, 50, 60]
    table = commsim.compare(out, by="community.entry.fee", metrics=["members_final"])
    assert len(table) == 2


def test_describe_engine_lists_the_keys_every_scenario_has(commsim_exe):
    r = cli(commsim_exe, "describe", "engine")
    assert r.returncode == 0, r.stderr
    for key in ["population.size", "population.graph.kind", "population.graph.rewire",
                "(population.graph.kind: watts_strogatz)", "output.agents", "replicates"]:
        assert key in r.stdout
    md = cli(commsim_exe, "describe", "engine", "--markdown").stdout
    assert "| `population.graph.p_in` | real | `0.01` |" in md


NAMED = """\
model: bass
seed: 3
days: 12
replicates: 3
population: {size: 1500, graph: {kind: erdos_renyi, mean_degree: 6}}
sweep:
  points:
    - {name: word of mouth, bass.q: 0.6}
    - {name: advertising, bass.q: 0.1, bass.p: 0.08}
"""


def test_design_names_appear_in_every_output(commsim_exe, tmp_path):
    """validate, run, info, compare, the answer, the report, the plots and the
    results file all call the designs by their names, never "point 0"."""
    import matplotlib
    matplotlib.use("Agg")
    names = ["word of mouth", "advertising"]
    path = tmp_path / "named.yaml"
    path.write_text(NAMED)
    out = tmp_path / "named.h5"
    outputs = {"validate": cli(commsim_exe, "validate", path),
               "run": cli(commsim_exe, "run", path, "-o", out),
               "info": cli(commsim_exe, "info", out),
               "compare": cli(commsim_exe, "compare", out)}
    page = tmp_path / "named.html"
    outputs["report"] = cli(commsim_exe, "report", out, "-o", page)
    for command, r in outputs.items():
        assert r.returncode == 0, (command, r.stderr)
        if command != "report":
            assert all(n in r.stdout for n in names), (command, r.stdout)
        assert "point 0" not in r.stdout, command
    # The terminal's order: the answer, its certainty, why, then the table.
    text = outputs["run"].stdout
    marks = [text.index(m) for m in ("Answer: word of mouth is the best design", "Certainty:",
                                     "Why: word of mouth against advertising", "Table:")]
    assert marks == sorted(marks)
    html = page.read_text()
    assert all(f"<tr><td>{n}</td>" in html for n in names)
    with h5py.File(out) as f:
        assert list(f["runs/design"].asstr()[()]) == [names[0]] * 3 + [names[1]] * 3
    assert commsim.answer(out).designs == names
    assert list(commsim.compare(out, metrics=["final_share"]).index) == names
    legend = [t.get_label() for t in commsim.plot_timeseries(out, "adopted_share")
              .axes[0].get_lines()]
    assert legend == [f"{n} (n=3)" for n in names]
    ticks = [t.get_text() for t in commsim.plot_compare(out, metrics=["final_share"])
             .axes[0].get_xticklabels() + commsim.plot_compare(out, metrics=["final_share"])
             .axes[0].get_yticklabels()]
    assert all(any(n in t for t in ticks) for n in names), ticks


def test_by_takes_several_keys_and_says_what_one_key_pools(commsim_exe, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP)
    out = tmp_path / "s.h5"
    assert cli(commsim_exe, "run", path, "-o", out, "-q").returncode == 0
    r = cli(commsim_exe, "compare", out, "--by", "bass.q", "--by", "population.graph.kind",
            "--metric", "final_share")
    assert r.returncode == 0, r.stderr
    groups = ["q=0.1, kind=erdos_renyi", "q=0.1, kind=complete", "q=0.6, kind=erdos_renyi",
              "q=0.6, kind=complete"]
    rows = [line.split("  ")[1].strip() for line in r.stdout.splitlines()
            if line.startswith("  q=")]
    assert rows == groups  # one row per design, none pooled, in point order
    assert "pools design points" not in r.stdout
    assert "(bass.q, population.graph.kind)" in r.stdout
    # One key pools the graphs, and says so.
    r = cli(commsim_exe, "compare", out, "--by", "bass.q", "--metric", "final_share")
    assert r.returncode == 0, r.stderr
    assert "grouping by bass.q pools design points that differ in population.graph" in r.stdout
    # The report takes the same keys.
    page = tmp_path / "s.html"
    r = cli(commsim_exe, "report", out, "-o", page, "--by", "bass.q", "--by",
            "population.graph.kind")
    assert r.returncode == 0, r.stderr
    assert all(f"<tr><td>{g}</td>" in page.read_text() for g in groups)
    table = commsim.compare(out, by=["bass.q", "population.graph.kind"], metrics=["final_share"])
    assert list(table.index) == groups and (table[("final_share", "n")] == 2).all()
