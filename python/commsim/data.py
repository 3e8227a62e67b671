"""Where analysis gets its data, and the statistics every table and plot shares.

Every analysis function takes a *source*: a results file (path), the
:class:`commsim.Results` that :func:`commsim.run` returns, or the
``xarray.Dataset`` that :func:`commsim.open` returns. :func:`as_dataset`
turns each into the same Dataset; :func:`designs` says which design each run
belongs to; :func:`mean_interval` is the Student-t interval over replicates
used by :func:`commsim.compare`, the plots and the report.
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Union

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats

from ._core import LAYOUT, InputError
from .results import SUMMARY_PREFIX, _check
from .results import open as open_results

#: Coordinates along ``run`` that every results file has; any other one is a
#: swept parameter.
RUN_COLUMNS = tuple(LAYOUT["run_columns"])

if TYPE_CHECKING:
    from .runner import Results

Source = Union[str, "os.PathLike[str]", xr.Dataset, "Results"]


def as_dataset(source: Source, agents: bool = True) -> xr.Dataset:
    """The source as an ``xarray.Dataset`` laid out as :func:`commsim.open` gives.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        A results file, in-memory results, or an opened results file.
    agents : bool
        Load agent snapshots from a file (ignored for the other sources).

    Raises
    ------
    TypeError
        When ``source`` is none of these.
    FileNotFoundError, commsim.InputError
        When a path is missing or not a commsim results file (a posterior
        file, or its Dataset, is refused with a pointer to what reads it).
    """
    if isinstance(source, xr.Dataset):
        if source.attrs.get("format") == "commsim-posterior":
            raise InputError("a posterior (commsim calibrate's output), not results: summarise "
                             "it with commsim.posterior_summary, or simulate from it with "
                             "commsim.posterior_predictive")
        return source
    if isinstance(source, (str, os.PathLike)):
        _check(source)  # a posterior file is refused here, by name
        return open_results(source, agents=agents)
    to_xarray = getattr(source, "to_xarray", None)
    if callable(to_xarray):
        return to_xarray()
    raise TypeError("expected a results file path, commsim.Results or xarray.Dataset, "
                    f"got {type(source).__name__}")


def swept_columns(ds: xr.Dataset) -> list[str]:
    """The swept parameters: run coordinates beyond the fixed run table."""
    return [name for name, coord in ds.coords.items()
            if coord.dims == ("run",) and name not in RUN_COLUMNS and name != "run"]


def most_specific(keys: list[str]) -> list[str]:
    """The keys no other key lies inside (``a.b`` but not ``a`` when both are there)."""
    return [k for k in keys if not any(other.startswith(k + ".") for other in keys)]


def design_columns(ds: xr.Dataset) -> list[str]:
    """The run coordinates that best name the designs.

    A sweep over whole sections records the section and every key in it
    (``community.entry``, ``community.entry.policy``, ``.fee`` ...). The
    names are, in order of preference: the one swept key (most specific
    first) whose values match the design points one to one; else the swept
    keys that differ between points and are set at every point (variant keys
    are empty where they do not apply), when together they match the points
    one to one and there are at most three (a grid's axes); else the design
    point number.
    """
    swept = swept_columns(ds)
    points = np.asarray(ds.coords["point"].values)
    count = len(np.unique(points))
    if count < 2:
        return ["point"]

    def text(column: str) -> np.ndarray:
        return np.asarray(ds.coords[column].values).astype(str)

    def one_to_one(columns: list[str]) -> bool:
        table = pd.DataFrame({c: text(c) for c in columns}).assign(point=points)
        pairs = table.drop_duplicates()
        return len(pairs) == count and len(pairs[columns].drop_duplicates()) == count

    complete = [c for c in swept if (text(c) != "").all()]
    leaves = [c for c in complete if c in most_specific(swept)]
    for columns in (leaves, complete):
        found = [c for c in columns if one_to_one([c])]
        if found:
            return [found[0]] if len(found) == 1 else ["point"]
    varying = [c for c in leaves if len(np.unique(text(c))) > 1]
    if 1 < len(varying) <= 3 and one_to_one(varying):
        return varying
    return ["point"]


def _label(value) -> str:
    """A value as a design label: 100 rather than 100.0."""
    return f"{value:g}" if isinstance(value, (float, np.floating)) else str(value)


def designs(ds: xr.Dataset, by: str | list[str] | None = None) -> tuple[str, pd.Series]:
    """Which design each run belongs to.

    Parameters
    ----------
    ds : xarray.Dataset
        Results as :func:`as_dataset` gives them.
    by : str or list of str, optional
        A run coordinate: a swept parameter such as
        ``"community.entry.policy"``, or ``"point"``; or several, whose
        values are joined (``"free, 0.3"``). Default: the swept keys that
        name the points (:func:`design_columns`).

    Returns
    -------
    name : str
        The column (or columns, joined by ", ") used.
    labels : pandas.Series
        The design of each run (indexed by run), as an ordered categorical
        whose categories follow the design's point order.

    Raises
    ------
    KeyError
        When ``by`` is not a run coordinate; the message lists those there are.
    """
    columns = design_columns(ds) if by is None else [by] if isinstance(by, str) else list(by)
    for column in columns:
        if column not in ds.coords or ds.coords[column].dims != ("run",):
            choices = [n for n, c in ds.coords.items()
                       if c.dims == ("run",) and n not in ("seed", "error", "wall_seconds")]
            raise KeyError(f"cannot group by {column!r}; the run table has: {', '.join(choices)}")
    index = np.arange(ds.sizes["run"])
    if len(columns) == 1:
        values = pd.Series(ds.coords[columns[0]].values, index=index)
    else:
        values = pd.Series([", ".join(map(_label, row)) for row in
                            zip(*(ds.coords[c].values for c in columns))], index=index)
    points = pd.Series(ds.coords["point"].values, index=index)
    order = list(dict.fromkeys(values[points.sort_values(kind="stable").index]))
    name = ", ".join(columns)
    return name, pd.Series(pd.Categorical(values, categories=order, ordered=True),
                           index=index, name=name)


def runs_by_design(ds: xr.Dataset,
                   by: str | list[str] | None = None) -> tuple[str, list[tuple[object, np.ndarray]]]:
    """Each design, in point order, with the mask of its finished runs.

    Parameters
    ----------
    ds : xarray.Dataset
    by : str or list of str, optional
        As for :func:`designs`.

    Returns
    -------
    name : str
        The column (or columns, joined by ", ") naming the designs.
    groups : list of (label, ndarray of bool)
        Failed and pending runs are left out of every mask.
    """
    name, labels = designs(ds, by)
    keep = done_runs(ds)
    return name, [(group, (labels == group).to_numpy() & keep)
                  for group in labels.cat.categories]


def done_runs(ds: xr.Dataset) -> np.ndarray:
    """Boolean mask of the runs that finished (failed and pending runs are left out)."""
    return np.asarray(ds.coords["status"].values).astype(str) == "done"


def mean_interval(values, confidence: float = 0.95, axis: int = 0):
    """Mean and Student-t confidence interval of the mean along ``axis``.

    NaN values (failed runs) are left out. With fewer than two values the
    interval is NaN.

    Parameters
    ----------
    values : array_like
        Replicate values along ``axis``.
    confidence : float
        Coverage of the interval, in (0, 1).
    axis : int
        The replicate axis.

    Returns
    -------
    mean, low, high, n : ndarray
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    v = np.asarray(values, dtype=float)
    n = np.sum(np.isfinite(v), axis=axis)
    # Too few values give NaN, which is the answer: no warnings about it.
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(v, axis=axis) if v.size else np.full(np.shape(n), np.nan)
        sd = np.nanstd(v, axis=axis, ddof=1) if v.size else np.full(np.shape(n), np.nan)
        t = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1))
        half = np.where(n > 1, t * sd / np.sqrt(np.maximum(n, 1)), np.nan)
    return mean, mean - half, mean + half, n


def outcomes(ds: xr.Dataset, metrics: list[str] | None = None,
             where: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One row per run: the run table and one column per outcome.

    Parameters
    ----------
    ds : xarray.Dataset
    metrics : list of str, optional
        End-of-run summaries, or daily metrics without a category axis
        (their last day). Default: every summary.
    where : str, optional
        Names the source in error messages (default: the scenario name).

    Returns
    -------
    table : pandas.DataFrame
        Indexed by run.
    names : list of str
        The outcome columns, in the order asked.

    Raises
    ------
    commsim.InputError
        For a name that is neither a summary nor a daily metric.
    """
    from ._core import InputError

    summaries = sorted(n[len(SUMMARY_PREFIX):] for n in ds.data_vars
                       if n.startswith(SUMMARY_PREFIX))
    daily = sorted(n for n, v in ds.data_vars.items() if v.dims == ("run", "day"))
    names = summaries if metrics is None else list(metrics)
    table = pd.DataFrame({name: np.asarray(c.values) for name, c in ds.coords.items()
                          if c.dims == ("run",) and name != "run"},
                         index=pd.Index(np.arange(ds.sizes["run"]), name="run"))
    for m in names:
        if m in summaries:
            table[m] = ds[f"{SUMMARY_PREFIX}{m}"].values
        elif m in daily:
            table[m] = ds[m].isel(day=-1).values
        else:
            where = where or ds.attrs.get("name", "these results")
            raise InputError(f"{where}: no metric {m!r}; summaries: {', '.join(summaries)}; "
                             f"daily: {', '.join(daily)}")
    return table, names
