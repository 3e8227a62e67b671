"""The Python API: loading, overriding, running, reading results."""

import threading
import time

import numpy as np
import pandas as pd
import pytest
import xarray as xr

import commsim


def test_load_applies_overrides_with_validation(scenarios):
    s = commsim.Scenario.load(scenarios / "bass.yaml",
                              overrides={"days": 12, "population.graph": {"kind": "complete"}})
    assert s.days == 12
    assert s.model == "bass"
    assert s.values["population.graph.kind"] == "complete"
    assert s.values["bass.p"] == pytest.approx(0.03)
    assert "days: 12" in s.text
    assert "Scenario(name='bass-diffusion'" in repr(s)


def test_scenario_errors_carry_the_command_line_message(scenarios, tmp_path):
    with pytest.raises(commsim.ScenarioError, match=r"bass\.p: expected a number in \[0, 1\]"):
        commsim.Scenario.load(scenarios / "bass.yaml", overrides={"bass.p": 3})
    bad = tmp_path / "bad.yaml"
    bad.write_text("model: bass\nseed: 1\ndays: 5\npopulation: {size: 10}\nbass: {qq: 1}\n")
    with pytest.raises(commsim.ScenarioError) as err:
        commsim.Scenario.load(bad)
    assert f"{bad}:5:8: bass.qq: unknown key `qq`; did you mean `q`?" in str(err.value)
    assert isinstance(err.value, commsim.InputError)
    assert isinstance(err.value, commsim.Error)
    with pytest.raises(commsim.ScenarioError, match="no such file"):
        commsim.Scenario.load(tmp_path / "missing.yaml")


def test_bad_argument_types_raise_type_errors(scenarios):
    with pytest.raises(TypeError, match="path must be"):
        commsim.Scenario.load(42)
    with pytest.raises(TypeError, match="overrides must be a mapping"):
        commsim.Scenario.load(scenarios / "bass.yaml", overrides=["days=3"])
    with pytest.raises(TypeError, match="not plain data"):
        commsim.Scenario.load(scenarios / "bass.yaml", overrides={"days": object()})
    s = commsim.Scenario.load(scenarios / "bass.yaml", overrides={"days": 2, "replicates": 1})
    for bad in (0, -1, 1.5, "2", True):
        with pytest.raises(ValueError, match="threads"):
            commsim.run(s, threads=bad)


def test_run_in_memory_returns_numpy_arrays(small_scenario):
    r = commsim.run(commsim.Scenario.load(small_scenario), threads=2)
    assert r.path is None
    share = r.timeseries["adopted_share"]
    assert isinstance(share, np.ndarray) and share.shape == (3, 16)
    assert r.timeseries["new_adopters"].shape == (3, 16, 2)
    assert r.axes == {"channel": ["innovation", "imitation"]}
    assert np.all(np.diff(share, axis=1) >= 0)  # adoption is permanent
    assert r.summary["final_share"].shape == (3,)
    assert r.runs["status"] == ["done"] * 3
    assert len(set(r.runs["seed"].tolist())) == 3
    ds = r.to_xarray()
    assert ds["new_adopters"].dims == ("run", "day", "channel")


def test_run_to_file_matches_memory_and_opens_with_named_dimensions(small_scenario, tmp_path):
    out = tmp_path / "r.h5"
    r = commsim.run(small_scenario, output=out)
    assert r.path == out and out.exists()
    ds = commsim.open(out)
    assert isinstance(ds, xr.Dataset)
    assert ds["adopted_share"].dims == ("run", "day")
    assert ds["new_adopters"].dims == ("run", "day", "channel")
    assert list(ds["channel"].values) == ["innovation", "imitation"]
    assert ds["summary_final_share"].dims == ("run",)
    assert list(ds["status"].values) == ["done"] * 3
    assert ds.attrs["format"] == "commsim-results"
    assert ds.attrs["model"] == "bass"
    np.testing.assert_array_equal(ds["adopted_share"].values, r.timeseries["adopted_share"])
    # The same file through plain xarray, group by group.
    ts = xr.open_dataset(out, engine="h5netcdf", group="timeseries")
    assert ts["new_adopters"].dims == ("run", "day", "channel")
    ts.close()


def test_summary_is_one_row_per_run(small_scenario, tmp_path):
    out = tmp_path / "r.h5"
    commsim.run(small_scenario, output=out)
    df = commsim.summary(out)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 3
    assert {"seed", "replicate", "status", "final_share", "half_day"} <= set(df.columns)
    assert (df["status"] == "done").all()


def test_reading_bad_results_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        commsim.open(tmp_path / "none.h5")
    junk = tmp_path / "junk.h5"
    junk.write_text("junk")
    with pytest.raises(commsim.InputError, match="not an HDF5 file"):
        commsim.summary(junk)
    with pytest.raises(TypeError):
        commsim.open(3)


def test_existing_output_is_protected(small_scenario, tmp_path):
    out = tmp_path / "r.h5"
    out.write_text("keep me")
    with pytest.raises(commsim.ScenarioError, match="the file exists"):
        commsim.run(small_scenario, output=out)
    assert out.read_text() == "keep me"
    commsim.run(small_scenario, output=out, overwrite=True)
    assert commsim.summary(out).shape[0] == 3


def test_the_gil_is_released_while_simulating(scenarios):
    s = commsim.Scenario.load(scenarios / "bass.yaml",
                              overrides={"population.size": 200000, "days": 60, "replicates": 2})
    ticks = 0
    done = threading.Event()

    def simulate():
        commsim.run(s, threads=1)
        done.set()

    worker = threading.Thread(target=simulate)
    worker.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    # With the GIL held for the whole run, this loop could not tick at all.
    assert ticks > 20


def test_describe_and_models():
    assert "bass" in commsim.models()
    d = commsim.describe("bass")
    assert [p["name"] for p in d["params"]][:2] == ["p", "q"]
    assert d["params"][0]["default"] == pytest.approx(0.03)
    with pytest.raises(commsim.ScenarioError):
        commsim.describe("nosuch")


def test_ctrl_c_stops_a_run_and_keeps_finished_runs(scenarios, tmp_path):
    import os
    import subprocess
    import sys
    script = f"""
import commsim, os, signal, threading
s = commsim.Scenario.load({str(scenarios / 'bass.yaml')!r},
                          overrides={{"population.size": 300000, "days": 400, "replicates": 50}})
threading.Timer(2.0, lambda: os.kill(os.getpid(), signal.SIGINT)).start()
try:
    commsim.run(s, output={str(tmp_path / 'r.h5')!r})
except KeyboardInterrupt as e:
    print("interrupted:", e)
"""
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       timeout=120, env=os.environ)
    assert "interrupted:" in r.stdout, r.stderr
    # No work files; the results file, if a run finished, is whole and says
    # which runs are done.
    assert [p.name for p in tmp_path.iterdir()] in ([], ["r.h5"])
    if (tmp_path / "r.h5").exists():
        status = commsim.summary(tmp_path / "r.h5")["status"]
        assert set(status) <= {"done", "pending"} and "pending" in set(status)


def test_graph_of_a_run_is_the_graph_of_its_design_point(tmp_path):
    """degrees(run) and edges(run) follow a sweep over population.graph."""
    path = tmp_path / "graphs.yaml"
    path.write_text("""\
model: bass
seed: 4
days: 2
population: {size: 400, graph: {kind: barabasi_albert, mean_degree: 4}}
sweep:
  points:
    - {population.graph.mean_degree: 4}
    - {population.graph.mean_degree: 10}
""")
    scenario = commsim.Scenario.load(path)
    assert scenario.degrees(0).mean() == pytest.approx(4, rel=0.05)
    assert scenario.degrees(1).mean() == pytest.approx(10, rel=0.05)
    assert len(scenario.edges(1)) > 2 * len(scenario.edges(0))
