"""Comparing design points: per-group means with 95% intervals.

``commsim compare results.h5 --by PATH [--metric M ...] [--plot out.png]``
runs :func:`main`; from Python use :func:`compare` and :func:`plot_compare`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
from scipy import stats

from ._core import InputError
from .results import _check, summary


def _outcomes(path: Path, metrics: list[str] | None) -> tuple[pd.DataFrame, list[str]]:
    """The run table with one column per metric (summaries as they are, daily
    metrics at the last day)."""
    df = summary(path)
    with h5py.File(path, "r") as f:
        summaries = sorted(f["summary"])
        daily = {name for name, ds in f["timeseries"].items() if ds.ndim == 2}
        if metrics is None:
            return df, summaries
        for m in metrics:
            if m in summaries:
                continue
            if m in daily:
                df[m] = f[f"timeseries/{m}"][:, -1]
                continue
            raise InputError(f"{path}: no metric {m!r}; summaries: {', '.join(summaries)}; "
                             f"daily: {', '.join(sorted(daily))}")
    return df, list(metrics)


def compare(path: str | os.PathLike[str], by: str | None = None,
            metrics: list[str] | None = None, confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval of each metric per group of runs.

    Parameters
    ----------
    path : str or path-like
        A results file.
    by : str, optional
        A column of the run table to group by: a swept parameter (such as
        ``"bass.q"``) or ``"point"``. Default: the design point when the file
        has a sweep, else all runs together.
    metrics : list of str, optional
        End-of-run summaries, or daily metrics (their last day). Default: every
        summary.
    confidence : float
        Coverage of the Student-t interval over replicates.

    Returns
    -------
    pandas.DataFrame
        One row per group; columns ``(metric, stat)`` with stat in mean, low,
        high, n. Failed runs are left out.

    Raises
    ------
    FileNotFoundError, commsim.InputError, KeyError
        A missing or foreign file, an unknown metric, an unknown ``by`` column.
    """
    p = _check(path)
    df, names = _outcomes(p, metrics)
    df = df[df["status"] == "done"]
    if by is None:
        by = "point"
    if by not in df.columns:
        choices = [c for c in df.columns if c not in names and c not in ("seed", "error")]
        raise KeyError(f"cannot group by {by!r}; the run table has: {', '.join(choices)}")
    rows = {}
    for group, runs in df.groupby(by, sort=True):
        row = {}
        for m in names:
            v = runs[m].to_numpy(dtype=float)
            v = v[np.isfinite(v)]
            mean = v.mean() if len(v) else np.nan
            half = (stats.t.ppf(0.5 + confidence / 2, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
                    if len(v) > 1 else np.nan)
            row.update({(m, "mean"): mean, (m, "low"): mean - half, (m, "high"): mean + half,
                        (m, "n"): len(v)})
        rows[group] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.columns = pd.MultiIndex.from_tuples(table.columns, names=["metric", "stat"])
    table.index.name = by
    return table


def plot_compare(path: str | os.PathLike[str], by: str | None = None,
                 metrics: list[str] | None = None):
    """One panel per metric: group means with their 95% intervals.

    Returns the matplotlib Figure.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    table = compare(path, by, metrics)
    names = list(dict.fromkeys(table.columns.get_level_values("metric")))
    fig, axes = plt.subplots(len(names), 1, figsize=(7, 1.5 + 2.6 * len(names)), squeeze=False)
    labels = [str(g) for g in table.index]
    x = np.arange(len(labels))
    for ax, m in zip(axes[:, 0], names):
        mean = table[(m, "mean")].to_numpy(dtype=float)
        err = np.vstack([mean - table[(m, "low")], table[(m, "high")] - mean])
        ax.errorbar(x, mean, yerr=np.nan_to_num(err), fmt="o", capsize=4)
        ax.set_ylabel(m)
        ax.margins(x=0.15)
        ax.set_xticks(x, labels, rotation=20 if max(map(len, labels)) > 12 else 0, ha="right"
                      if max(map(len, labels)) > 12 else "center")
    axes[-1, 0].set_xlabel(table.index.name)
    fig.suptitle(f"{Path(path).name}: mean and 95% interval over replicates")
    fig.tight_layout()
    if matplotlib.get_backend().lower() == "agg":
        plt.close(fig)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="commsim compare",
                                     description="Compare groups of runs: means with 95% "
                                                 "intervals over replicates.")
    parser.add_argument("results", type=Path)
    parser.add_argument("--by", help="run-table column to group by (default: design point)")
    parser.add_argument("--metric", action="append", dest="metrics",
                        help="summary or daily metric (repeatable; default: all summaries)")
    parser.add_argument("--plot", type=Path, help="also write a PNG here")
    args = parser.parse_args(argv)
    try:
        table = compare(args.results, args.by, args.metrics)
        print(_format(table))
        if args.plot:
            import matplotlib
            matplotlib.use("Agg")
            plot_compare(args.results, args.by, args.metrics).savefig(args.plot, dpi=120)
            print(f"plot: {args.plot}")
    except (FileNotFoundError, InputError, KeyError) as e:
        print(f"error: {e.args[0] if e.args else e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
