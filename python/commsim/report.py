"""One self-contained HTML page about an experiment, for a strategist.

``commsim report results.h5 -o report.html`` (or :func:`write_report`)
writes: the scenario's question (its opening comment and description), the
designs compared (each design's parameter values and runs), the headline
table (the model's headline outcomes per design, mean and 95% interval over
replicates, best design marked) and the key plots: members over time with
bands, the headline outcomes with intervals, role composition, and, when
the file has agent snapshots, opinion and trust distributions. Plots are
embedded as PNG data, styles inline: the page needs nothing else to open.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from ._cli import ArgumentParser
from ._core import InputError
from ._output import write_output
from .comparison import compare, draw_table
from .data import as_dataset, designs, done_runs, most_specific, swept_columns
from .plots import plot_distributions, plot_roles, plot_timeseries
from .results import SUMMARY_PREFIX
from .scenario import describe

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; font-size: 0.9rem; }
blockquote { border-left: 4px solid #4a7ab5; margin: 1rem 0; padding: 0.1rem 1rem;
             background: #f3f6fa; }
table { border-collapse: collapse; margin: 0.8rem 0 1.4rem; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
table.designs td, table.designs th { text-align: left; }
td.best { font-weight: 600; background: #eaf4ea; }
.interval { color: #666; font-size: 0.85rem; white-space: nowrap; }
figure { margin: 1rem 0 2rem; } figure img { max-width: 100%; }
figcaption { color: #555; font-size: 0.9rem; }
"""


def _question(ds: xr.Dataset) -> str:
    """The scenario's opening comment block (its question), else its description."""
    lines = []
    for line in str(ds.attrs.get("scenario_source", ds.attrs.get("scenario", ""))).splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    question = "\n".join(lines).strip()
    return question or str(ds.attrs.get("description", ""))


def _paragraphs(text: str) -> str:
    """Blank-line separated text as HTML paragraphs."""
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    return "".join(f"<p>{html.escape(b)}</p>" for b in blocks)


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _number(x: float) -> str:
    if not np.isfinite(x):
        return "-"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _settings(ds: xr.Dataset, run: int, keys: list[str]) -> str:
    """``key: value`` for each swept key set at this run's point, the common
    prefix of the keys left out."""
    prefix = os.path.commonprefix([k + "." for k in keys])
    prefix = prefix[:prefix.rfind(".") + 1]
    pairs = [(k[len(prefix):], str(ds.coords[k].values[run])) for k in keys]
    return ", ".join(f"{k}: {v}" for k, v in pairs if v != "")


def _designs_table(ds: xr.Dataset, by: str, labels: pd.Series) -> str:
    # The keys that differ between designs, most specific first (a swept
    # section records itself and each key in it).
    swept = [c for c in swept_columns(ds)
             if len(np.unique(np.asarray(ds.coords[c].values).astype(str))) > 1]
    swept = most_specific(swept) or swept
    keep = done_runs(ds)
    rows = []
    for group in labels.cat.categories:
        mine = (labels == group).to_numpy()
        first = int(np.flatnonzero(mine)[0])
        rows.append(f"<tr><td>{html.escape(str(group))}</td>"
                    f"<td>{html.escape(_settings(ds, first, swept)) or '-'}</td>"
                    f"<td>{int((mine & keep).sum())} of {int(mine.sum())}</td></tr>")
    return (f"<table class=\"designs\"><tr><th>{html.escape(by)}</th><th>settings</th>"
            f"<th>runs done</th></tr>"
            f"{''.join(rows)}</table>")


def _headline_table(table: pd.DataFrame, docs: dict[str, str]) -> str:
    groups = [str(g) for g in table.index]
    head = "".join(f"<th>{html.escape(g)}</th>" for g in ["outcome", *groups])
    rows = []
    for metric in dict.fromkeys(table.columns.get_level_values("metric")):
        means = table[(metric, "mean")].to_numpy(dtype=float)
        best = int(np.nanargmax(means)) if np.isfinite(means).any() and len(means) > 1 else -1
        cells = [f'<td title="{html.escape(docs.get(metric, ""))}">{html.escape(metric)}</td>']
        for i, group in enumerate(table.index):
            low, high = table.loc[group, (metric, "low")], table.loc[group, (metric, "high")]
            interval = (f'<br><span class="interval">[{_number(low)}, {_number(high)}]</span>'
                        if np.isfinite(low) else "")
            css = ' class="best"' if i == best else ""
            cells.append(f"<td{css}>{_number(means[i])}{interval}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _headline_metrics(ds: xr.Dataset) -> tuple[list[str], dict[str, str]]:
    summaries = [n[len(SUMMARY_PREFIX):] for n in ds.data_vars if n.startswith(SUMMARY_PREFIX)]
    try:
        info = describe(str(ds.attrs.get("model", "")))
    except InputError:
        return summaries, {}
    docs = {s["name"]: s["doc"] for s in info["summaries"]}
    headline = [m for m in info.get("headline", []) if m in summaries]
    return headline or summaries, docs


def render(source, by: str | list[str] | None = None) -> str:
    """The report page as HTML text.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        Results of an experiment.
    by : str or list of str, optional
        Run-table column(s) naming the designs (default: the swept keys
        that name the design points, else the point number; see
        :func:`commsim.data.design_columns`).

    Returns
    -------
    str
    """
    ds = as_dataset(source, agents=True)
    name, labels = designs(ds, by)
    metrics, docs = _headline_metrics(ds)
    table = compare(ds, by, metrics)
    title = str(ds.attrs.get("name", "commsim results"))
    daily = [n for n, v in ds.data_vars.items() if v.dims == ("run", "day")]
    story = "members" if "members" in daily else (daily[0] if daily else None)
    figures = [
        (plot_timeseries(ds, story, by) if story else None,
         f"{story} over time: the mean over replicates with its 95% interval."),
        (draw_table(table[metrics[:6]], f"{title}: mean and 95% interval over replicates"),
         "Headline outcomes: each design's mean with its 95% interval over replicates."),
        (plot_roles(ds, "members_by_role", by, share=True) if "members_by_role" in ds else None,
         "Who the members are: the share of each role over time (mean over replicates)."),
        (plot_distributions(ds, ("opinion", "trust"), by)
         if "snapshot" in ds.dims and {"opinion", "trust", "member_status"} <= set(ds.data_vars)
         else None,
         "Opinion and trust of the members at the last snapshot, replicates pooled."),
    ]
    plots = "".join(
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{_png(fig)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        for fig, caption in figures if fig is not None)
    runs = ds.sizes["run"]
    days = ds.sizes.get("day", 0) - 1
    done = int(done_runs(ds).sum())
    meta = (f"{html.escape(str(ds.attrs.get('model', '')))} model, {runs} runs ({done} done), "
            f"{days} days; commsim {html.escape(str(ds.attrs.get('commsim_version', '')))}; "
            f"results written {html.escape(str(ds.attrs.get('created', '')))}; "
            f"page written {datetime.date.today().isoformat()}")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">{meta}</p>
<h2>The question</h2>
<blockquote>{_paragraphs(_question(ds))}</blockquote>
<h2>The designs compared</h2>
{_designs_table(ds, name, labels)}
<h2>Headline figures</h2>
<p>Mean over replicates with the 95% interval of the mean below it; the
highest mean of each row is shaded (higher is not always better: read the
outcome). Hover an outcome's name for its definition. A dash marks a value
that is not defined in these runs or that the model's rules fix rather than
simulate (the definition says when).</p>
{_headline_table(table, docs)}
<h2>Plots</h2>
{plots}
<p class="meta">Rerun: <code>{html.escape(str(ds.attrs.get('command_line', '')))}</code></p>
</body></html>
"""


def write_report(results: str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
                 by: str | list[str] | None = None, overwrite: bool = False) -> Path:
    """Write the report page for a results file.

    Parameters
    ----------
    results : str or path-like
        A results file.
    output : str or path-like, optional
        The page to write (default: the results file with ``.html``).
    by : str or list of str, optional
        Run-table column(s) naming the designs, as for :func:`render`.
    overwrite : bool
        Replace an existing page.

    Returns
    -------
    Path
        The page written. It appears whole or not at all (written to a
        temporary name, then renamed); a failure leaves nothing behind.

    Raises
    ------
    FileNotFoundError, commsim.InputError, KeyError
        A missing or foreign results file, an unknown ``by`` column.
    FileExistsError
        ``output`` exists and ``overwrite`` is false.
    commsim.ScenarioError
        ``output`` cannot be written as asked: the results file itself, not a
        regular file, an unwritable folder, or being written by another command.
    """
    results = Path(results)
    output = results.with_suffix(".html") if output is None else output
    if os.fspath(output) == "":
        raise InputError("report '': no file name given")
    shown = Path(output)
    if shown.exists() and not overwrite:
        raise FileExistsError(f"{output} exists; pass --overwrite (overwrite=True) to replace it")
    if not (shown.parent if str(shown.parent) else Path(".")).is_dir():
        raise FileNotFoundError(f"{shown.parent}: no such folder for the report")

    def write(partial: Path) -> None:
        partial.write_text(render(results, by), encoding="utf-8")

    return write_output(output, [results], overwrite, "report", write)


def main(argv: list[str] | None = None) -> int:
    """``commsim report``: errors propagate to ``python -m commsim``, which maps them."""
    parser = ArgumentParser(prog="commsim report",
                                     description="Write a self-contained HTML report of an "
                                                 "experiment for strategists.")
    parser.add_argument("results", type=Path)
    parser.add_argument("-o", "--output",
                        help="HTML file (default: the results file with .html)")
    parser.add_argument("--by", action="append",
                        help="run-table column naming the designs (repeat to combine columns)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing page")
    args = parser.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")
    path = write_report(args.results, args.output, args.by, args.overwrite)
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
