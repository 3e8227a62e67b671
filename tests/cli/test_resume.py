"""Interrupted experiments: resuming after SIGINT or SIGKILL gives the same
datasets as an uninterrupted run, and the file can be read while written."""

import signal
import subprocess
import time

import h5py
import pytest

from results_helpers import assert_same, datasets

# Runs of about half a second each, eight of them: long enough to interrupt
# in the middle, short enough for CI.
ARGS = ["--set", "population.size=150000", "--set", "days=250", "--set", "replicates=8",
        "--set", "population.graph.kind=erdos_renyi", "--set", "bass.q=0.05",
        "--set", "bass.p=0.0005", "--set", "output.agents=final"]


def start(exe, scenario, out, *extra):
    return subprocess.Popen([exe, "run", str(scenario), "-o", str(out), "-q", *ARGS, *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline and not path.exists():
        time.sleep(0.02)
    assert path.exists(), "no run finished in time"






@pytest.fixture(scope="module")
def reference(commsim_exe, scenarios, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "ref.h5"
    p = start(commsim_exe, scenarios / "bass.yaml", out)
    assert p.wait(timeout=300) == 0, p.stderr.read()
    return datasets(out)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["sigint", "sigkill"])
def test_resume_after_an_interruption_equals_the_uninterrupted_run(commsim_exe, scenarios,
                                                                   tmp_path, reference, how):
    out = tmp_path / "r.h5"
    p = start(commsim_exe, scenarios / "bass.yaml", out)
    wait_for(out)
    # Read the published file while the experiment goes on writing.
    with h5py.File(out) as f:
        status = list(f["runs/status"].asstr()[:])
        assert "done" in status
    p.send_signal(how)
    p.wait(timeout=60)
    with h5py.File(out) as f:  # whatever was published is a whole file
        done_before = list(f["runs/status"].asstr()[:]).count("done")
    assert 0 < done_before < 8
    r = subprocess.run([commsim_exe, "run", str(scenarios / "bass.yaml"), "-o", str(out),
                        "--resume", *ARGS], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert f"resumed: {done_before} of 8 runs were already done" in r.stdout
    assert [f.name for f in tmp_path.iterdir()] == ["r.h5"]  # stale work files removed
    assert_same(datasets(out), reference)


def test_resume_refuses_another_scenario(commsim_exe, scenarios, tmp_path):
    out = tmp_path / "r.h5"
    small = ["--set", "population.size=500", "--set", "replicates=2"]
    assert subprocess.run([commsim_exe, "run", str(scenarios / "bass.yaml"), "-o", str(out),
                           "-q", *small]).returncode == 0
    before = out.read_bytes()
    r = subprocess.run([commsim_exe, "run", str(scenarios / "bass.yaml"), "-o", str(out),
                        "--resume", *small, "--set", "bass.q=0.2"], capture_output=True,
                       text=True)
    assert r.returncode == 1 and "cannot resume" in r.stderr and "another scenario" in r.stderr
    assert out.read_bytes() == before


def test_resume_without_a_file_starts_one(commsim_exe, scenarios, tmp_path):
    out = tmp_path / "new.h5"
    r = subprocess.run([commsim_exe, "run", str(scenarios / "bass.yaml"), "-o", str(out),
                        "--resume", "-q", "--set", "population.size=500", "--set",
                        "replicates=2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with h5py.File(out) as f:
        assert list(f["runs/status"].asstr()[:]) == ["done", "done"]
