"""Where analysis gets its data, and the statistics every table and plot shares.

Every analysis function takes a *source*: a results file (path), the
:class:`commsim.Results` that :func:`commsim.run` returns, or the
``xarray.Dataset`` that :func:`commsim.open` returns. :func:`as_dataset`
turns each into the same Dataset; :func:`designs` says which design each run
belongs to (by the design points' names unless asked otherwise, with
:func:`pooling` saying when a grouping pools designs that differ);
:func:`mean_interval` is the interval of the mean over replicates used by
:func:`commsim.compare`, the plots and the report: Student's t, computed on
the logit scale for quantities bounded on both sides (shares, levels) and on
the log scale for counts, so that it never leaves the possible range
(docs/answer.md); :func:`summary_values` is a summary per run with the
values a model's rules fix put in.
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
from .results import FIXED_PREFIX, SUMMARY_PREFIX, _check
from .results import open as open_results

#: Coordinates along ``run`` that every results file has; any other one is a
#: swept parameter.
RUN_COLUMNS = tuple(dict.fromkeys([*LAYOUT["run_columns"], "design"]))

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


#: The range of values a quantity of each unit can take; an interval of its
#: mean stays inside. Units not listed (currency, opinion, value) are unbounded.
UNIT_BOUNDS = {
    "share": (0.0, 1.0), "level": (0.0, 1.0), "gini": (0.0, 1.0), "bool": (0.0, 1.0),
    "people": (0.0, np.inf), "people/day": (0.0, np.inf), "groups": (0.0, np.inf),
    "messages": (0.0, np.inf), "purchases": (0.0, np.inf), "invitations": (0.0, np.inf),
    "packets": (0.0, np.inf), "day": (0.0, np.inf), "days": (0.0, np.inf),
}


def units(ds: xr.Dataset, metric: str) -> str:
    """The unit of a summary or daily metric ("" when unknown).

    Parameters
    ----------
    ds : xarray.Dataset
        Results as :func:`as_dataset` gives them.
    metric : str
        A summary or a daily metric.

    Returns
    -------
    str
    """
    for name in (f"{SUMMARY_PREFIX}{metric}", metric):
        if name in ds.data_vars and "units" in ds[name].attrs:
            return str(ds[name].attrs["units"])
    return ""


def bounds(ds: xr.Dataset, metric: str) -> tuple[float, float] | None:
    """The range a metric's values can take, from its unit (None: unbounded).

    Parameters
    ----------
    ds : xarray.Dataset
    metric : str

    Returns
    -------
    tuple of float, or None
    """
    return UNIT_BOUNDS.get(units(ds, metric))


def summary_values(ds: xr.Dataset, metric: str) -> tuple[np.ndarray, np.ndarray, str]:
    """A summary per run, with the values a model's rules fix put in.

    Parameters
    ----------
    ds : xarray.Dataset
    metric : str
        An end-of-run summary.

    Returns
    -------
    values : ndarray
        One value per run (NaN where the run did not finish).
    fixed : ndarray of bool
        Where the model's rules, not the simulation, decide the value.
    rule : str
        The rule, in words ("" when the model declares none for this summary).
    """
    values = np.asarray(ds[f"{SUMMARY_PREFIX}{metric}"].values, dtype=float).copy()
    name = f"{FIXED_PREFIX}{metric}"
    if name not in ds.data_vars:
        return values, np.zeros(values.shape, dtype=bool), ""
    fixed_values = np.asarray(ds[name].values, dtype=float)
    fixed = np.isfinite(fixed_values)
    done = np.asarray(ds.coords["status"].values).astype(str) == "done"
    values[fixed & done] = fixed_values[fixed & done]
    return values, fixed, str(ds[name].attrs.get("long_name", ""))


def design_columns(ds: xr.Dataset) -> list[str]:
    """The run coordinates that best name the designs.

    The design points' names (the run table's ``design`` column, format 2)
    when they tell the points apart. Else, for files without names: a sweep over whole sections records the section and every key in it
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
        return ["design"] if "design" in ds.coords else ["point"]
    if "design" in ds.coords:
        names = pd.DataFrame({"design": np.asarray(ds.coords["design"].values).astype(str),
                              "point": points}).drop_duplicates()
        if len(names) == count and names["design"].nunique() == count:
            return ["design"]

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
    """A value as a design label: 100 rather than 100.0; "(unset)" for a key a
    design point leaves at its default (an empty or NaN run-table value)."""
    if isinstance(value, (float, np.floating)):
        return "(unset)" if np.isnan(value) else f"{value:g}"
    return str(value) or "(unset)"


# Run-table columns that identify runs or describe how they went, never designs.
_NOT_DESIGNS = ("seed", "error", "wall_seconds", "replicate", "run", "status")


def designs(ds: xr.Dataset, by: str | list[str] | None = None) -> tuple[str, pd.Series]:
    """Which design each run belongs to.

    Parameters
    ----------
    ds : xarray.Dataset
        Results as :func:`as_dataset` gives them.
    by : str or list of str, optional
        A run coordinate: a swept parameter such as
        ``"community.entry.policy"``, ``"design"`` (the points' names) or
        ``"point"``; or several, whose values are joined with their short
        keys (``"policy=free, quality=0.3"``). Default: the points' names
        (:func:`design_columns`).

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
        When ``by`` is not a run coordinate, or names runs rather than designs
        (replicate, run, seed, status ...); the message lists the choices.
    """
    columns = design_columns(ds) if by is None else [by] if isinstance(by, str) else list(by)
    choices = [n for n, c in ds.coords.items()
               if c.dims == ("run",) and n not in _NOT_DESIGNS]
    for column in columns:
        if column not in ds.coords or ds.coords[column].dims != ("run",):
            raise KeyError(f"cannot group by {column!r}; the run table has: {', '.join(choices)}")
        if column in _NOT_DESIGNS:
            # These tell runs apart, not designs: grouping by them would compare
            # a design's replicates with one another.
            raise KeyError(f"cannot group by {column!r}: it tells the runs of a design apart, "
                           f"not designs; group by one of: {', '.join(choices)}")
    index = np.arange(ds.sizes["run"])
    if len(columns) == 1:
        values = pd.Series(ds.coords[columns[0]].values, index=index)
    else:
        keys = [short_key(c, columns) for c in columns]
        values = pd.Series([", ".join(f"{k}={_label(v)}" for k, v in zip(keys, row)) for row in
                            zip(*(ds.coords[c].values for c in columns))], index=index)
    points = pd.Series(ds.coords["point"].values, index=index)
    order = list(dict.fromkeys(values[points.sort_values(kind="stable").index]))
    name = ", ".join(columns)
    return name, pd.Series(pd.Categorical(values, categories=order, ordered=True),
                           index=index, name=name)


def number_text(x: float, digits: int = 3) -> str:
    """A figure as the answer, tables and report print it: "-" when not
    finite, thousands grouped from 1,000 up (13,266), else ``digits``
    significant digits (0.482)."""
    if not np.isfinite(x):
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def signed_text(x: float) -> str:
    """:func:`number_text` with a "+" on positive figures (a difference)."""
    return "-" if not np.isfinite(x) else ("+" if x > 0 else "") + number_text(x)


def shown_label(column: str, value) -> str:
    """A design's label as text: ``q=0.6`` when grouped by one run-table column
    (its values alone read badly in a sentence), the label itself for design
    names, point numbers and several columns (already ``key=value``)."""
    if column in ("design", "point") or ", " in column:
        return str(value)
    return f"{short_key(column, [column])}={_label(value)}"


def short_key(key: str, keys: list[str]) -> str:
    """The shortest trailing part of a dotted key that tells it apart from the others.

    Parameters
    ----------
    key : str
        ``"community.entry.fee"``.
    keys : list of str
        The keys it must be told apart from.

    Returns
    -------
    str
        ``"fee"``, or a longer tail when another key ends the same way.
    """
    parts = key.split(".")
    for n in range(1, len(parts) + 1):
        tail = ".".join(parts[-n:])
        if not any(o != key and ".".join(o.split(".")[-n:]) == tail for o in keys):
            return tail
    return key


def pooling(ds: xr.Dataset, by: str | list[str] | None = None) -> str | None:
    """Whether grouping by ``by`` pools design points that differ in a key it leaves out.

    Parameters
    ----------
    ds : xarray.Dataset
    by : str or list of str, optional
        As for :func:`designs`.

    Returns
    -------
    str or None
        A sentence saying which groups pool which differing keys, or None
        when every group holds one design point (or points that differ in
        nothing swept).
    """
    name, labels = designs(ds, by)
    points = pd.Series(np.asarray(ds.coords["point"].values), index=labels.index)
    swept = [c for c in swept_columns(ds) if c not in name.split(", ")]
    swept = most_specific(swept) or swept
    differing: dict[str, None] = {}
    pooled = 0
    for group in labels.cat.categories:
        mine = (labels == group).to_numpy()
        if points[mine].nunique() < 2:
            continue
        varies = [c for c in swept
                  if len(np.unique(np.asarray(ds.coords[c].values)[mine].astype(str))) > 1]
        if varies:
            pooled += 1
            differing.update(dict.fromkeys(varies))
    if not differing:
        return None
    return (f"grouping by {name} pools design points that differ in "
            f"{', '.join(differing)} ({pooled} of {len(labels.cat.categories)} groups): "
            f"each group's figures average over them; add those keys to --by (by=) to keep "
            f"them apart")


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


def mean_interval(values, confidence: float = 0.95, axis: int = 0,
                  bounds: tuple[float, float] | None = None):
    """Mean and confidence interval of the mean along ``axis``.

    Student's t interval over replicates. For a quantity with bounds (a
    share in [0, 1], a count >= 0) the interval is computed where the t
    interval is honest and mapped back, so that it stays inside the bounds:
    on the logit scale of (x - low) / (high - low) when both bounds are
    finite, on the log scale of x - low when only the lower one is (the
    delta method: se = s / (sqrt(n) m (1 - m)), resp. s / (sqrt(n) m)). When
    every value sits on a bound the data cannot say how far the mean is from
    it, and the interval is the exact one that treats each replicate as one
    trial: [(alpha/2)^(1/n), 1] at the upper bound of a share (Clopper and
    Pearson), [0, -ln(alpha/2) / n] for counts that are all zero (Garwood).
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
    bounds : tuple of float, optional
        (low, high) the values cannot leave; ``np.inf`` for none on a side
        (:data:`UNIT_BOUNDS`, :func:`bounds`). Default: unbounded.

    Returns
    -------
    mean, low, high, n : ndarray
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    v = np.asarray(values, dtype=float)
    n = np.sum(np.isfinite(v), axis=axis)
    # Too few values give NaN, which is the answer: no warnings about it.
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(v, axis=axis) if v.size else np.full(np.shape(n), np.nan)
        sd = np.nanstd(v, axis=axis, ddof=1) if v.size else np.full(np.shape(n), np.nan)
        t = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1))
        se = sd / np.sqrt(np.maximum(n, 1))
        half = np.where(n > 1, t * se, np.nan)
        low, high = mean - half, mean + half
        if bounds is not None:
            low, high = _bounded(mean, se, t, n, confidence, *bounds)
    return mean, low, high, n


def _bounded(mean, se, t, n, confidence, lo, hi):
    """The transformed-scale t interval inside [lo, hi] (see :func:`mean_interval`)."""
    tail = (1 - confidence) / 2
    nn = np.maximum(n, 1)
    few = n < 2
    if np.isfinite(lo) and np.isfinite(hi):
        span = hi - lo
        m = np.clip((mean - lo) / span, 0, 1)
        s = se / span
        eta = np.log(m / (1 - m))
        d = s / (m * (1 - m))
        inside_low = 1 / (1 + np.exp(-(eta - t * d)))
        inside_high = 1 / (1 + np.exp(-(eta + t * d)))
        flat = s == 0
        low = np.where(flat, m, inside_low)
        high = np.where(flat, m, inside_high)
        at_top, at_bottom = m >= 1, m <= 0
        low = np.where(at_top, tail ** (1 / nn), np.where(at_bottom, 0.0, low))
        high = np.where(at_top, 1.0, np.where(at_bottom, 1 - tail ** (1 / nn), high))
        low, high = lo + span * low, lo + span * high
    else:
        sign = 1.0 if np.isfinite(lo) else -1.0
        edge = lo if np.isfinite(lo) else hi
        m = np.maximum(sign * (mean - edge), 0)
        d = se / m
        inside_low, inside_high = m * np.exp(-t * d), m * np.exp(t * d)
        flat = se == 0
        low = np.where(flat, m, inside_low)
        high = np.where(flat, m, inside_high)
        zero = m <= 0
        low = np.where(zero, 0.0, low)
        high = np.where(zero, -np.log(tail) / nn, high)
        low, high = (edge + low, edge + high) if sign > 0 else (edge - high, edge - low)
    return np.where(few, np.nan, low), np.where(few, np.nan, high)


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
