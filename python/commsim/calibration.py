"""Calibration: fit a model's parameters to observed data by ABC-SMC.

A scenario's ``calibrate:`` section names the parameters to fit with their
priors and the targets (model metrics with observed values); see
docs/calibration.md. :func:`calibrate` runs approximate Bayesian
computation by sequential Monte Carlo (Toni et al. 2009; Beaumont et al.
2009; adaptive tolerances after Del Moral et al. 2012; the optimal local
covariance kernel of Filippi et al. 2013) in the compiled core, and writes a
posterior file; :func:`posterior` reads one as an ``xarray.Dataset``,
:func:`posterior_summary` and :func:`posterior_sample` summarise and draw
from it, and :func:`plot_posterior` and :func:`plot_posterior_predictive`
draw the marginal and pairwise posteriors and the posterior-predictive
check against the observed values.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import warnings
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from . import _core
from ._core import InputError
from .progress import display_for
from .scenario import Scenario

POSTERIOR_FORMAT = "commsim-posterior"

PosteriorSource = "str | os.PathLike[str] | xr.Dataset"


class CalibrationWarning(UserWarning):
    """A calibration ran, but something in it deserves a look (a target the
    prior sample cannot tell apart, ...): the posterior file's ``warnings``
    attribute keeps the same lines."""


def _whole(name: str, value, minimum: int) -> int:
    """``value`` as an int, or ValueError naming the argument."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _flag(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _warnings_of(ds: xr.Dataset) -> list[str]:
    text = str(ds.attrs.get("warnings", ""))
    return [line for line in text.split("\n") if line]


def _describe_status(status: dict) -> str:
    """One progress line of a calibration."""
    line = (f"generation {status['generation']}: {status['accepted']}/{status['particles']} "
            f"accepted, {status['simulations']:,} simulations")
    if status["generations_done"] > 1:
        line += (f"; last tolerance {status['tolerance']:.4g}, "
                 f"acceptance {100 * status['acceptance_rate']:.3g}%")
    return line


def calibrate(scenario: Scenario | str | os.PathLike[str],
              output: str | os.PathLike[str] | None = None, threads: int | None = None,
              overwrite: bool = False, resume: bool = False,
              progress: bool | object | None = None) -> xr.Dataset:
    """Fit the parameters of a scenario's ``calibrate:`` section by ABC-SMC.

    Parameters
    ----------
    scenario : Scenario or path
        A scenario with a ``calibrate:`` section, loaded or as a file.
    output : str or path-like, optional
        Write the posterior file here (generation by generation, so an
        interrupted calibration keeps its completed generations). Without
        it the posterior is returned only.
    threads : int, optional
        Threads to use; all cores when omitted.
    overwrite : bool
        Replace an existing posterior file.
    resume : bool
        Continue the calibration in ``output`` from its completed
        generations (same scenario and overrides): the result is the one an
        uninterrupted calibration gives.
    progress : bool or callable, optional
        Show the generation, acceptances and simulations while it runs
        (default: in notebooks and terminals, for work over a second). A
        callable receives a dict with ``generation``, ``generations_done``,
        ``accepted``, ``particles``, ``simulations``, ``tolerance``,
        ``acceptance_rate`` and ``elapsed``.

    Returns
    -------
    xarray.Dataset
        The posterior, as :func:`posterior` reads it.

    Raises
    ------
    commsim.ScenarioError
        The scenario has no ``calibrate:`` section, or bad input.
    ValueError
        ``threads`` is not a positive whole number.
    TypeError
        ``overwrite`` or ``resume`` is not a bool.
    KeyboardInterrupt
        Ctrl-C: the posterior file keeps every completed generation
        (``resume=True`` continues it).

    Warns
    -----
    CalibrationWarning
        For each line of the posterior's ``warnings`` attribute (for example
        a target that came out the same in every prior simulation).
    """
    if not isinstance(scenario, Scenario):
        scenario = Scenario.load(scenario)
    threads = 0 if threads is None else _whole("threads", threads, 1)  # 0: all cores
    overwrite = _flag("overwrite", overwrite)
    resume = _flag("resume", resume)
    if overwrite and resume:
        raise ValueError("overwrite=True and resume=True contradict each other: resume "
                         "continues the posterior file that overwrite would replace")
    temporary = None
    if output is None:
        temporary = tempfile.TemporaryDirectory(prefix="commsim-posterior-")
        path = Path(temporary.name) / "posterior.h5"
    else:
        path = Path(output)
    command_line = f"{Path(sys.argv[0]).name if sys.argv and sys.argv[0] else 'python'}: " \
                   f"commsim.calibrate({scenario.source_path}, output={output!r}, threads={threads})"
    display = display_for(progress)
    report = display
    if display is not None and hasattr(display, "show"):
        def report(status: dict) -> None:
            display.show(_describe_status(status), status["elapsed"])
    in_main_thread = threading.current_thread() is threading.main_thread()
    try:
        outcome = _core.calibrate(scenario._core, os.fspath(path), int(threads), bool(overwrite),
                                  bool(resume), command_line, in_main_thread, report)
        if hasattr(display, "done"):
            display.show(f"done: {outcome['generations']} generations, "
                         f"{outcome['simulations']:,} simulations ({outcome['stop_reason']})",
                         float("inf"))
            display.done()
        result = posterior(path)
        for line in _warnings_of(result):
            warnings.warn(line, CalibrationWarning, stacklevel=2)
        return result
    except _core.Interrupted as stop:
        raise KeyboardInterrupt(str(stop)) from stop
    finally:
        if temporary is not None:
            temporary.cleanup()


def is_posterior_file(path: str | os.PathLike[str]) -> bool:
    """True for an HDF5 file whose root attribute ``format`` is ``commsim-posterior``.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    bool
    """
    p = Path(path)
    if not p.is_file() or not h5py.is_hdf5(p):
        return False
    try:
        with h5py.File(p, "r") as f:
            return f.attrs.get("format") == POSTERIOR_FORMAT
    except OSError:  # an HDF5 signature over a damaged or truncated file
        return False


def posterior(path: str | os.PathLike[str]) -> xr.Dataset:
    """A posterior file as an ``xarray.Dataset``, loaded into memory.

    Variables: ``theta`` (generation, particle, parameter), ``weight`` and
    ``distance`` (generation, particle), ``tolerance``, ``acceptance_rate``,
    ``ess``, ``simulations`` (generation), the prior (``prior_kind``,
    ``prior_lo`` ... over parameter) and the targets (``observed``,
    ``component_target``, ``component_day`` over component); the scenario
    text and provenance are attributes.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    xarray.Dataset

    Raises
    ------
    FileNotFoundError, commsim.InputError
        When the file is missing, damaged, or is not a commsim posterior file.
    TypeError
        ``path`` is not a str or path-like.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or path-like, got {type(path).__name__}")
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such posterior file")
    if not h5py.is_hdf5(p):
        raise InputError(f"{p}: not an HDF5 file, so not a commsim posterior file")
    try:
        with h5py.File(p, "r") as f:
            found = f.attrs.get("format")
    except OSError as error:
        raise InputError(f"{p}: a damaged or truncated HDF5 file ({error})") from error
    if found != POSTERIOR_FORMAT:
        raise InputError(f"{p}: not a commsim posterior file (root attribute `format` is "
                         f"{found!r}; posterior files are written by commsim calibrate)")
    try:
        with xr.open_dataset(p, engine="h5netcdf", decode_timedelta=False) as ds:
            return ds.load()
    except (OSError, ValueError) as error:
        raise InputError(f"{p}: a damaged commsim posterior file ({error})") from error


def _as_posterior(source) -> xr.Dataset:
    if isinstance(source, xr.Dataset):
        return source
    if isinstance(source, (str, os.PathLike)):
        return posterior(source)
    raise TypeError(f"expected a posterior file path or Dataset, got {type(source).__name__}")


def _generation(ds: xr.Dataset, generation: int) -> xr.Dataset:
    if isinstance(generation, bool) or not isinstance(generation, (int, np.integer)):
        raise TypeError(f"generation must be a whole number, got {generation!r}")
    count = ds.sizes["generation"]
    if not -count <= generation < count:
        raise IndexError(f"generation {generation} out of range: the posterior has {count}")
    return ds.isel(generation=generation)


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    cumulative /= cumulative[-1]
    return float(values[order][np.searchsorted(cumulative, q)])


def _choices(ds: xr.Dataset, i: int) -> list[str]:
    return str(ds["prior_choices"].values[i]).split(",")


def _is_choice(ds: xr.Dataset, i: int) -> bool:
    return str(ds["parameter_type"].values[i]) == "choice"


def posterior_summary(source, generation: int = -1,
                      quantiles: tuple[float, ...] = (0.05, 0.5, 0.95)) -> pd.DataFrame:
    """Weighted mean, standard deviation and quantiles of each fitted parameter.

    Parameters
    ----------
    source : str, path-like or xarray.Dataset
        A posterior file or :func:`posterior`'s Dataset.
    generation : int
        Which generation (default: the last, the posterior).
    quantiles : tuple of float
        Quantiles in (0, 1) to report (weighted, lower, without interpolation).

    Returns
    -------
    pandas.DataFrame
        Indexed by parameter: ``mean``, ``sd``, one column per quantile
        (``q05``, ``q50``, ``q95``), the prior's ``prior_lo`` and
        ``prior_hi``, and ``choices``: for a categorical parameter, the
        posterior probability of each choice (``"free: 0.12, paid: 0.88"``;
        its numeric columns are NaN, since choices have no order), empty
        for the others.

    Raises
    ------
    TypeError, ValueError
        ``generation`` is not a whole number, or a quantile is outside (0, 1).
    IndexError
        ``generation`` is out of range.
    """
    for q in quantiles:
        if isinstance(q, bool) or not isinstance(q, (int, float, np.number)) or not 0 < q < 1:
            raise ValueError(f"quantiles must lie strictly between 0 and 1, got {q!r}")
    ds = _generation(_as_posterior(source), generation)
    w = ds["weight"].values
    rows = {}
    for i, name in enumerate(ds["parameter"].values.astype(str)):
        x = ds["theta"].values[:, i]
        row: dict[str, object] = {}
        if _is_choice(ds, i):
            mass = np.bincount(x.astype(int), weights=w, minlength=len(_choices(ds, i)))
            row.update({"mean": np.nan, "sd": np.nan})
            row.update({f"q{round(100 * q):02d}": np.nan for q in quantiles})
            row["choices"] = ", ".join(f"{c}: {m:.3g}" for c, m in zip(_choices(ds, i), mass))
        else:
            mean = float(np.sum(w * x))
            row.update({"mean": mean, "sd": float(np.sqrt(np.sum(w * (x - mean) ** 2)))})
            for q in quantiles:
                row[f"q{round(100 * q):02d}"] = _weighted_quantile(x, w, q)
            row["choices"] = ""
        row["prior_lo"] = float(ds["prior_lo"].values[i])
        row["prior_hi"] = float(ds["prior_hi"].values[i])
        rows[name] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("parameter")


def posterior_sample(source, n: int, seed: int = 0, generation: int = -1) -> pd.DataFrame:
    """Draw parameter sets from a posterior, with probability proportional to weight.

    Parameters
    ----------
    source : str, path-like or xarray.Dataset
    n : int
        Number of draws (with replacement), >= 1.
    seed : int
        Seed of NumPy's generator for the draws, >= 0.
    generation : int
        Which generation (default: the last).

    Returns
    -------
    pandas.DataFrame
        One row per draw, one column per parameter: floats for real
        parameters, ints for integer ones, choice names for categorical ones.

    Raises
    ------
    ValueError
        ``n`` or ``seed`` is not a whole number in range.
    """
    n = _whole("n", n, 1)
    seed = _whole("seed", seed, 0)
    ds = _generation(_as_posterior(source), generation)
    w = ds["weight"].values
    rng = np.random.default_rng(seed)
    picks = rng.choice(len(w), size=n, p=w / w.sum())
    names = ds["parameter"].values.astype(str)
    table = pd.DataFrame(ds["theta"].values[picks], columns=names)
    for i, name in enumerate(names):
        kind = str(ds["parameter_type"].values[i])
        if kind == "choice":
            choices = _choices(ds, i)
            table[name] = [choices[int(k)] for k in table[name]]
        elif kind == "int":
            table[name] = table[name].round().astype(np.int64)
    return table


def plot_posterior(source, generation: int = -1, parameters: list[str] | None = None,
                   bins: int = 30):
    """Marginal and pairwise posteriors: a corner plot of the weighted particles.

    The diagonal shows each parameter's weighted histogram over its prior's
    range (the prior's bounds as dashed lines where they are finite); below
    it, each pair of parameters as a weighted scatter of the particles.

    Parameters
    ----------
    source : str, path-like or xarray.Dataset
    generation : int
        Which generation (default: the last).
    parameters : list of str, optional
        Which parameters (default: all).
    bins : int
        Histogram bins.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    ds = _generation(_as_posterior(source), generation)
    names = list(ds["parameter"].values.astype(str))
    chosen = names if parameters is None else list(parameters)
    for name in chosen:
        if name not in names:
            raise KeyError(f"no parameter {name!r}; the posterior has {', '.join(names)}")
    k = len(chosen)
    fig, axes = plt.subplots(k, k, figsize=(2.6 * k + 1, 2.6 * k + 0.5), squeeze=False)
    w = ds["weight"].values
    theta = ds["theta"].values
    for row, a in enumerate(chosen):
        i = names.index(a)
        for col, b in enumerate(chosen):
            ax = axes[row][col]
            if col > row:
                ax.set_visible(False)
                continue
            j = names.index(b)
            if row == col:
                lo, hi = float(ds["prior_lo"].values[i]), float(ds["prior_hi"].values[i])
                finite = np.isfinite(lo) and np.isfinite(hi)
                ax.hist(theta[:, i], bins=bins, weights=w, range=(lo, hi) if finite else None,
                        color="tab:blue", alpha=0.8)
                for bound in (lo, hi):
                    if np.isfinite(bound):
                        ax.axvline(bound, color="grey", linestyle="--", linewidth=0.8)
                ax.set_yticks([])
            else:
                ax.scatter(theta[:, j], theta[:, i], s=6 + 200 * w / w.max(), alpha=0.4,
                           color="tab:blue", edgecolors="none")
                ax.set_ylabel(a if col == 0 else "")
            if row == k - 1:
                ax.set_xlabel(b)
    generation_index = int(ds["generation"].values)
    fig.suptitle(f"posterior, generation {generation_index} "
                 f"(tolerance {float(ds['tolerance'].values):.3g}, ESS {float(ds['ess'].values):.0f})")
    fig.tight_layout()
    return fig


def posterior_predictive(path: str | os.PathLike[str], draws: int = 50,
                         threads: int | None = None):
    """Simulate the calibrated scenario at draws from its posterior.

    Parameters
    ----------
    path : str or path-like
        A posterior file.
    draws : int
        Parameter sets drawn from the last generation (by weight).
    threads : int, optional

    Returns
    -------
    commsim.Results
        One run per draw (the scenario's calibrate: section replaced by a
        sweep over the draws).
    """
    from .runner import run

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a posterior file's path (str or path-like), got "
                        f"{type(path).__name__}: the simulations need the file's scenario")
    draws = _whole("draws", draws, 1)
    scenario = Scenario(_core.posterior_predictive(os.fspath(path), draws))
    return run(scenario, threads=threads, progress=False)


def plot_posterior_predictive(path: str | os.PathLike[str], draws: int = 50,
                              interval: float = 0.9, threads: int | None = None):
    """Posterior-predictive bands of each target against its observed values.

    Parameters
    ----------
    path : str or path-like
        A posterior file.
    draws : int
        Simulations at draws from the posterior.
    interval : float
        Central share of the simulations the band covers.
    threads : int, optional

    Returns
    -------
    matplotlib.figure.Figure
        One panel per target: daily metrics as a band with the median and
        the observed points, summaries as a histogram with the observed value.
    """
    import matplotlib.pyplot as plt

    if isinstance(interval, bool) or not isinstance(interval, (int, float, np.number)) \
            or not 0 < interval < 1:
        raise ValueError(f"interval must lie strictly between 0 and 1, got {interval!r}")
    results = posterior_predictive(path, draws, threads)
    ds = posterior(path)
    targets = list(ds["target"].values.astype(str))
    fig, axes = plt.subplots(1, len(targets), figsize=(4.2 * len(targets), 3.4), squeeze=False)
    lo_q, hi_q = (1 - interval) / 2, (1 + interval) / 2
    component_target = ds["component_target"].values
    for k, (name, ax) in enumerate(zip(targets, axes[0])):
        metric = str(ds["target_metric"].values[k])
        mask = component_target == k
        observed = ds["observed"].values[mask]
        days = ds["component_day"].values[mask]
        if days[0] < 0:  # a summary
            simulated = results.summary[metric]
            ax.hist(simulated[np.isfinite(simulated)], bins=20, color="tab:blue", alpha=0.7,
                    label=f"{draws} posterior draws")
            ax.axvline(observed[0], color="black", label="observed")
            ax.set_xlabel(metric)
        else:
            values = results.timeseries[metric]
            if values.ndim == 3:
                label = name[name.index("[") + 1:name.index("]")]
                axis = results.metric_axes[metric]
                values = values[:, :, results.axes[axis].index(label)]
            series = values[:, days]
            ax.fill_between(days, np.nanquantile(series, lo_q, axis=0),
                            np.nanquantile(series, hi_q, axis=0), color="tab:blue", alpha=0.3,
                            label=f"{round(100 * interval)}% of {draws} draws")
            ax.plot(days, np.nanmedian(series, axis=0), color="tab:blue", label="median")
            ax.plot(days, observed, "o", color="black", markersize=3, label="observed")
            ax.set_xlabel("day")
            ax.set_ylabel(metric)
        ax.set_title(name)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
