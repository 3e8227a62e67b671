"""commsim calibrate through the command line: the posterior file (xarray
reads it), bit-identical posteriors for 1 and 2 threads, 1 and 3 MPI ranks,
and after SIGINT + --resume; sweeps over posterior draws; bad input named at
file:line:column with nothing written."""

import os
import signal
import subprocess
import time

import h5py
import numpy as np
import pytest
import xarray as xr

from results_helpers import assert_same

MPIEXEC = os.environ.get("COMMSIM_MPIEXEC")
MPI_ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_btl="self,vader", OMPI_MCA_oob_tcp_if_include="lo",
               OMPI_MCA_btl_vader_single_copy_mechanism="none")

CALIBRATION = """\
model: bass
seed: 21
days: 20
population: {{size: {size}, graph: {{kind: erdos_renyi, mean_degree: 6}}}}
bass: {{p: 0.02, q: 0.4}}
calibrate:
  parameters:
    bass.p: {{log_uniform: [0.002, 0.1]}}
    bass.q: {{uniform: [0.05, 0.9]}}
  targets:
    - {{metric: adopted_share, days: [4, 8, 12, 16, 20], observed: [0.12, 0.45, 0.82, 0.96, 0.99]}}
  particles: {particles}
  generations: {generations}
"""


def write(tmp_path, size=400, particles=80, generations=3, name="cal.yaml"):
    path = tmp_path / name
    path.write_text(CALIBRATION.format(size=size, particles=particles, generations=generations))
    return path


def cli(exe, *args, **kwargs):
    return subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=300,
                          **kwargs)


def posterior_datasets(path):
    """Every dataset of a posterior file, plus its scenario text."""
    out = {}
    with h5py.File(path) as f:
        for name, obj in f.items():
            if isinstance(obj, h5py.Dataset):
                out[name] = obj[()]
        out["@scenario"] = f.attrs["scenario"]
        out["@simulations"] = f.attrs["simulations"]
    return out


def test_calibrate_writes_a_posterior_that_xarray_reads(commsim_exe, tmp_path):
    scenario = write(tmp_path)
    out = tmp_path / "post.h5"
    r = cli(commsim_exe, "calibrate", scenario, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "posterior (generation 3)" in r.stdout and "bass.q" in r.stdout
    ds = xr.open_dataset(out, engine="h5netcdf")
    assert dict(ds.sizes) == {"generation": 4, "particle": 80, "parameter": 2, "target": 1,
                              "component": 5}
    assert list(ds["parameter"].values) == ["bass.p", "bass.q"]
    assert ds.attrs["format"] == "commsim-posterior" and ds.attrs["stop_reason"] == "generations"
    weights = ds["weight"].values
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)
    tolerance = ds["tolerance"].values
    assert np.isinf(tolerance[0]) and np.all(np.diff(tolerance[1:]) <= 0)
    assert "calibrate:" in ds.attrs["scenario"]
    ds.close()


def test_one_and_two_threads_give_the_same_posterior(commsim_exe, tmp_path):
    scenario = write(tmp_path)
    one, two = tmp_path / "one.h5", tmp_path / "two.h5"
    assert cli(commsim_exe, "calibrate", scenario, "-o", one, "-q", "--threads", "1").returncode == 0
    assert cli(commsim_exe, "calibrate", scenario, "-o", two, "-q", "--threads", "2").returncode == 0
    assert_same(posterior_datasets(one), posterior_datasets(two))


@pytest.mark.skipif(not MPIEXEC, reason="commsim was built without MPI")
def test_one_and_three_ranks_give_the_same_posterior(commsim_exe, tmp_path):
    scenario = write(tmp_path)
    single, ranks = tmp_path / "single.h5", tmp_path / "mpi.h5"
    assert cli(commsim_exe, "calibrate", scenario, "-o", single, "-q").returncode == 0
    r = subprocess.run([MPIEXEC, "--oversubscribe", "-n", "3", commsim_exe, "calibrate",
                        str(scenario), "-o", str(ranks)], capture_output=True, text=True,
                       timeout=300, env=MPI_ENV)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("posterior:") == 1  # only rank 0 reports
    assert_same(posterior_datasets(ranks), posterior_datasets(single))


def test_an_interrupted_calibration_resumes_to_the_same_posterior(commsim_exe, tmp_path):
    # Generations of about a second each: long enough to interrupt after the first.
    scenario = write(tmp_path, size=3000, particles=150, generations=5)
    reference = tmp_path / "ref.h5"
    assert cli(commsim_exe, "calibrate", scenario, "-o", reference, "-q").returncode == 0
    out = tmp_path / "post.h5"
    p = subprocess.Popen([commsim_exe, "calibrate", str(scenario), "-o", str(out), "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and not out.exists():
        time.sleep(0.01)
    assert out.exists(), "no generation finished"
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    with h5py.File(out) as f:
        done = f["generation"].size
    if p.returncode == 0:
        pytest.skip("the calibration finished before the interrupt arrived")
    assert p.returncode == 2 and "--resume" in err
    assert 1 <= done < 6
    r = cli(commsim_exe, "calibrate", scenario, "-o", out, "--resume", "-q")
    assert r.returncode == 0, r.stderr
    assert sorted(f.name for f in tmp_path.iterdir()) == ["cal.yaml", "post.h5", "ref.h5"]
    assert_same(posterior_datasets(out), posterior_datasets(reference))


def test_a_sweep_draws_designs_from_a_posterior(commsim_exe, tmp_path):
    scenario = write(tmp_path)
    posterior = tmp_path / "post.h5"
    assert cli(commsim_exe, "calibrate", scenario, "-o", posterior, "-q").returncode == 0
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("""\
model: bass
seed: 4
days: 20
population: {size: 400, graph: {kind: erdos_renyi, mean_degree: 6}}
sweep:
  posterior: {file: post.h5, draws: 6}
  grid: {population.size: [300, 400]}
""")
    r = cli(commsim_exe, "validate", sweep)
    assert r.returncode == 0, r.stderr
    assert "12 run(s) = 12 point(s) x 1 replicate(s) (grid+posterior)" in r.stdout
    out = tmp_path / "s.h5"
    assert cli(commsim_exe, "run", sweep, "-o", out, "-q").returncode == 0
    with h5py.File(out) as f, h5py.File(posterior) as post:
        p = f["runs/bass.p"][()]
        final = post["theta"][-1, :, 0]
        assert set(np.round(p, 15)) <= set(np.round(final, 15))  # draws are particles
        assert list(p[:6]) == list(p[6:])  # each design gets the same draws


def test_outputs_never_replace_the_files_a_calibration_or_posterior_sweep_reads(commsim_exe,
                                                                               tmp_path):
    """Issue 13 for calibration: the posterior a sweep draws from and the results
    file a target is observed in are inputs; -o onto them is refused (exit 1)
    even with --overwrite, and they keep their bytes."""
    scenario = write(tmp_path, size=200, particles=20, generations=1)
    posterior = tmp_path / "post.h5"
    assert cli(commsim_exe, "calibrate", scenario, "-o", posterior, "-q").returncode == 0
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("model: bass\nseed: 4\ndays: 20\npopulation: {size: 200}\n"
                     "sweep:\n  posterior: {file: post.h5, draws: 2}\n")
    kept = posterior.read_bytes()
    r = cli(commsim_exe, "run", sweep, "-o", posterior, "--overwrite", "-q")
    assert r.returncode == 1, r.stderr
    assert "post.h5" in r.stderr and "input" in r.stderr
    assert posterior.read_bytes() == kept

    observed = tmp_path / "obs.h5"
    assert cli(commsim_exe, "run", sweep, "-o", observed, "-q").returncode == 0
    fitted = tmp_path / "fit.yaml"
    fitted.write_text(CALIBRATION.format(size=200, particles=20, generations=1).replace(
        "observed: [0.12, 0.45, 0.82, 0.96, 0.99]", "observed: {file: obs.h5, run: 1}"))
    kept = observed.read_bytes()
    r = cli(commsim_exe, "calibrate", fitted, "-o", observed, "--overwrite", "-q")
    assert r.returncode == 1, r.stderr
    assert "obs.h5" in r.stderr and "input" in r.stderr
    assert observed.read_bytes() == kept
    assert sorted(f.name for f in tmp_path.iterdir()) == ["cal.yaml", "fit.yaml", "obs.h5",
                                                          "post.h5", "sweep.yaml"]


BAD = [
    # (calibrate section, message fragment, location)
    ("  parameters: {bass.qq: {uniform: [0, 1]}}\n  targets: [{summary: final_share, observed: 0.5}]\n",
     "no such key", "bad.yaml:6:16"),
    ("  parameters: {bass.p: {uniform: [0, 2]}}\n  targets: [{summary: final_share, observed: 0.5}]\n",
     "reaches outside `bass.p`'s range [0, 1]", "bad.yaml:6:34"),
    ("  parameters: {population.size: {integer: [50, 100]}}\n"
     "  targets: [{summary: final_share, observed: 0.5}]\n",
     "shapes the experiment itself", "bad.yaml:6:16"),
    ("  parameters: {bass.q: {uniform: [0.1, 0.5]}}\n  targets: [{summary: reach, observed: 0.5}]\n",
     "model `bass` has no summary `reach`", "bad.yaml:7:23"),
    ("  parameters: {bass.q: {uniform: [0.1, 0.5]}}\n"
     "  targets: [{metric: adopted_share, observed: [0.1, 0.2]}]\n",
     "expected 11 value(s) (days 0 to 10), found 2", "bad.yaml:7:"),
    ("  parameters: {bass.q: {uniform: [0.1, 0.5]}}\n"
     "  targets: [{metric: adopted_share, observed: {file: missing.h5}}]\n",
     "missing.h5: no such file", "bad.yaml:7:"),
    ("  parameters: {bass.q: {uniform: [0.1, 0.5]}}\n  targets: []\n",
     "expected a non-empty list of targets", "bad.yaml:7:"),
    ("  parameters: {bass.q: {beta: [1, 2]}}\n  targets: [{summary: final_share, observed: 0.5}]\n",
     "unknown prior kind `beta`", "bad.yaml:6:"),
    ("  parameters: {bass.q: {uniform: [0.5, 0.1]}}\n  targets: [{summary: final_share, observed: 0.5}]\n",
     "calibrate.parameters.bass.q", "bad.yaml:6:"),
    ("  parameters: {bass.q: {uniform: [0.1, 0.5]}}\n  targets: [{summary: final_share, observed: 0.5}]\n"
     "  kernel: gaussian\n", "expected one of olcm, weighted", "bad.yaml:8:11"),
]


@pytest.mark.parametrize("section,message,where", BAD)
def test_bad_calibrate_sections_are_named_and_nothing_is_written(commsim_exe, tmp_path, section,
                                                                  message, where):
    path = tmp_path / "bad.yaml"
    path.write_text("model: bass\nseed: 1\ndays: 10\npopulation: {size: 100, graph: {kind: "
                    "complete}}\ncalibrate:\n" + section)
    for command in (["validate", path], ["calibrate", path, "-o", tmp_path / "p.h5"]):
        r = cli(commsim_exe, *command)
        assert r.returncode == 1, r.stderr
        assert message in r.stderr and where in r.stderr, r.stderr
        assert "Traceback" not in r.stderr
    assert sorted(f.name for f in tmp_path.iterdir()) == ["bad.yaml"]


def test_a_sweep_over_an_empty_or_foreign_posterior_is_refused(commsim_exe, tmp_path, small_scenario):
    results = tmp_path / "r.h5"
    assert cli(commsim_exe, "run", small_scenario, "-o", results, "-q").returncode == 0
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("model: bass\nseed: 1\ndays: 5\npopulation: {size: 100, graph: {kind: complete}}\n"
                     "sweep:\n  posterior: {file: r.h5, draws: 3}\n")
    r = cli(commsim_exe, "validate", sweep)
    assert r.returncode == 1
    assert "sweep.yaml:6:21: sweep.posterior.file:" in r.stderr
    assert "not a commsim posterior file" in r.stderr
    r = cli(commsim_exe, "run", tmp_path / "missing.yaml")
    assert r.returncode == 1


def test_calibrating_a_scenario_without_a_calibrate_section_is_refused(commsim_exe, small_scenario,
                                                                        tmp_path):
    r = cli(commsim_exe, "calibrate", small_scenario, "-o", tmp_path / "p.h5")
    assert r.returncode == 1
    assert "has no `calibrate:` section" in r.stderr
    assert not (tmp_path / "p.h5").exists()


def test_shipped_calibration_scenarios_validate_and_calibrate(commsim_exe, scenarios, tmp_path):
    shipped = sorted((scenarios / "calibration").glob("*.yaml"))
    assert shipped
    for scenario in shipped:
        assert cli(commsim_exe, "validate", scenario).returncode == 0
        out = tmp_path / f"{scenario.stem}.h5"
        # Smaller than shipped, to check that each runs through (not its answer).
        smaller = (["--set", "population.size=1500", "--set", "days=60"]
                   if "model: community" in scenario.read_text() else [])
        r = cli(commsim_exe, "calibrate", scenario, "-o", out, "-q", *smaller,
                "--set", "calibrate.particles=40", "--set", "calibrate.generations=1")
        assert r.returncode == 0, r.stderr


CONSTANT_TARGETS = """\
model: bass
seed: 21
days: 20
population: {size: 300, graph: {kind: erdos_renyi, mean_degree: 6}}
bass: {p: 0.02, q: 0.4}
calibrate:
  parameters:
    bass.p: {log_uniform: [0.002, 0.1]}
    bass.q: {uniform: [0.05, 0.9]}
  targets:
    - {metric: adopted_share, days: [0, 10, 20], observed: [0.0, 0.5, 0.9]}
    - {metric: new_adopters, category: imitation, days: [0], observed: [0]}
  particles: 40
  generations: 1
"""


def test_targets_the_prior_cannot_tell_apart_are_warned_about_and_recorded(commsim_exe, tmp_path):
    # Nobody imitates on day 0 and nobody has adopted before it, whatever p
    # and q: those values cannot tell candidates apart.
    path = tmp_path / "constant.yaml"
    path.write_text(CONSTANT_TARGETS)
    out = tmp_path / "p.h5"
    r = cli(commsim_exe, "calibrate", path, "-o", out, "-q")
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith("warning: ")]
    assert len(lines) == 2, r.stderr
    assert "`adopted_share`" in lines[0] and "(day 0)" in lines[0]
    assert "`new_adopters[imitation]`" in lines[1]
    ds = xr.open_dataset(out, engine="h5netcdf")
    assert ds.attrs["warnings"].splitlines() == [line[len("warning: "):] for line in lines]
    assert list(ds["target_category"].values.astype(str)) == ["", "imitation"]


def test_validate_and_info_describe_a_calibration(commsim_exe, tmp_path):
    path = write(tmp_path, particles=30, generations=1)
    r = cli(commsim_exe, "validate", path)
    assert r.returncode == 0, r.stderr
    for text in ("fits       bass.p (log_uniform prior)", "target     adopted_share (daily, 5",
                 "particles  30 per generation; at most 1 generation(s)", "`replicates` applies"):
        assert text in r.stdout, r.stdout
    out = tmp_path / "p.h5"
    assert cli(commsim_exe, "calibrate", path, "-o", out, "-q").returncode == 0
    r = cli(commsim_exe, "info", out)
    assert r.returncode == 0, r.stderr
    assert "commsim posterior" in r.stdout and "2 generation(s), 30 particles each" in r.stdout
    assert "stopped: generations" in r.stdout and "fits        bass.q (real)" in r.stdout


def test_overwrite_with_resume_is_refused_and_posteriors_are_not_results(commsim_exe, tmp_path):
    path = write(tmp_path, particles=30, generations=1)
    out = tmp_path / "p.h5"
    r = cli(commsim_exe, "calibrate", path, "-o", out, "--overwrite", "--resume")
    assert r.returncode == 1 and "contradict" in r.stderr, r.stderr
    assert not out.exists()
    assert cli(commsim_exe, "calibrate", path, "-o", out, "-q").returncode == 0
    for command in (["compare", out], ["report", out, "-o", tmp_path / "page.html"]):
        r = cli(commsim_exe, *command)
        assert r.returncode == 1 and "a posterior file" in r.stderr, r.stderr
    assert not (tmp_path / "page.html").exists()
