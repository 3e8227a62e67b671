"""Running scenarios from Python."""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import _core
from .results import FIXED_PREFIX, LAYOUT, OBJECTIVE_PREFIX, SUMMARY_PREFIX
from .progress import ProgressCallback, display_for
from .scenario import Scenario, describe


@dataclass
class Results:
    """Results of a run, as NumPy arrays.

    Attributes
    ----------
    timeseries : dict of str to ndarray
        Daily metrics shaped ``(run, day)`` or ``(run, day, category)``;
        day 0 is the initial state.
    summary : dict of str to ndarray
        End-of-run figures shaped ``(run,)``.
    runs : dict of str to ndarray or list
        Per-run point, replicate, seed, status, error and wall_seconds.
    axes : dict of str to list of str
        Category labels of 3-D metrics (e.g. ``channel``).
    metric_axes : dict of str to str
        The category axis of each 3-D metric (``joins`` -> ``channel``).
    dims : dict of str to list of str
        The named dimensions of each daily metric, as the results file has
        them (``["run", "day"]`` or ``["run", "day", "channel"]``).
    agents : dict of str to ndarray
        Per-agent attributes shaped ``(run, snapshot, agent)`` when the
        scenario sets ``output.agents``; empty otherwise.
    snapshot_days : list of int
        The day of each snapshot.
    labels : ndarray or list of str or None
        Each person's label along ``agent`` (as the graph file names them;
        the index for generated graphs) when there are agent snapshots.
    failures : list of str
        ``"run N: why"`` for each failed run.
    fixed_by_rule : dict of str to dict
        Per summary a model's rules fix at some design points: ``values``
        (the fixed value per run, NaN where simulated) and ``rule`` (why).
    objective : dict of str to str
        What the strategist optimises, as the results file's ``/objective``
        attributes (name, direction, parts, constraints ...).
    common_random_numbers : bool
        Whether replicate r of every design point shares its seed.
    path : Path or None
        The results file written, if any.
    scenario : Scenario or None
        The scenario that was run (plots rebuild its graph from it).
    """

    timeseries: dict[str, np.ndarray]
    summary: dict[str, np.ndarray]
    runs: dict
    axes: dict[str, list[str]]
    metric_axes: dict[str, str] = field(default_factory=dict)
    dims: dict[str, list[str]] = field(default_factory=dict)
    agents: dict[str, np.ndarray] = field(default_factory=dict)
    snapshot_days: list[int] = field(default_factory=list)
    labels: object = None
    failures: list[str] = field(default_factory=list)
    fixed_by_rule: dict = field(default_factory=dict)
    objective: dict = field(default_factory=dict)
    common_random_numbers: bool = False
    path: Path | None = None
    scenario: Scenario | None = None

    @property
    def days(self) -> np.ndarray:
        """Day coordinate, 0 to the horizon."""
        first = next(iter(self.timeseries.values()))
        return np.arange(first.shape[1])

    def to_xarray(self):
        """The results as an ``xarray.Dataset``, laid out as :func:`commsim.open` gives."""
        import xarray as xr

        data = {}
        for name, values in self.timeseries.items():
            data[name] = (self.dims[name], values)
        for name, values in self.summary.items():
            data[f"{SUMMARY_PREFIX}{name}"] = ("run", values)
        for name, values in self.agents.items():
            data[name] = (LAYOUT["agent_dims"], values)
        for name, fixed in self.fixed_by_rule.items():
            data[f"{FIXED_PREFIX}{name}"] = ("run", np.asarray(fixed["values"], dtype=float),
                                             {"long_name": fixed["rule"]})
        n = len(self.runs["status"])
        coords = {"run": np.arange(n), "day": self.days, **self.axes}
        if self.agents:
            coords["snapshot"] = np.asarray(self.snapshot_days)
            if self.labels is not None:
                coords[LAYOUT["label_variable"]] = ("agent", np.asarray(self.labels))
        for key, values in self.runs.items():
            coords[key] = ("run", np.asarray(values))
        ds = xr.Dataset(data, coords=coords)
        # What a results file says about itself, so that analysis reads both alike.
        if self.scenario is not None:
            s = self.scenario
            ds.attrs.update({"name": s.name, "description": s.description, "model": s.model,
                             "seed": s.seed, "days": s.days, "scenario": s.text})
            try:
                info = describe(s.model)
            except Exception:  # noqa: BLE001 - units are a nicety here
                info = {"metrics": [], "summaries": []}
            for item in info["metrics"]:
                if item["name"] in ds.data_vars:
                    ds[item["name"]].attrs.update(units=item["unit"], long_name=item["doc"])
            for item in info["summaries"]:
                if f"{SUMMARY_PREFIX}{item['name']}" in ds.data_vars:
                    ds[f"{SUMMARY_PREFIX}{item['name']}"].attrs.update(units=item["unit"],
                                                                       long_name=item["doc"])
        ds.attrs.update({f"{OBJECTIVE_PREFIX}{k}": v for k, v in self.objective.items()})
        ds.attrs["design_common_random_numbers"] = int(self.common_random_numbers)
        return ds


def run(scenario: Scenario | str | os.PathLike[str], output: str | os.PathLike[str] | None = None,
        threads: int | None = None, overwrite: bool = False, resume: bool = False,
        progress: bool | ProgressCallback | None = None) -> Results:
    """Run every run of a scenario.

    Parameters
    ----------
    scenario : Scenario or path
        A loaded scenario, or a scenario file to load without overrides.
    output : str or path-like, optional
        Write a results file here as well (the same file ``commsim run -o``
        writes). It appears only once every run is written.
    threads : int, optional
        Threads to use; all cores when omitted.
    overwrite : bool
        Replace an existing results file.
    resume : bool
        Finish an interrupted experiment in ``output`` (written for the same
        scenario and overrides): only the runs not yet done are run, and the
        returned arrays hold just those (read the whole file with
        :func:`commsim.open`). Starts a new file when there is none.
    progress : bool or callable, optional
        Show runs done, elapsed and remaining time while the runs execute.
        Default: in a notebook (one output line that updates) and when
        stderr is a terminal; never in logs or CI. ``False`` turns it off; a
        callable is called as ``progress(done, total, elapsed_seconds)`` from
        this thread about five times a second.

    Returns
    -------
    Results

    Raises
    ------
    commsim.ScenarioError
        Bad scenario input, a bad edge list, or an output path that cannot be
        written as asked.
    ValueError
        ``threads`` is not a positive whole number.
    TypeError
        ``progress`` is not a bool, None or a callable.
    KeyboardInterrupt
        Ctrl-C while simulating; the results file keeps every finished run
        (``resume=True`` finishes it).
    """
    if not isinstance(scenario, Scenario):
        scenario = Scenario.load(scenario)
    if threads is None:
        threads = 0  # all cores
    elif isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"threads must be a whole number >= 1, got {threads!r}")
    path = None if output is None else Path(output)
    command_line = f"{Path(sys.argv[0]).name if sys.argv and sys.argv[0] else 'python'}: " \
                   f"commsim.run({scenario.source_path}, output={output!r}, threads={threads})"
    # Ctrl-C (from the main thread) stops the simulation between days; the
    # results file keeps the finished runs, and KeyboardInterrupt is raised.
    in_main_thread = threading.current_thread() is threading.main_thread()
    report = display_for(progress)
    try:
        raw = _core.run(scenario._core, None if path is None else os.fspath(path), int(threads),
                        bool(overwrite), bool(resume), command_line, in_main_thread, report)
    except _core.Interrupted as stop:
        raise KeyboardInterrupt(str(stop)) from stop
    return Results(timeseries=raw["timeseries"], summary=raw["summary"], runs=raw["runs"],
                   axes=raw["axes"], metric_axes=raw["metric_axes"], dims=raw["dims"],
                   agents=raw["agents"], snapshot_days=raw["snapshot_days"],
                   labels=raw["labels"], failures=raw["failures"],
                   fixed_by_rule=raw["fixed_by_rule"], objective=raw["objective"],
                   common_random_numbers=bool(raw["common_random_numbers"]),
                   path=path, scenario=scenario)
