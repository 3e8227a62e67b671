"""Comparing designs: the answer on the objective, and each outcome per design.

``commsim compare results.h5 [--by KEY ...] [--objective SUMMARY] [--metric M ...]
[--plot out.png]`` runs :func:`main`: the answer (which design is best on the
objective, by how much), its certainty, why (the difference split into the
objective's parts), then the table. From Python use :func:`commsim.answer`,
:func:`compare` and :func:`plot_compare`.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ._cli import ArgumentParser
from ._core import InputError
from ._output import write_output
from .data import (Source, as_dataset, bounds, designs, done_runs, mean_interval, number_text,
                   outcomes, pooling, runs_by_design, shown_label, summary_values, units)
from .results import SUMMARY_PREFIX


def compare(source: Source, by: str | list[str] | None = None, metrics: list[str] | None = None,
            confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval of each metric per design.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        A results file, or results already in memory.
    by : str or list of str, optional
        A column of the run table to group by: ``"design"`` (the points'
        names), a swept parameter (such as ``"bass.q"``) or ``"point"``;
        several columns group by their combination. Default: the design
        points' names (:func:`commsim.data.design_columns`). A grouping that
        pools design points differing in a key it leaves out warns
        (:func:`commsim.data.pooling`).
    metrics : list of str, optional
        End-of-run summaries, or daily metrics (their last day). Default: every
        summary.
    confidence : float
        Coverage of the interval over replicates: Student's t, on the logit
        or log scale for bounded quantities so that it stays within bounds
        (:func:`commsim.mean_interval`).

    Returns
    -------
    pandas.DataFrame
        One row per design, in the design's point order; columns
        ``(metric, stat)`` with stat in mean, low, high, n. Failed, pending
        and unneeded runs are left out. A value fixed by the model's rules
        (not simulated) at every run of a design shows as its mean with NaN
        interval; ``table.attrs["fixed_by_rule"]`` maps ``(design, metric)``
        to the rule, ``table.attrs["units"]`` each metric to its unit.

    Raises
    ------
    FileNotFoundError, commsim.InputError, KeyError
        A missing or foreign file, an unknown metric, an unknown ``by`` column.

    Examples
    --------
    >>> commsim.compare("flagship.h5", metrics=["members_final"])  # doctest: +SKIP
    """
    ds = as_dataset(source, agents=False)
    where = os.fspath(source) if isinstance(source, (str, os.PathLike)) else None
    name, groups = runs_by_design(ds, by)
    if by is not None and (note := pooling(ds, by)) is not None:
        warnings.warn(note, stacklevel=2)
    table, names = outcomes(ds, metrics, where)
    fixed_cells = {}
    rows = {}
    for group, mask in groups:
        runs = table[mask]
        row = {}
        for m in names:
            values = runs[m].to_numpy(dtype=float)
            if f"{SUMMARY_PREFIX}{m}" in ds.data_vars:
                per_run, fixed, rule = summary_values(ds, m)
                if mask.any() and fixed[mask].all():
                    fixed_cells[(group, m)] = rule
                    values = per_run[mask]
            mean, low, high, n = mean_interval(values, confidence, bounds=bounds(ds, m))
            if (group, m) in fixed_cells:
                low = high = np.nan
            row.update({(m, "mean"): float(mean), (m, "low"): float(low), (m, "high"): float(high),
                        (m, "n"): int(n)})
        rows[group] = row
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.columns = pd.MultiIndex.from_tuples(result.columns, names=["metric", "stat"])
    result.index.name = name
    result.attrs["fixed_by_rule"] = fixed_cells
    result.attrs["units"] = {m: units(ds, m) for m in names}
    return result


def plot_compare(source: Source, by: str | list[str] | None = None, metrics: list[str] | None = None,
                 confidence: float = 0.95):
    """One panel per metric: design means with their confidence intervals.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
    by : str or list of str, optional
    metrics : list of str, optional
    confidence : float
        As for :func:`compare`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = compare(source, by, metrics, confidence)
    if isinstance(source, (str, os.PathLike)):
        title = Path(source).name
    else:
        title = str(getattr(source, "attrs", {}).get("name", "results"))
    return draw_table(table, f"{title}: mean and {confidence:.0%} interval over replicates")


def draw_table(table: pd.DataFrame, title: str):
    """Draw a :func:`compare` table: one panel per metric, means with intervals.

    A value fixed by the model's rules is drawn as an open marker, without an
    interval. Each panel's axis names the metric's unit.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`compare` returns it.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .plots import figure

    names = list(dict.fromkeys(table.columns.get_level_values("metric")))
    fixed = table.attrs.get("fixed_by_rule", {})
    unit_of = table.attrs.get("units", {})
    cols = min(len(names), 3)
    rows = -(-len(names) // cols)
    fig, axes = figure(rows, cols, size=(4.4 * cols, 1.3 + 3.1 * rows))
    labels = [str(g) for g in table.index]
    x = np.arange(len(labels))
    long_labels = max(map(len, labels)) > 40 / cols
    for ax, m in zip(axes.flat, names):
        mean = table[(m, "mean")].to_numpy(dtype=float)
        err = np.vstack([mean - table[(m, "low")], table[(m, "high")] - mean])
        ruled = np.array([(g, m) in fixed for g in table.index])
        drawn = np.isfinite(mean) & ~ruled  # a design with no finite value has no point
        ax.errorbar(x[drawn], mean[drawn], yerr=np.nan_to_num(err[:, drawn]), fmt="o", capsize=4)
        if ruled.any():
            ax.plot(x[ruled], mean[ruled], "o", mfc="none", color="grey",
                    label="fixed by the model's rules")
            ax.legend(fontsize="x-small")
        ax.set_title(m, fontsize="medium")
        ax.set_ylabel(unit_of.get(m) or "value", fontsize="small")
        ax.margins(x=0.15)
        ax.set_xticks(x, labels, rotation=25 if long_labels else 0,
                      ha="right" if long_labels else "center", fontsize="small")
        ax.set_xlabel(table.index.name, fontsize="small")
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def table_metrics(ds, objective=None) -> list[str]:
    """The outcomes a strategist's table shows: the objective, its parts and
    constraints, what explains it, then the model's headline summaries.

    Parameters
    ----------
    ds : xarray.Dataset
    objective : commsim.decision.Objective, optional

    Returns
    -------
    list of str
    """
    from .scenario import describe

    summaries = [n[len(SUMMARY_PREFIX):] for n in ds.data_vars if n.startswith(SUMMARY_PREFIX)]
    try:
        headline = describe(str(ds.attrs.get("model", "")))["headline"]
    except InputError:
        headline = []
    first = []
    if objective is not None:
        first += [objective.name] if objective.recorded else []
        first += [p for p, _ in objective.parts] + [c[0] for c in objective.constraints]
        first += list(objective.explain)
    chosen = [m for m in dict.fromkeys(first + list(headline)) if m in summaries]
    return chosen or summaries


def format_table(table: pd.DataFrame, confidence: float = 0.95) -> str:
    """A :func:`compare` table as text: one block per metric, one line per design.

    Parameters
    ----------
    table : pandas.DataFrame
        As :func:`compare` returns it.
    confidence : float
        The coverage the table was computed at (for its header).

    Returns
    -------
    str
    """
    names = list(dict.fromkeys(table.columns.get_level_values("metric")))
    fixed = table.attrs.get("fixed_by_rule", {})
    unit_of = table.attrs.get("units", {})
    shown = {g: shown_label(str(table.index.name), g) for g in table.index}
    width = max([len(s) for s in shown.values()] + [10])
    header = f"{'':<{width + 2}} {'mean':>11} {f'{confidence:.0%} interval':>25} {'runs':>5}"
    lines = [header]
    for m in names:
        lines.append(f"{m}" + (f" ({unit_of[m]})" if unit_of.get(m) else ""))
        for group in table.index:
            mean, low, high, n = (table.loc[group, (m, s)] for s in ("mean", "low", "high", "n"))
            if (group, m) in fixed:
                cell = number_text(mean, 4)
                lines.append(f"  {shown[group]:<{width}} {cell:>11}   fixed by the model's "
                             f"rules, not simulated: {fixed[(group, m)]}")
                continue
            interval = (f"[{number_text(low, 4)}, {number_text(high, 4)}]" if np.isfinite(low)
                        else "-")
            cell = number_text(mean, 4)
            lines.append(f"  {shown[group]:<{width}} {cell:>11} {interval:>25} {int(n):>5}")
    return "\n".join(lines)


def _format(table: pd.DataFrame) -> str:
    return format_table(table)


def _plot_format(path: str) -> str:
    """The image format matplotlib writes for ``path``'s extension.

    Raises
    ------
    commsim.InputError
        When the extension names no format matplotlib can write.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    formats = FigureCanvasAgg.get_supported_filetypes()
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in formats:
        shown = f"extension .{suffix}" if suffix else "no extension"
        raise InputError(f"--plot {path}: {shown}, so no image format; end the name in "
                         f".png, .pdf or .svg (or one of {', '.join(sorted(formats))})")
    return suffix


def main(argv: list[str] | None = None) -> int:
    """``commsim compare``: errors propagate to ``python -m commsim``, which maps them."""
    parser = ArgumentParser(
        prog="commsim compare",
        description="Which design is best on the objective, how sure, and why; then each "
                    "outcome's mean with its 95% interval per design.")
    parser.add_argument("results", type=Path)
    parser.add_argument("--by", action="append",
                        help="run-table column naming the designs (repeatable; default: the "
                             "design points' names)")
    parser.add_argument("--metric", action="append", dest="metrics",
                        help="summary or daily metric for the table (repeatable; default: the "
                             "objective's, then the headline summaries)")
    parser.add_argument("--objective", help="summary to optimise (default: the file's objective)")
    parser.add_argument("--minimize", action="store_true", default=None,
                        help="smaller --objective is better")
    parser.add_argument("--constraint", action="append", dest="constraints",
                        help="a condition a design must meet, such as retention_90>=0.5 "
                             "(repeatable; replaces the objective's)")
    parser.add_argument("--confidence", type=float,
                        help="probability at which the answer counts as settled")
    parser.add_argument("--plot", help="also write a plot here (.png, .pdf, .svg ...)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing plot")
    args = parser.parse_args(argv)
    from .decision import answer, no_answer_reason

    by = args.by[0] if args.by and len(args.by) == 1 else args.by

    def show() -> tuple[object, list[str]]:
        ds = as_dataset(args.results, agents=False)
        if args.metrics:
            outcomes(ds, args.metrics, args.results)  # a misspelled metric, before any answer
        found = answer(ds, by, args.objective, args.minimize, args.constraints, args.confidence)
        note = pooling(ds, by) if by is not None else None
        if found is not None:
            print(found.to_text())
            print()
        else:
            if (reason := no_answer_reason(ds, by, args.objective)) is not None:
                print(reason + "\n")
            if note is not None:
                print(f"Note: {note}\n")
        metrics = args.metrics or table_metrics(ds, found.objective if found else None)
        outcomes(ds, metrics, args.results)  # an unknown metric's error names the file
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the pooling note is printed above
            table = compare(ds, by, metrics)
        runs = done_runs(ds)
        print(f"Table: each design's mean and 95% interval over its {int(runs.sum())} finished "
              f"runs ({designs(ds, by)[0]})")
        print(format_table(table))
        return ds, metrics

    if args.plot is None:
        show()
        return 0

    # The plot's path is checked and claimed before any work, so that a bad
    # one costs nothing and never destroys the results it would be drawn from.
    def write(partial: Path) -> None:
        image_format = _plot_format(args.plot)
        ds, metrics = show()
        import matplotlib
        matplotlib.use("Agg")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            figure = plot_compare(ds, by, metrics)
        figure.savefig(partial, format=image_format, dpi=120)

    write_output(args.plot, [args.results], args.overwrite, "--plot", write)
    print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
