"""Plots for strategists and students.

Each function takes a *source* (a results file, :class:`commsim.Results` or
the Dataset :func:`commsim.open` gives), groups runs into designs (by the
swept parameter, or the one named with ``by``), and returns a
``matplotlib.figure.Figure``. Figures are built without pyplot, so a
notebook shows the returned figure once and scripts leak nothing; save one
with ``fig.savefig("out.png")``.

- :func:`plot_timeseries`: a daily metric per design, the mean over
  replicates with a band (confidence interval of the mean, or the spread of
  the replicates);
- :func:`commsim.plot_compare`: end-of-run outcomes per design with intervals;
- :func:`plot_roles`: the composition of a category metric over time (roles,
  stages, channels), one panel per design;
- :func:`plot_distributions`: distributions of per-agent attributes (opinion,
  trust) among members at a snapshot;
- :func:`plot_network`: the social graph of one small run, members coloured
  by role.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from .data import Source, as_dataset, bounds, mean_interval, runs_by_design, units

BANDS = ("interval", "spread", "none")

# The community model's agent codes (models/community/enums.hpp).
_MEMBER = 1
_CHURNED = 2


def figure(rows: int = 1, cols: int = 1, size: tuple[float, float] = (7.0, 4.0)):
    """A Figure and its 2-D array of axes, made without pyplot."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=size)
    axes = np.asarray(fig.subplots(rows, cols, squeeze=False))
    return fig, axes


def _on(ax, size: tuple[float, float]):
    """The axes to draw on and the figure that holds them."""
    if ax is not None:
        return ax.figure, ax
    fig, axes = figure(1, 1, size)
    return fig, axes[0, 0]


def _series(ds: xr.Dataset, metric: str, category: str | None) -> xr.DataArray:
    """A daily metric as (run, day): one category of a 3-D metric, or their sum."""
    if metric not in ds.data_vars or "day" not in ds[metric].dims:
        daily = sorted(n for n, v in ds.data_vars.items() if "day" in v.dims)
        raise KeyError(f"no daily metric {metric!r}; there are: {', '.join(daily)}")
    values = ds[metric]
    extra = [d for d in values.dims if d not in ("run", "day")]
    if not extra:
        if category is not None:
            raise ValueError(f"{metric!r} has no category axis; leave category out")
        return values
    axis = extra[0]
    if category is None:
        return values.sum(axis)
    labels = [str(v) for v in ds[axis].values]
    if category not in labels:
        raise KeyError(f"{metric!r} has no {axis} {category!r}; there are: {', '.join(labels)}")
    return values.isel({axis: labels.index(category)})


def plot_timeseries(source: Source, metric: str, by: str | list[str] | None = None,
                    category: str | None = None, band: str = "interval",
                    confidence: float = 0.95, ax=None):
    """A daily metric over time, one line per design with a band over replicates.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        Results to plot.
    metric : str
        A daily metric (``members``, ``trust_mean`` ...). For a metric with a
        category axis (``joins`` by channel), the categories are summed unless
        ``category`` picks one.
    by : str or list of str, optional
        Run-table column(s) naming the designs (default: the design
        points' names; see :func:`commsim.data.design_columns`).
    category : str, optional
        One label along the metric's category axis.
    band : {"interval", "spread", "none"}
        ``interval``: the confidence interval of the mean over replicates;
        ``spread``: the central ``confidence`` share of replicates (from the
        5th to the 95th percentile at 0.9); ``none``: lines only.
    confidence : float
        Coverage of the band.
    ax : matplotlib Axes, optional
        Draw here instead of on a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        Unknown metric, category or ``by`` column.
    ValueError
        Unknown band, or a category for a metric without one.
    """
    if band not in BANDS:
        raise ValueError(f"band must be one of {', '.join(BANDS)}, got {band!r}")
    ds = as_dataset(source, agents=False)
    values = _series(ds, metric, category)
    name, groups = runs_by_design(ds, by)
    fig, ax = _on(ax, (7.5, 4.2))
    days = ds["day"].values
    limits = bounds(ds, metric)
    for group, mask in groups:
        runs = values.values[mask]
        mean, low, high, n = mean_interval(runs, confidence, bounds=limits)
        if band == "spread" and len(runs):
            tail = 50 * (1 - confidence)
            low, high = np.nanpercentile(runs, [tail, 100 - tail], axis=0)
        line, = ax.plot(days, mean, label=f"{group} (n={int(np.max(n, initial=0))})")
        if band != "none":
            ax.fill_between(days, low, high, color=line.get_color(), alpha=0.2, linewidth=0)
    what = {"interval": f"mean and {confidence:.0%} interval",
            "spread": f"mean and central {confidence:.0%} of replicates",
            "none": "mean over replicates"}[band]
    ax.set_title(f"{metric}{f' ({category})' if category else ''}: {what}")
    ax.set_xlabel("day")
    unit = units(ds, metric)
    ax.set_ylabel(f"{metric} ({unit})" if unit else metric)
    ax.legend(title=name, fontsize="small")
    ax.margins(x=0)
    return fig


def plot_roles(source: Source, metric: str = "members_by_role", by: str | list[str] | None = None,
               share: bool = False):
    """Composition of a category metric over time, one panel per design.

    Stacked areas of the mean over replicates: members by role (the
    default), by stage (``members_by_stage``), joins by channel ...

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
    metric : str
        A daily metric with a category axis.
    by : str or list of str, optional
        Run-table column(s) naming the designs (default: the design
        points' names; see :func:`commsim.data.design_columns`).
    share : bool
        Plot each category's share of the total instead of counts.

    Returns
    -------
    matplotlib.figure.Figure
    """
    ds = as_dataset(source, agents=False)
    if metric not in ds.data_vars or ds[metric].ndim != 3:
        with_axis = sorted(n for n, v in ds.data_vars.items() if v.ndim == 3 and "day" in v.dims)
        raise KeyError(f"{metric!r} is not a daily metric with a category axis; there are: "
                       f"{', '.join(with_axis)}")
    axis = ds[metric].dims[2]
    categories = [str(v) for v in ds[axis].values]
    name, groups = runs_by_design(ds, by)
    fig, axes = figure(len(groups), 1, size=(7.5, 1.2 + 2.4 * len(groups)))
    days = ds["day"].values
    for ax, (group, mask) in zip(axes[:, 0], groups):
        runs = ds[metric].values[mask]
        mean = np.nanmean(runs, axis=0) if len(runs) else np.zeros((len(days), len(categories)))
        if share:
            total = mean.sum(axis=1, keepdims=True)
            mean = np.divide(mean, total, out=np.zeros_like(mean), where=total > 0)
        ax.stackplot(days, mean.T, labels=categories, alpha=0.85)
        ax.set_title(str(group) if name == "design" else f"{name} = {group}", fontsize="medium")
        unit = units(ds, metric)
        ax.set_ylabel(f"share of {unit or 'the total'}" if share else (unit or metric))
        ax.margins(x=0)
    axes[0, 0].legend(loc="upper left", fontsize="small", ncol=min(len(categories), 5))
    axes[-1, 0].set_xlabel("day")
    fig.suptitle(f"{metric} by {axis}: mean over replicates")
    fig.tight_layout()
    return fig


def _snapshot_index(ds: xr.Dataset, snapshot: int) -> int:
    if "snapshot" not in ds.dims:
        raise ValueError("these results have no agent snapshots; run the scenario with "
                         "output.agents: final (or every_N_days)")
    count = ds.sizes["snapshot"]
    if not -count <= snapshot < count:
        raise IndexError(f"snapshot {snapshot} is out of range: there are {count} "
                         f"(days {', '.join(map(str, ds['snapshot'].values))})")
    return snapshot % count


def plot_distributions(source: Source, attributes: tuple[str, ...] = ("opinion", "trust"),
                       by: str | list[str] | None = None, snapshot: int = -1, members_only: bool = True,
                       bins: int = 30):
    """Distributions of per-agent attributes at a snapshot, one panel per attribute.

    Each design's histogram pools its replicates and is normalised to a
    density, so designs of different sizes compare.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        Results with agent snapshots (scenario ``output.agents``).
    attributes : tuple of str
        Agent columns to plot.
    by : str or list of str, optional
        Run-table column(s) naming the designs (default: the design
        points' names; see :func:`commsim.data.design_columns`).
    snapshot : int
        Which snapshot (default: the last).
    members_only : bool
        Only people who are members at the snapshot (``member_status``).
    bins : int
        Histogram bins over the range of the values.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        The results have no snapshots.
    KeyError
        An unknown attribute.
    """
    ds = as_dataset(source, agents=True)
    k = _snapshot_index(ds, snapshot)
    for name in attributes:
        if name not in ds.data_vars or ds[name].dims != ("run", "snapshot", "agent"):
            columns = sorted(n for n, v in ds.data_vars.items() if "agent" in v.dims)
            raise KeyError(f"no agent attribute {name!r}; there are: {', '.join(columns)}")
    design, groups = runs_by_design(ds, by)
    fig, axes = figure(1, len(attributes), size=(4.2 * len(attributes), 3.8))
    for ax, name in zip(axes[0], attributes):
        values = ds[name].values[:, k, :].astype(float)
        finite = values[np.isfinite(values)]
        edges = np.histogram_bin_edges(finite if finite.size else [0, 1], bins=bins)
        for group, mask in groups:
            chosen = values[mask]
            if members_only:
                chosen = chosen[ds["member_status"].values[mask, k, :] == _MEMBER]
            chosen = chosen[np.isfinite(chosen)]
            if chosen.size:
                ax.hist(chosen, bins=edges, density=True, histtype="step", linewidth=1.6,
                        label=f"{group} ({chosen.size:,})")
        doc = str(ds[name].attrs.get("long_name", ""))
        ax.set_xlabel(f"{name} ({doc})" if doc and len(doc) < 40 else name)
        ax.set_ylabel("density (share of people per unit)")
    axes[0, 0].legend(title=design, fontsize="small")
    who = "members" if members_only else "everyone"
    fig.suptitle(f"{who} on day {int(ds['snapshot'].values[k])}, replicates pooled")
    fig.tight_layout()
    return fig


def _people_to_draw(status: np.ndarray, edges: np.ndarray, limit: int) -> np.ndarray:
    """Who to draw when the run is bigger than ``limit``: members, then people
    who left, then outsiders with the most member contacts (ids break ties)."""
    member = status == _MEMBER
    contacts = (np.bincount(edges[:, 0], weights=member[edges[:, 1]], minlength=len(status))
                + np.bincount(edges[:, 1], weights=member[edges[:, 0]], minlength=len(status)))
    rank = np.where(member, 0, np.where(status == _CHURNED, 1, 2))
    order = np.lexsort((np.arange(len(status)), -contacts, rank))
    return np.sort(order[:limit])


def _layout(people: np.ndarray, edges: np.ndarray, seed: int):
    """Spring layout of the largest connected part of ``people``.

    A spring layout throws other pieces (and people without a contact among
    those drawn) to the margins, so only the largest part is laid out.

    Returns
    -------
    people : ndarray
        The ids laid out, ascending.
    xy : ndarray, shape (len(people), 2)
    edges : ndarray
        Their edges, as row numbers into ``people``.
    """
    import networkx as nx

    inside = np.isin(edges, people).all(axis=1)
    graph = nx.Graph()
    graph.add_nodes_from(people.tolist())
    graph.add_edges_from(edges[inside].tolist())
    people = np.sort(np.fromiter(max(nx.connected_components(graph), key=len), dtype=np.int64))
    position = nx.spring_layout(graph.subgraph(people.tolist()), seed=seed, iterations=80)
    xy = np.array([position[v] for v in people.tolist()]).reshape(-1, 2)
    rows = np.searchsorted(people, edges[inside])
    kept = (people[np.minimum(rows, len(people) - 1)] == edges[inside]).all(axis=1)
    return people, xy, rows[kept]


def _kinds_of_people(status: np.ndarray, role: np.ndarray, roles: list[str]):
    """(mask over everyone, legend name, scatter style) for outsiders, people
    who left, and members of each role (colour C<code>, as plot_roles)."""
    kinds = [((status != _MEMBER) & (status != _CHURNED), "outsider",
              dict(s=5, color="0.75", zorder=2)),
             (status == _CHURNED, "left",
              dict(s=16, facecolors="none", edgecolors="0.35", linewidths=0.7, zorder=3))]
    for code in np.unique(role[status == _MEMBER]):
        name = roles[code] if code < len(roles) else f"role {code}"
        kinds.append(((status == _MEMBER) & (role == code), name,
                      dict(s=24, color=f"C{code % 10}", zorder=4)))
    return kinds


def plot_network(results, run: int = 0, snapshot: int = -1, scenario=None, ax=None,
                 max_people: int = 400, layout_seed: int = 0, labels: bool = False):
    """The social graph of one run around the community, members coloured by role.

    Members are coloured by their role at the snapshot, people who left are
    grey rings and outsiders small grey dots; the legend counts the whole
    run. Runs larger than ``max_people`` are shown around the community:
    every member first, then people who left, then the outsiders with the
    most member contacts; of those, the largest connected part is drawn
    with networkx's force-directed spring layout.

    Parameters
    ----------
    results : commsim.Results, str, path-like or xarray.Dataset
        Results of a community scenario with agent snapshots
        (``output.agents``).
    run : int
        Which run to draw.
    snapshot : int
        Which snapshot (default: the last).
    scenario : commsim.Scenario, optional
        The scenario the results came from, to rebuild its graph. Default:
        the one :class:`commsim.Results` carries, or the scenario text a
        results file records.
    ax : matplotlib Axes, optional
    max_people : int
        Most people to draw (the layout's cost grows with its square).
    layout_seed : int
        Seed of the spring layout (the picture, not the simulation).
    labels : bool
        Write each drawn person's label (as the graph file names them) next
        to them; for small graphs.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        No snapshots, or no ``member_status`` / ``role_code`` columns.
    IndexError
        ``run`` out of range.
    """
    from matplotlib.collections import LineCollection

    from .scenario import Scenario

    if scenario is None and isinstance(getattr(results, "scenario", None), Scenario):
        scenario = results.scenario  # in-memory Results carry theirs
    ds = as_dataset(results, agents=True)
    if scenario is None:
        scenario = Scenario.from_yaml(ds.attrs["scenario"],
                                      name=ds.attrs.get("scenario_path", "<results>"))
    k = _snapshot_index(ds, snapshot)
    if not 0 <= run < ds.sizes["run"]:
        raise IndexError(f"run {run} is out of range: there are {ds.sizes['run']}")
    for column in ("member_status", "role_code"):
        if column not in ds.data_vars:
            raise ValueError(f"plot_network needs the agent column {column!r} "
                             "(community model results with output.agents)")
    status = ds["member_status"].values[run, k]
    role = ds["role_code"].values[run, k].astype(int)
    edges = scenario.edges(run).astype(np.int64)
    people, xy, drawn_edges = _layout(_people_to_draw(status, edges, max_people), edges,
                                      layout_seed)

    fig, ax = _on(ax, (7.5, 7.5))
    ax.add_collection(LineCollection(xy[drawn_edges], colors="0.6", linewidths=0.3, alpha=0.35))
    roles = [str(r) for r in ds["role"].values] if "role" in ds.coords else []
    # Legend counts are the whole run's; the picture shows `people`.
    for mask, name, style in _kinds_of_people(status, role, roles):
        if mask.any():
            ax.scatter(*xy[mask[people]].reshape(-1, 2).T, label=f"{name} ({mask.sum():,})",
                       **style)
    if labels:
        names = (ds["label"].values if "label" in ds.coords else scenario.labels(run))
        for (x, y), person in zip(xy, people.tolist()):
            ax.annotate(str(names[person]), (x, y), fontsize=7, xytext=(3, 3),
                        textcoords="offset points", zorder=5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.legend(loc="upper left", fontsize="small", markerscale=1.4, framealpha=0.8)
    members = int((status == _MEMBER).sum())
    shown = "" if len(people) == ds.sizes["agent"] else f"; {len(people):,} drawn"
    ax.set_title(f"run {run}, day {int(ds['snapshot'].values[k])}: {members:,} members of "
                 f"{ds.sizes['agent']:,} people{shown}")
    return fig
