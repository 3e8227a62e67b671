"""Comparing designs: per-design means with confidence intervals.

``commsim compare results.h5 --by PATH [--metric M ...] [--plot out.png]``
runs :func:`main`; from Python use :func:`compare` and :func:`plot_compare`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from ._cli import ArgumentParser
from ._core import InputError
from ._output import write_output
from .data import Source, as_dataset, mean_interval, outcomes, runs_by_design


def compare(source: Source, by: str | list[str] | None = None, metrics: list[str] | None = None,
            confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval of each metric per design.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        A results file, or results already in memory.
    by : str or list of str, optional
        A column of the run table to group by: a swept parameter (such as
        ``"bass.q"``) or ``"point"``; several columns group by their
        combination. Default: the swept keys that name the design points
        (:func:`commsim.data.design_columns`), else the point.
    metrics : list of str, optional
        End-of-run summaries, or daily metrics (their last day). Default: every
        summary.
    confidence : float
        Coverage of the Student-t interval over replicates.

    Returns
    -------
    pandas.DataFrame
        One row per design, in the design's point order; columns
        ``(metric, stat)`` with stat in mean, low, high, n. Failed runs are
        left out.

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
    table, names = outcomes(ds, metrics, where)
    rows = {}
    for group, mask in groups:
        runs = table[mask]
        row = {}
        for m in names:
            mean, low, high, n = mean_interval(runs[m].to_numpy(dtype=float), confidence)
            row.update({(m, "mean"): mean, (m, "low"): low, (m, "high"): high, (m, "n"): int(n)})
        rows[group] = row
    result = pd.DataFrame.from_dict(rows, orient="index")
    result.columns = pd.MultiIndex.from_tuples(result.columns, names=["metric", "stat"])
    result.index.name = name
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
    cols = min(len(names), 3)
    rows = -(-len(names) // cols)
    fig, axes = figure(rows, cols, size=(4.4 * cols, 1.0 + 3.0 * rows))
    labels = [str(g) for g in table.index]
    x = np.arange(len(labels))
    long_labels = max(map(len, labels)) > 40 / cols
    for ax, m in zip(axes.flat, names):
        mean = table[(m, "mean")].to_numpy(dtype=float)
        err = np.vstack([mean - table[(m, "low")], table[(m, "high")] - mean])
        drawn = np.isfinite(mean)  # a design with no finite value has no point
        ax.errorbar(x[drawn], mean[drawn], yerr=np.nan_to_num(err[:, drawn]), fmt="o", capsize=4)
        ax.set_title(m, fontsize="medium")
        ax.margins(x=0.15)
        ax.set_xticks(x, labels, rotation=25 if long_labels else 0,
                      ha="right" if long_labels else "center")
        ax.set_xlabel(table.index.name, fontsize="small")
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _format(table: pd.DataFrame) -> str:
    names = list(dict.fromkeys(table.columns.get_level_values("metric")))
    lines = []
    for m in names:
        lines.append(f"{m}")
        for group in table.index:
            mean, low, high, n = (table.loc[group, (m, s)] for s in ("mean", "low", "high", "n"))
            interval = f"[{low:.4g}, {high:.4g}]" if np.isfinite(low) else "-"
            lines.append(f"  {table.index.name} = {str(group):<36} {mean:>10.4g} "
                         f"{interval:>23} {int(n):>5}")
    return "\n".join(lines)


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
    parser = ArgumentParser(prog="commsim compare",
                            description="Compare groups of runs: means with 95% "
                                        "intervals over replicates.")
    parser.add_argument("results", type=Path)
    parser.add_argument("--by", help="run-table column to group by (default: design point)")
    parser.add_argument("--metric", action="append", dest="metrics",
                        help="summary or daily metric (repeatable; default: all summaries)")
    parser.add_argument("--plot", help="also write a plot here (.png, .pdf, .svg ...)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing plot")
    args = parser.parse_args(argv)
    if args.plot is None:
        print(_format(compare(args.results, args.by, args.metrics)))
        return 0

    # The plot's path is checked and claimed before any work, so that a bad
    # one costs nothing and never destroys the results it would be drawn from.
    def write(partial: Path) -> None:
        image_format = _plot_format(args.plot)
        print(_format(compare(args.results, args.by, args.metrics)))
        import matplotlib
        matplotlib.use("Agg")
        figure = plot_compare(args.results, args.by, args.metrics)
        figure.savefig(partial, format=image_format, dpi=120)

    write_output(args.plot, [args.results], args.overwrite, "--plot", write)
    print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
