"""The command line: exit codes, messages on stderr, and files written or not."""

import subprocess

import h5py
import pytest

from results_helpers import assert_same, datasets


def commsim(exe, *args, cwd=None):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_run_writes_a_results_file_and_prints_a_table(commsim_exe, small_scenario, tmp_path):
    out = tmp_path / "out.h5"
    r = commsim(commsim_exe, "run", small_scenario, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "final_share" in r.stdout and "95% interval" in r.stdout
    assert r.stderr == ""  # no progress when stderr is not a terminal
    with h5py.File(out) as f:
        assert f.attrs["format"] == "commsim-results"
        assert f["timeseries/adopted_share"].shape == (3, 16)
        assert list(f["runs/status"].asstr()[:]) == ["done"] * 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.h5", "small.yaml"]


def test_quiet_prints_nothing(commsim_exe, small_scenario, tmp_path):
    r = commsim(commsim_exe, "run", small_scenario, "-o", tmp_path / "q.h5", "--quiet")
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""


def test_default_output_is_named_after_the_scenario(commsim_exe, small_scenario, tmp_path):
    r = commsim(commsim_exe, "run", small_scenario, "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "small.h5").exists()


def test_one_and_two_threads_write_identical_datasets(commsim_exe, scenarios, tmp_path):
    files = []
    for threads in (1, 2):
        out = tmp_path / f"t{threads}.h5"
        r = commsim(commsim_exe, "run", scenarios / "bass.yaml", "-o", out, "-q",
                    "--threads", threads, "--set", "replicates=3",
                    "--set", "output.agents=every_20_days")
        assert r.returncode == 0, r.stderr
        files.append(datasets(out))
    assert "agents/adopted" in files[0]
    assert_same(*files)

BAD_INPUTS = {
    "malformed YAML": ("model: bass\ndays: [1, 2\n", ["bad.yaml:3:", "malformed YAML"]),
    "wrong type": ("model: bass\nseed: 1\ndays: ten\npopulation: {size: 10}\n",
                   ["bad.yaml:3:7", "days: expected a whole number", 'found "ten"']),
    "out of range": ("model: bass\nseed: 1\ndays: 5\npopulation: {size: 10}\nbass: {q: -1}\n",
                     ["bad.yaml:5:", "bass.q: expected a number in [0, 10]", 'found "-1"']),
    "unknown key": ("model: bass\nseed: 1\ndays: 5\npopulation: {size: 10}\nbass: {qq: 1}\n",
                    ["bad.yaml:5:8", "unknown key `qq`", "did you mean `q`?"]),
    "missing edge list": ("model: bass\nseed: 1\ndays: 5\npopulation:\n  size: 10\n"
                          "  graph: {kind: edge_list, path: missing.txt}\n",
                          ["bad.yaml:6:", "missing.txt does not exist"]),
    "malformed edge list": ("model: bass\nseed: 1\ndays: 5\npopulation:\n  size: 10\n"
                            "  graph: {kind: edge_list, path: broken.txt, self_loops: reject}\n",
                            ["bad.yaml:6:", "population.graph.path", "broken.txt:2: expected two "
                             "labels", "broken.txt:4: self-loop 3 3"]),
    "refused duplicate": ("model: bass\nseed: 1\ndays: 5\npopulation:\n"
                          "  graph: {kind: edge_list, path: dup.txt, duplicates: reject}\n",
                          ["dup.txt:3: duplicate edge 0 1 (first given on line 1"]),
    "edge list smaller than population.size says": (
        "model: bass\nseed: 1\ndays: 5\npopulation:\n  size: 2\n"
        "  graph: {kind: edge_list, path: dup.txt}\n",
        ["population.size is 2, but the file names 3 people"]),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_input_exits_1_with_a_located_message_and_writes_nothing(commsim_exe, tmp_path,
                                                                     case, command):
    text, expected = BAD_INPUTS[case]
    (tmp_path / "bad.yaml").write_text(text)
    (tmp_path / "broken.txt").write_text("0 1\nlonely\n0 12\n3 3\n1 0\n")
    (tmp_path / "dup.txt").write_text("0 1\n1 2\n1 0\n")
    before = sorted(tmp_path.iterdir())
    args = ["-o", tmp_path / "out.h5"] if command == "run" else []
    r = commsim(commsim_exe, command, tmp_path / "bad.yaml", *args)
    assert r.returncode == 1
    assert r.stdout == ""
    for fragment in expected:
        assert fragment in r.stderr
    assert sorted(tmp_path.iterdir()) == before  # no output, no temporary file


def test_bad_set_is_named(commsim_exe, small_scenario, tmp_path):
    r = commsim(commsim_exe, "run", small_scenario, "-o", tmp_path / "o.h5",
                "--set", "bass.p=2")
    assert r.returncode == 1
    assert "--set bass.p=2: bass.p: expected a number in [0, 1]" in r.stderr
    assert not (tmp_path / "o.h5").exists()


def test_existing_results_are_kept_without_overwrite(commsim_exe, small_scenario, tmp_path):
    out = tmp_path / "o.h5"
    out.write_bytes(b"earlier results")
    r = commsim(commsim_exe, "run", small_scenario, "-o", out)
    assert r.returncode == 1 and "--overwrite" in r.stderr
    assert out.read_bytes() == b"earlier results"
    assert commsim(commsim_exe, "run", small_scenario, "-o", out, "--overwrite", "-q").returncode == 0
    assert h5py.is_hdf5(out)


def test_output_in_a_missing_folder_is_bad_input(commsim_exe, small_scenario, tmp_path):
    r = commsim(commsim_exe, "run", small_scenario, "-o", tmp_path / "nope" / "o.h5")
    assert r.returncode == 1 and "does not exist" in r.stderr


def test_bad_arguments_exit_1(commsim_exe, small_scenario):
    assert commsim(commsim_exe, "run").returncode == 1
    assert commsim(commsim_exe, "frobnicate").returncode == 1
    assert commsim(commsim_exe, "run", small_scenario, "--threads", "0").returncode == 1
    assert commsim(commsim_exe, "run", "/nonexistent.yaml").returncode == 1


def test_validate_prints_the_design_size(commsim_exe, scenarios):
    r = commsim(commsim_exe, "validate", scenarios / "bass.yaml", "--set", "replicates=7")
    assert r.returncode == 0, r.stderr
    assert "valid" in r.stdout and "7 run(s) = 1 point(s) x 7 replicate(s) (no sweep)" in r.stdout


def test_info_shows_runs_and_metrics(commsim_exe, small_scenario, tmp_path):
    out = tmp_path / "o.h5"
    commsim(commsim_exe, "run", small_scenario, "-o", out, "-q")
    r = commsim(commsim_exe, "info", out)
    assert r.returncode == 0, r.stderr
    assert "3 done, 0 failed, 0 pending" in r.stdout
    assert "new_adopters (run=3, day=16, channel=2)" in r.stdout


def test_info_rejects_files_that_are_not_results(commsim_exe, tmp_path, small_scenario):
    not_hdf5 = tmp_path / "x.h5"
    not_hdf5.write_text("hello")
    r = commsim(commsim_exe, "info", not_hdf5)
    assert r.returncode == 1 and "not an HDF5 file" in r.stderr
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["x"] = 1
    r = commsim(commsim_exe, "info", other)
    assert r.returncode == 1 and "not a commsim results file" in r.stderr
    assert commsim(commsim_exe, "info", tmp_path / "none.h5").returncode == 1


def test_describe_lists_parameters_phases_and_metrics(commsim_exe):
    r = commsim(commsim_exe, "describe", "bass")
    assert r.returncode == 0
    for fragment in ["innovation", "time_step", "phases of a day", "adopt", "commit",
                     "new_adopters", "half_day"]:
        assert fragment in r.stdout
    assert "bass" in commsim(commsim_exe, "describe").stdout
    r = commsim(commsim_exe, "describe", "nosuch")
    assert r.returncode == 1 and "unknown model" in r.stderr


def test_interrupt_keeps_finished_runs_and_no_work_files(commsim_exe, scenarios, tmp_path):
    import signal
    import time
    out = tmp_path / "big.h5"
    p = subprocess.Popen([commsim_exe, "run", str(scenarios / "bass.yaml"), "-o", str(out), "-q",
                          "--set", "population.size=300000", "--set", "days=400",
                          "--set", "replicates=50"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not out.exists():
        time.sleep(0.05)  # the first finished run publishes the file
    assert out.exists(), "no run finished"
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 2
    assert "interrupted" in err and "--resume" in err
    assert [f.name for f in tmp_path.iterdir()] == ["big.h5"]
    with h5py.File(out) as f:
        status = list(f["runs/status"].asstr()[:])
    assert "done" in status and "pending" in status and "failed" not in status

def test_model_docs_carry_the_current_declarations(commsim_exe, source_dir):
    """docs/models/<model>.md ends with `commsim describe <model> --markdown`."""
    listing = commsim(commsim_exe, "describe").stdout.splitlines()[1:]
    models = [line.split()[0] for line in listing]
    assert "bass" in models and "sir" in models
    for model in models:
        generated = commsim(commsim_exe, "describe", model, "--markdown").stdout
        doc = (source_dir / "docs" / "models" / f"{model}.md").read_text()
        assert generated in doc, (f"docs/models/{model}.md is out of date: run "
                                  "scripts/update-model-docs")
    engine = commsim(commsim_exe, "describe", "engine", "--markdown").stdout
    assert engine in (source_dir / "docs" / "scenarios.md").read_text(), (
        "the engine keys in docs/scenarios.md are out of date: run scripts/update-model-docs")


def test_every_shipped_scenario_runs_briefly(commsim_exe, scenarios, tmp_path):
    for scenario in sorted(scenarios.glob("*.yaml")):
        out = tmp_path / f"{scenario.stem}.h5"
        r = commsim(commsim_exe, "run", scenario, "-o", out, "-q",
                    "--set", "days=3", "--set", "replicates=2")
        assert r.returncode == 0, f"{scenario.name}: {r.stderr}"
        with h5py.File(out) as f:
            status = list(f["runs/status"].asstr()[:])
            assert set(status) == {"done"} and len(status) % 2 == 0, scenario.name
