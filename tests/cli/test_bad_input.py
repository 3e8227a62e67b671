"""Issue 13's examples that are not a plain refusal (those are in
test_bad_input_corpus.py): input only a run can find wrong fails that run and
the others finish; an experiment with no run done replaces nothing; two writers
of one file; a full disk; warnings printed and recorded; the design matrix with
named dimensions."""

from __future__ import annotations

import resource
import signal
import subprocess
import time
import warnings

import h5py
import pytest
import xarray as xr

import commsim

# The second point's topic is so narrow that nobody fits it well enough to
# seed the group (fit >= 0.999 needs interests within 0.0067 of the centre).
DRAWN = """\
model: community
seed: 1
days: 10
replicates: 2
population:
  size: 300
  graph: {kind: barabasi_albert, mean_degree: 6}
community: {seed_members: 10, capacity: 50}
sweep:
  grid:
    community.seed_min_fit: [0.0, 0.999]
"""
BASS = "model: bass\nseed: 1\ndays: 5\npopulation: {size: 100, graph: {kind: complete}}\n"


def commsim_cli(exe, *args, cwd=None, **kwargs):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=300, **kwargs)


def test_input_only_a_run_can_judge_fails_that_run_and_the_others_finish(commsim_exe, tmp_path):
    (tmp_path / "s.yaml").write_text(DRAWN)
    assert commsim_cli(commsim_exe, "validate", "s.yaml", cwd=tmp_path).returncode == 0
    r = commsim_cli(commsim_exe, "run", "s.yaml", "-o", "out.h5", "-q", cwd=tmp_path)
    assert r.returncode == 2
    assert "2 of 4 runs failed (recorded in out.h5)" in r.stderr
    assert "run 2: community.seed_members: only" in r.stderr
    with h5py.File(tmp_path / "out.h5") as f:
        assert list(f["runs/status"].asstr()[:]) == ["done", "done", "failed", "failed"]
    # Resuming reruns the failed runs (they fail again the same way), and
    # never ends in an input error.
    r = commsim_cli(commsim_exe, "run", "s.yaml", "-o", "out.h5", "-q", "--resume", cwd=tmp_path)
    assert r.returncode == 2 and "2 of 4 runs failed" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.h5", "s.yaml"]


def test_an_experiment_with_no_run_done_replaces_nothing(commsim_exe, tmp_path):
    (tmp_path / "s.yaml").write_text(DRAWN.replace("[0.0, 0.999]", "[0.999]"))
    (tmp_path / "good.h5").write_bytes(b"a good results file")
    r = commsim_cli(commsim_exe, "run", "s.yaml", "-o", "good.h5", "--overwrite", "-q",
                    cwd=tmp_path)
    assert r.returncode == 2
    assert "no run finished, so no results file was written; good.h5 is unchanged" in r.stderr
    assert (tmp_path / "good.h5").read_bytes() == b"a good results file"
    r = commsim_cli(commsim_exe, "run", "s.yaml", "-o", "new.h5", "-q", cwd=tmp_path)
    assert r.returncode == 2 and not (tmp_path / "new.h5").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.h5", "s.yaml"]


def test_a_second_writer_of_one_file_is_refused(commsim_exe, scenarios, tmp_path):
    out = tmp_path / "same.h5"
    first = subprocess.Popen([commsim_exe, "run", str(scenarios / "bass.yaml"), "-o", str(out),
                              "-q", "--set", "population.size=100000", "--set", "days=200",
                              "--set", "replicates=6"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = tmp_path / ".same.h5.lock"
    deadline = time.time() + 60
    while time.time() < deadline and not lock.exists():
        time.sleep(0.02)
    assert lock.exists()
    second = commsim_cli(commsim_exe, "run", scenarios / "sir.yaml", "-o", out, "--overwrite",
                         "-q")
    assert second.returncode == 1
    assert f"output {out}: is being written by another commsim process (pid {first.pid})" \
        in second.stderr
    assert first.wait(timeout=300) == 0, first.stderr.read()
    with h5py.File(out) as f:
        assert f.attrs["model"] == "bass"
        assert list(f["runs/status"].asstr()[:]) == ["done"] * 6
    assert [p.name for p in tmp_path.iterdir()] == ["same.h5"]


def _small_disk():
    """A file-size limit that stands in for a full disk (writes fail with EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


def test_a_full_disk_is_one_line_and_leaves_nothing(commsim_exe, scenarios, tmp_path):
    (tmp_path / "keep.h5").write_bytes(b"earlier results")
    for out in ("new.h5", "keep.h5"):
        r = commsim_cli(commsim_exe, "run", scenarios / "bass.yaml", "-o", out, "--overwrite",
                        "-q", "--set", "replicates=20", "--set", "population.size=2000",
                        cwd=tmp_path, preexec_fn=_small_disk)
        assert r.returncode == 2, r.stderr
        assert r.stderr.startswith(f"error: cannot write {out}: HDF5: ")
        assert r.stderr.endswith(": File too large\n") and r.stderr.count("\n") == 1
    assert (tmp_path / "keep.h5").read_bytes() == b"earlier results"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.h5"]


def test_a_resume_on_a_full_disk_leaves_nothing(commsim_exe, scenarios, tmp_path):
    """The resumed copy cannot be written: one line, the file as it was, no work file."""
    args = ["run", scenarios / "bass.yaml", "-o", "r.h5", "-q", "--set", "replicates=20",
            "--set", "population.size=2000"]
    assert commsim_cli(commsim_exe, *args, cwd=tmp_path).returncode == 0
    kept = (tmp_path / "r.h5").read_bytes()
    assert len(kept) > 20_000
    r = commsim_cli(commsim_exe, *args, "--resume", cwd=tmp_path, preexec_fn=_small_disk)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith("error: cannot write r.h5: ") and r.stderr.count("\n") == 1
    assert (tmp_path / "r.h5").read_bytes() == kept
    assert [p.name for p in tmp_path.iterdir()] == ["r.h5"]


def test_a_report_on_a_full_disk_leaves_nothing(commsim_exe, community_results, tmp_path):
    _, path = community_results
    r = commsim_cli(commsim_exe, "report", path, "-o", tmp_path / "page.html",
                    preexec_fn=_small_disk)
    assert r.returncode == 2
    assert r.stderr == f"error: {tmp_path / 'page.html'}: File too large\n"
    assert list(tmp_path.iterdir()) == []


WARNED = """\
model: community
seed: 1
days: 10
population: {size: 300}
community:
  entry: {policy: paid, fee: 0}
  activities:
    - {type: lottery, start_day: 30}
  seed_members: 5
"""


def test_warnings_are_printed_and_recorded(commsim_exe, tmp_path):
    (tmp_path / "w.yaml").write_text(WARNED)
    expected = [
        "warning: w.yaml:6:30: community.entry.fee: a paid group with a fee of 0 admits "
        "everyone it invites at no cost, as policy free does",
        "warning: w.yaml:8:34: community.activities.0.start_day: the first event comes on day "
        "30, after the horizon (days: 10), so it never happens",
    ]
    r = commsim_cli(commsim_exe, "validate", "w.yaml", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr.splitlines() == expected
    assert "valid (with warnings, on stderr)" in r.stdout
    r = commsim_cli(commsim_exe, "run", "w.yaml", "-o", "w.h5", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr.splitlines() == expected
    with h5py.File(tmp_path / "w.h5") as f:
        assert f.attrs["warnings"].splitlines() == [w[len("warning: "):] for w in expected]
    r = commsim_cli(commsim_exe, "validate", "w.yaml", "--set",
                    "community.entry={policy: threshold}", cwd=tmp_path)
    assert ("warning: --set community.entry={policy: threshold}: community.entry.min_fit: not "
            "given, so the default 0.6 applies (policy: threshold)") in r.stderr


def test_python_issues_scenario_warnings(tmp_path):
    with pytest.warns(commsim.ScenarioWarning, match="community.entry.fee: a paid group"):
        s = commsim.Scenario.from_yaml(WARNED, name=tmp_path / "w.yaml")
    assert len(s.warnings) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        commsim.Scenario.from_yaml(BASS)  # no warning at all


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_the_design_matrix_has_named_dimensions(commsim_exe, tmp_path, method):
    (tmp_path / "d.yaml").write_text(
        BASS + f"sweep:\n  sample: {{method: {method}, points: 3, ranges: {{bass.q: [0.1, 0.5], "
               "bass.p: [0.01, 0.05]}}\n")
    r = commsim_cli(commsim_exe, "run", "d.yaml", "-o", "d.h5", "-q", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    points = 9 if method == "morris" else 12
    with xr.open_dataset(tmp_path / "d.h5", engine="h5netcdf", group="design") as design:
        assert design["unit"].dims == ("design_point", "parameter")
        assert list(design["parameter"].values) == ["bass.q", "bass.p"]
        assert design.sizes["design_point"] == points
        if method == "morris":
            assert design["changed_axis"].dims == ("design_point",)
    ds = commsim.open(tmp_path / "d.h5")
    assert ds["design_unit"].shape == (points, 2)
    assert list(ds.coords["parameter"].values) == ["bass.q", "bass.p"]
    assert ("design_changed_axis" in ds) == (method == "morris")


def test_compare_writes_a_plot_only_when_allowed(commsim_exe, tmp_path):
    (tmp_path / "s.yaml").write_text(BASS)
    assert commsim_cli(commsim_exe, "run", "s.yaml", "-o", "r.h5", "-q", cwd=tmp_path).returncode == 0
    r = commsim_cli(commsim_exe, "compare", "r.h5", "--plot", "p.svg", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    first = (tmp_path / "p.svg").read_bytes()
    assert first.lstrip().startswith(b"<?xml")
    r = commsim_cli(commsim_exe, "compare", "r.h5", "--plot", "p.svg", cwd=tmp_path)
    assert r.returncode == 1 and (tmp_path / "p.svg").read_bytes() == first
    r = commsim_cli(commsim_exe, "compare", "r.h5", "--plot", "p.svg", "--overwrite",
                    cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.svg", "r.h5", "s.yaml"]


def _four_gigabytes():
    resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000, 4_000_000_000))


def test_memory_is_estimated_against_the_process_limit(commsim_exe, tmp_path):
    """The limit is the least of the machine's memory, the cgroup's and the
    address space's (here 4 GB): the design's settings and the runs are
    refused before they are allocated."""
    (tmp_path / "points.yaml").write_text(
        "model: community\nseed: 1\ndays: 5\npopulation: {size: 300}\nsweep:\n  sample: "
        "{method: latin_hypercube, points: 100000, ranges: {community.content.quality: "
        "[0.1, 0.9]}}\n")
    r = commsim_cli(commsim_exe, "validate", "points.yaml", cwd=tmp_path,
                    preexec_fn=_four_gigabytes)
    assert r.returncode == 1
    assert "points.yaml: the design's 100000 points need about" in r.stderr
    assert "for their settings alone, more than half the 4.0 GB this process may use" in r.stderr
    (tmp_path / "big.yaml").write_text(BASS.replace("size: 100", "size: 100000000")
                                       .replace("complete", "erdos_renyi, mean_degree: 10"))
    r = commsim_cli(commsim_exe, "run", "big.yaml", "-o", "big.h5", cwd=tmp_path,
                    preexec_fn=_four_gigabytes)
    assert r.returncode == 1
    assert "big.yaml: the experiment needs about" in r.stderr
    assert "more than the 4.0 GB this process may use" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.yaml", "points.yaml"]
