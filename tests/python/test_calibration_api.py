"""The Python side of calibration: commsim.calibrate, the posterior readers,
sampling, plots and progress."""

import numpy as np
import pytest
import xarray as xr

import commsim

SCENARIO = {
    "model": "bass", "seed": 3, "days": 15,
    "population": {"size": 300, "graph": {"kind": "complete"}},
    "calibrate": {
        "parameters": {"bass.q": {"uniform": [0.1, 0.9]},
                       "bass.time_step": {"categorical": {"flow": 0.5, "hazard": 0.5}}},
        "targets": [{"metric": "adopted_share", "days": [5, 10, 15],
                     "observed": [0.3, 0.8, 0.97]}],
        "particles": 60, "generations": 2},
}


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    out = tmp_path_factory.mktemp("post") / "post.h5"
    statuses = []
    ds = commsim.calibrate(commsim.Scenario.from_yaml(SCENARIO), output=out, threads=2,
                           progress=statuses.append)
    return ds, out, statuses


def test_calibrate_returns_the_posterior_it_wrote(calibrated):
    ds, out, _ = calibrated
    assert isinstance(ds, xr.Dataset)
    assert dict(ds.sizes)["generation"] == 3 and dict(ds.sizes)["particle"] == 60
    on_disk = commsim.posterior(out)
    np.testing.assert_array_equal(ds["theta"].values, on_disk["theta"].values)
    # commsim.open recognises a posterior file.
    assert "theta" in commsim.open(out)


def test_progress_reports_the_samplers_state(calibrated):
    _, _, statuses = calibrated
    assert statuses, "no progress reported"
    last = statuses[-1]
    assert set(last) >= {"generation", "generations_done", "accepted", "particles", "simulations",
                         "tolerance", "acceptance_rate", "elapsed"}
    assert last["generations_done"] == 3 and last["particles"] == 60
    assert [s["simulations"] for s in statuses] == sorted(s["simulations"] for s in statuses)


def test_summary_and_samples(calibrated):
    ds, _, _ = calibrated
    summary = commsim.posterior_summary(ds)
    assert list(summary.index) == ["bass.q", "bass.time_step"]
    assert {"mean", "sd", "q05", "q50", "q95", "prior_lo", "prior_hi"} <= set(summary.columns)
    q = summary.loc["bass.q"]
    assert 0.1 <= q["q05"] <= q["q50"] <= q["q95"] <= 0.9
    sample = commsim.posterior_sample(ds, 200, seed=1)
    assert sample.shape == (200, 2)
    assert set(sample["bass.time_step"]) <= {"flow", "hazard"}
    assert sample.equals(commsim.posterior_sample(ds, 200, seed=1))  # seeded
    # Choices have no order: their posterior is a probability per choice.
    step = summary.loc["bass.time_step"]
    assert np.isnan(step["mean"]) and np.isnan(step["q50"])
    masses = dict(part.split(": ") for part in step["choices"].split(", "))
    assert set(masses) == {"flow", "hazard"}
    assert sum(map(float, masses.values())) == pytest.approx(1, abs=2e-3)  # 3 digits each
    assert summary.loc["bass.q", "choices"] == ""
    assert str(ds["prior_probabilities"].values[1]) == "0.5,0.5"


def test_plots_draw_each_parameter_and_target(calibrated):
    import matplotlib

    matplotlib.use("Agg")
    ds, out, _ = calibrated
    fig = commsim.plot_posterior(ds)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 3  # 2 marginals, 1 pair
    fig = commsim.plot_posterior_predictive(out, draws=8)
    (ax,) = fig.axes
    assert ax.get_title() == "adopted_share"
    with pytest.raises(KeyError, match="no parameter 'bass.p'"):
        commsim.plot_posterior(ds, parameters=["bass.p"])


def test_bad_posterior_sources(tmp_path, small_scenario):
    with pytest.raises(FileNotFoundError):
        commsim.posterior(tmp_path / "none.h5")
    results = tmp_path / "r.h5"
    commsim.run(small_scenario, output=results, progress=False)
    with pytest.raises(commsim.InputError, match="not a commsim posterior file"):
        commsim.posterior(results)
    with pytest.raises(commsim.ScenarioError, match="has no `calibrate:` section"):
        commsim.calibrate(small_scenario)
    with pytest.raises(ValueError, match="threads"):
        commsim.calibrate(small_scenario, threads=0)


def test_bad_arguments_are_named(calibrated, tmp_path, small_scenario):
    ds, out, _ = calibrated
    for bad, kind, match in [(dict(n=0), ValueError, "n must"), (dict(n=True), ValueError, "n must"),
                             (dict(n=2, seed=-1), ValueError, "seed must"),
                             (dict(n=2, generation="1"), TypeError, "generation")]:
        with pytest.raises(kind, match=match):
            commsim.posterior_sample(ds, **bad)
    with pytest.raises(ValueError, match="quantiles"):
        commsim.posterior_summary(ds, quantiles=(1.5,))
    with pytest.raises(TypeError, match="overwrite"):
        commsim.calibrate(small_scenario, overwrite="yes")
    with pytest.raises(ValueError, match="contradict"):
        commsim.calibrate(small_scenario, output=tmp_path / "x.h5", overwrite=True, resume=True)
    with pytest.raises(TypeError, match="posterior file's path"):
        commsim.plot_posterior_predictive(ds)
    with pytest.raises(ValueError, match="draws"):
        commsim.posterior_predictive(out, draws=0)
    # A posterior is not results: the readers of results say what reads it.
    for source in (out, ds):
        with pytest.raises(commsim.InputError, match="posterior"):
            commsim.compare(source)
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(out.read_bytes()[:2000])
    with pytest.raises(commsim.InputError, match="truncated.h5"):
        commsim.posterior(truncated)
