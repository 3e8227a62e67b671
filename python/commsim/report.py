"""One self-contained HTML page about an experiment, for a strategist.

``commsim report results.h5 -o report.html`` (or :func:`write_report`)
writes, in this order: the answer in one sentence (which design is best on
the objective, by how much), its certainty (each design's probability of
being best, whether the answer is settled or how many more replicates would
likely settle it), the objective table (per design: the objective's mean
with its 95% interval, the probability of being best, the constraints), the
breakdown of the winner's lead into the objective's parts and what explains
them, the key plots (the objective and its parts per design, members over
time with bands, role composition, and, when the file has agent snapshots,
opinion and trust distributions; units on every axis), then the scenario's
question, the designs compared (names, settings, runs) and every headline
outcome per design. A value fixed by the model's rules is marked as such and
never shaded. Plots are embedded as PNG data, styles inline: the page needs
nothing else to open.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from ._cli import ArgumentParser
from ._core import InputError
from ._output import write_output
from .comparison import compare, draw_table, table_metrics
from .data import (as_dataset, designs, done_runs, most_specific, number_text, shown_label,
                   signed_text, swept_columns)
from .decision import probability_text
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
th.winner { background: #eaf4ea; }
td.fixed { color: #777; font-style: italic; }
td.unmet { color: #a33; }
p.answer { font-size: 1.25rem; font-weight: 600; margin: 1rem 0 0.4rem; }
ul.certainty { margin-top: 0.2rem; color: #333; }
.note { color: #666; font-size: 0.9rem; }
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
    unneeded = np.asarray(ds.coords["status"].values).astype(str) == "unneeded"
    rows = []
    for group in labels.cat.categories:
        mine = (labels == group).to_numpy()
        first = int(np.flatnonzero(mine)[0])
        spared = int((mine & unneeded).sum())
        rows.append(f"<tr><td>{html.escape(str(group))}</td>"
                    f"<td>{html.escape(_settings(ds, first, swept)) or '-'}</td>"
                    f"<td>{int((mine & keep).sum())} of {int(mine.sum())}"
                    f"{f' ({spared} not needed)' if spared else ''}</td></tr>")
    return (f"<table class=\"designs\"><tr><th>{html.escape(by)}</th><th>settings</th>"
            f"<th>runs done</th></tr>"
            f"{''.join(rows)}</table>")


def _headline_table(table: pd.DataFrame, docs: dict[str, str], winner: str | None = None) -> str:
    """Every outcome per design: mean with its interval below; the winner's
    column marked, values fixed by the model's rules in italics (never
    shaded: nothing is shaded here, as higher is not always better)."""
    groups = [str(g) for g in table.index]
    fixed = table.attrs.get("fixed_by_rule", {})
    unit_of = table.attrs.get("units", {})
    head = "<th>outcome</th><th>unit</th>" + "".join(
        f'<th{" class=winner" if g == winner else ""}>{html.escape(g)}</th>' for g in groups)
    rows = []
    for metric in dict.fromkeys(table.columns.get_level_values("metric")):
        means = table[(metric, "mean")].to_numpy(dtype=float)
        cells = [f'<td title="{html.escape(docs.get(metric, ""))}">{html.escape(metric)}</td>',
                 f"<td>{html.escape(unit_of.get(metric, ''))}</td>"]
        for i, group in enumerate(table.index):
            if (group, metric) in fixed:
                rule = fixed[(group, metric)]
                cells.append(f'<td class="fixed" title="{html.escape(rule)}">{number_text(means[i])}'
                             f'<br><span class="interval">fixed by rule</span></td>')
                continue
            low, high = table.loc[group, (metric, "low")], table.loc[group, (metric, "high")]
            interval = (f'<br><span class="interval">[{number_text(low)}, {number_text(high)}]</span>'
                        if np.isfinite(low) else "")
            cells.append(f"<td>{number_text(means[i])}{interval}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _probability(p: float) -> str:
    return html.escape(probability_text(p))


def _shown(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """A compare table with its designs labelled as the answer labels them
    (``q=0.6`` rather than ``0.6`` when grouped by one column)."""
    shown = {g: shown_label(name, g) for g in table.index}
    out = table.rename(index=shown)
    out.attrs = dict(table.attrs)
    out.attrs["fixed_by_rule"] = {(shown.get(g, g), m): rule for (g, m), rule in
                                  table.attrs.get("fixed_by_rule", {}).items()}
    return out


def _objective_table(found, ds: xr.Dataset, by=None) -> str:
    """Per design: the objective's mean and interval, the probability of being
    best, and each constraint's mean (red where it is not met on average)."""
    o = found.objective
    constraint_means = {}
    if o.constraints:
        table = compare(ds, by, [c[0] for c in o.constraints])
        constraint_means = _shown(table, found.by)
    head = (f"<th>{html.escape(found.by)}</th><th>{html.escape(o.name)}"
            f"{' (' + html.escape(found.unit) + ')' if found.unit else ''}</th>"
            f"<th>probability of being best</th>"
            + "".join(f"<th>{html.escape(s)} {html.escape(op)} {b:g}</th>"
                      for s, op, b in o.constraints))
    rows = []
    for name, row in found.means.iterrows():
        css = ' class="best"' if name == found.winner else ""
        if row["fixed"]:
            value = f'<td class="fixed">{number_text(row["mean"])}<br><span class="interval">' \
                    f'fixed by rule: not compared</span></td>'
        else:
            interval = (f'<br><span class="interval">[{number_text(row["low"])}, '
                        f'{number_text(row["high"])}]</span>' if np.isfinite(row["low"]) else "")
            value = f"<td{css}>{number_text(row['mean'])}{interval}</td>"
        cells = [f"<td>{html.escape(str(name))}</td>", value,
                 f"<td>{_probability(row['p_best'])}</td>"]
        for s, op, b in o.constraints:
            fixed = constraint_means.attrs.get("fixed_by_rule", {}) if len(constraint_means) else {}
            mean = constraint_means.loc[name, (s, "mean")]
            met = mean >= b if op == ">=" else mean <= b
            css_c = "fixed" if (name, s) in fixed else ("" if met else "unmet")
            cells.append(f'<td class="{css_c}">{number_text(mean)}'
                         f'{"" if met else " (not met)"}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _breakdown_table(found) -> str:
    if found.breakdown.empty:
        return ""
    rows = []
    for kind, title in (("part", f"parts of {found.objective.name}"), ("explain", "behind them")):
        part = found.breakdown[found.breakdown["kind"] == kind]
        if part.empty:
            continue
        rows.append(f'<tr><td colspan="4"><em>{html.escape(title)}</em></td></tr>')
        for name, row in part.iterrows():
            interval = (f"[{number_text(row['low'])}, {number_text(row['high'])}]"
                        if np.isfinite(row["low"]) else "-")
            share = f"{row['share']:.0%}" if np.isfinite(row["share"]) else ""
            rows.append(f"<tr><td>{html.escape(str(name))}</td>"
                        f"<td>{signed_text(row['mean'])} {html.escape(str(row['unit']))}</td>"
                        f'<td class="interval">{interval}</td><td>{share}</td></tr>')
    return ("<table><tr><th>difference (winner minus runner-up)</th><th>mean</th>"
            "<th>95% interval</th><th>share of the lead</th></tr>" + "".join(rows) + "</table>")


def _answer_section(found, ds: xr.Dataset, by=None) -> str:
    if found is None:
        return ("<p class=\"answer\">These results declare no objective, so the page does not "
                "say which design is best; name one with <code>commsim report --objective "
                "SUMMARY</code> or an <code>objective:</code> section in the scenario.</p>")
    certainty = "".join(f"<li>{html.escape(line)}</li>" for line in found.certainty())
    notes = "".join(f'<p class="note">Note: {html.escape(n)}</p>' for n in found.notes)
    objective = html.escape(found.objective.text())
    if found.objective.constraints:
        objective += ", subject to " + html.escape(", ".join(
            f"{s} {op} {b:g}" for s, op, b in found.objective.constraints))
    why = ""
    if not found.breakdown.empty:
        why = (f"<h2>Why</h2><p>The lead of {html.escape(found.winner)} over "
               f"{html.escape(found.runner_up)}, split into the parts of "
               f"{html.escape(found.objective.name)} and the outcomes behind them (paired "
               f"differences with 95% intervals):</p>{_breakdown_table(found)}")
    return (f'<p class="answer">{html.escape(found.sentence())}</p>'
            f'<ul class="certainty">{certainty}</ul>{notes}'
            f"<h2>The objective</h2><p>{objective} "
            f"<span class=\"meta\">({html.escape(found.objective.origin)})</span></p>"
            f"{_objective_table(found, ds, by)}{why}")


def _headline_metrics(ds: xr.Dataset) -> tuple[list[str], dict[str, str]]:
    summaries = [n[len(SUMMARY_PREFIX):] for n in ds.data_vars if n.startswith(SUMMARY_PREFIX)]
    try:
        info = describe(str(ds.attrs.get("model", "")))
    except InputError:
        return summaries, {}
    docs = {s["name"]: s["doc"] for s in info["summaries"]}
    headline = [m for m in info.get("headline", []) if m in summaries]
    return headline or summaries, docs


def render(source, by: str | list[str] | None = None, objective=None, minimize=None,
           constraints=None, confidence=None) -> str:
    """The report page as HTML text.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        Results of an experiment.
    by : str or list of str, optional
        Run-table column(s) naming the designs (default: the design points'
        names; see :func:`commsim.data.design_columns`).
    objective, minimize, constraints, confidence
        What to optimise, when not the results' objective
        (:func:`commsim.decision.objective_of`).

    Returns
    -------
    str
    """
    from .decision import answer

    ds = as_dataset(source, agents=True)
    name, labels = designs(ds, by)
    found = answer(ds, by, objective, minimize, constraints, confidence)
    headline, docs = _headline_metrics(ds)
    metrics = table_metrics(ds, found.objective if found else None)
    metrics = list(dict.fromkeys(metrics + headline))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pooling is noted in the answer
        table = _shown(compare(ds, by, metrics), name)
    labels = labels.cat.rename_categories(lambda g: shown_label(name, g))
    title = str(ds.attrs.get("name", "commsim results"))
    daily = [n for n, v in ds.data_vars.items() if v.dims == ("run", "day")]
    story = "members" if "members" in daily else (daily[0] if daily else None)
    key = []
    if found is not None:
        key = ([found.objective.name] if found.objective.recorded else []) + \
              [p for p, _ in found.objective.parts]
    key = [m for m in key if (m, "mean") in table.columns] or metrics[:3]
    objective_figure = None
    if key:
        part = table[key]
        part.attrs = table.attrs
        objective_figure = draw_table(part, f"{title}: the objective's parts, mean and 95% "
                                            f"interval over replicates")
    figures = [
        (objective_figure,
         "The objective's parts per design: each design's mean with its 95% interval."),
        (plot_timeseries(ds, story, by) if story else None,
         f"{story} over time: the mean over replicates with its 95% interval."),
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
    statuses = np.asarray(ds.coords["status"].values).astype(str)
    unneeded = int((statuses == "unneeded").sum())
    meta = (f"{html.escape(str(ds.attrs.get('model', '')))} model, {runs} runs ({done} done"
            f"{f', {unneeded} not needed' if unneeded else ''}), "
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
{_answer_section(found, ds, by)}
<h2>Key plots</h2>
{plots}
<h2>The question</h2>
<blockquote>{_paragraphs(_question(ds))}</blockquote>
<h2>The designs compared</h2>
{_designs_table(ds, name, labels)}
<h2>All headline outcomes</h2>
<p>Mean over replicates with the 95% interval of the mean below it (intervals of
shares, levels and counts stay within their possible range). Values in italics
are fixed by the model's rules, not simulated; hover for the rule. A dash marks
a value that is not defined in these runs. Hover an outcome's name for its
definition (it says when a value is not defined).</p>
{_headline_table(table, docs, found.winner if found else None)}
<p class="meta">Rerun: <code>{html.escape(str(ds.attrs.get('command_line', '')))}</code></p>
</body></html>
"""


def write_report(results: str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
                 by: str | list[str] | None = None, overwrite: bool = False,
                 objective=None, minimize: bool | None = None,
                 constraints: list[str] | None = None, confidence: float | None = None) -> Path:
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
    objective, minimize, constraints, confidence
        What to optimise, when not the results' objective
        (:func:`commsim.decision.objective_of`).

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
        partial.write_text(render(results, by, objective, minimize, constraints, confidence),
                           encoding="utf-8")

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
    parser.add_argument("--objective", help="summary to optimise (default: the file's objective)")
    parser.add_argument("--minimize", action="store_true", default=None,
                        help="smaller --objective is better")
    parser.add_argument("--constraint", action="append", dest="constraints",
                        help="a condition a design must meet, such as retention_90>=0.5")
    parser.add_argument("--confidence", type=float,
                        help="probability at which the answer counts as settled")
    args = parser.parse_args(argv)
    import matplotlib
    matplotlib.use("Agg")
    by = args.by[0] if args.by and len(args.by) == 1 else args.by
    path = write_report(args.results, args.output, by, args.overwrite, args.objective,
                        args.minimize, args.constraints, args.confidence)
    print(f"report: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
