"""Reading results files: xarray for the full data, pandas for run summaries."""

from __future__ import annotations

import os
from pathlib import Path

import h5py
import numpy as np
import pandas as pd
import xarray as xr

from ._core import LAYOUT, InputError

FORMAT = LAYOUT["format"]
#: Prefix of end-of-run figures among a Dataset's variables (``summary_members_final``),
#: keeping them apart from daily metrics of the same name.
SUMMARY_PREFIX = "summary_"
#: Prefix of the values a model's rules fix (``fixed_by_rule_retention_90``:
#: the fixed value at the runs where the rule applies, NaN elsewhere).
FIXED_PREFIX = "fixed_by_rule_"
#: Prefix of the objective's attributes among a Dataset's attributes
#: (``objective_name``, ``objective_direction`` ...).
OBJECTIVE_PREFIX = "objective_"
#: Prefix of a sampling design's matrices (``design_unit`` over ``(design_point,
#: parameter)``, ``design_changed_axis`` over ``design_point``), from ``/design``.
DESIGN_PREFIX = "design_"


def _damaged(p: Path) -> InputError:
    return InputError(f"{p}: HDF5 cannot read this file: it is truncated or damaged (was it "
                      "copied while being written, or cut short by a full disk?)")


def _check(path: str | os.PathLike[str]) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or path-like, got {type(path).__name__}")
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such results file")
    if not p.is_file():
        # Opening a FIFO would block forever, a folder or device read nonsense.
        raise InputError(f"{p}: not a regular file, so not a results file")
    if not h5py.is_hdf5(p):
        raise InputError(f"{p}: not an HDF5 file, so not a commsim results file")
    try:
        with h5py.File(p, "r") as f:
            found = f.attrs.get("format")
    except OSError as e:
        raise _damaged(p) from e
    if found == "commsim-posterior":
        raise InputError(f"{p}: a posterior file (written by commsim calibrate), not a "
                         "results file; read it with commsim.posterior or commsim.open, "
                         "and simulate from it with commsim.posterior_predictive")
    if found != FORMAT:
        raise InputError(f"{p}: an HDF5 file, but not a commsim results file "
                         f"(root attribute `format` is {found!r}, expected {FORMAT!r})")
    return p


def _group(path: Path, group: str) -> xr.Dataset:
    try:
        with h5py.File(path, "r") as f:
            if group not in f:
                return xr.Dataset()
        # Units such as "days" are metric units here, not timedeltas to decode.
        with xr.open_dataset(path, engine="h5netcdf", group=group,
                             decode_timedelta=False) as ds:
            ds = ds.load()
    except (OSError, ValueError, KeyError) as e:
        raise _damaged(path) from e
    # Fixed-length strings (runs/status) arrive as bytes: make them text.
    for name in list(ds.variables):
        if ds[name].dtype.kind == "S":
            ds[name] = ds[name].astype(str)
    return ds


def open(path: str | os.PathLike[str], agents: bool = True) -> xr.Dataset:  # noqa: A001
    """Open a results file (or a posterior file) as one ``xarray.Dataset``.

    Daily metrics keep their names with dimensions ``(run, day[, axis])``;
    end-of-run figures are ``summary_<name>`` over ``run``, and the values a
    model's rules fix ``fixed_by_rule_<name>``; the per-run table (point,
    design, replicate, seed, status, wall_seconds, error) becomes
    coordinates along ``run``; agent snapshots, if the file has them, are
    variables over ``(run, snapshot, agent)``, with each person's ``label``
    (as the graph file names them) as a coordinate along ``agent``; a
    sampling design's unit-cube coordinates are ``design_unit`` over
    ``(design_point, parameter)`` (and, for Morris, ``design_changed_axis``
    over ``design_point``). Root attributes (scenario text, command line,
    versions) are the dataset's attributes, with the objective's
    (``objective_name`` ...) and the design's (``design_method``,
    ``design_common_random_numbers`` ...).

    Parameters
    ----------
    path : str or path-like
        The results file.
    agents : bool
        Load the agent snapshots too (they can be large: runs x snapshots x
        people values per attribute).

    Raises
    ------
    FileNotFoundError, commsim.InputError
        When the file is missing, is not a commsim results file, or is
        truncated or damaged.
    """
    from .calibration import is_posterior_file, posterior

    if isinstance(path, (str, os.PathLike)) and is_posterior_file(path):
        return posterior(path)
    p = _check(path)
    try:
        with xr.open_dataset(p, engine="h5netcdf", decode_timedelta=False) as root:
            ds = root.load()
    except (OSError, ValueError, KeyError) as e:
        raise _damaged(p) from e
    ds = ds.merge(_group(p, LAYOUT["timeseries_group"]))
    summary_ds = _group(p, LAYOUT["summary_group"])
    ds = ds.merge(summary_ds.rename({name: f"{SUMMARY_PREFIX}{name}"
                                     for name in summary_ds.data_vars}))
    fixed = _group(p, LAYOUT["fixed_group"])
    ds = ds.merge(fixed.rename({name: f"{FIXED_PREFIX}{name}" for name in fixed.data_vars}))
    if agents:
        agent_ds = _group(p, LAYOUT["agents_group"])
        label = LAYOUT["label_variable"]
        if label in agent_ds.data_vars:
            agent_ds = agent_ds.set_coords(label)
        ds = ds.merge(agent_ds)
    design = _group(p, LAYOUT["design_group"])
    ds = ds.merge(design.rename({name: f"{DESIGN_PREFIX}{name}" for name in design.data_vars}))
    with h5py.File(p, "r") as f:
        for group, prefix in ((LAYOUT["objective_group"], OBJECTIVE_PREFIX),
                              (LAYOUT["design_group"], DESIGN_PREFIX)):
            if group in f:
                for key, value in f[group].attrs.items():
                    ds.attrs[f"{prefix}{key}"] = value.decode() if isinstance(value, bytes) \
                        else value
    runs = _group(p, LAYOUT["runs_group"])
    return ds.assign_coords({name: runs[name] for name in runs.data_vars})


def summary(path: str | os.PathLike[str]) -> pd.DataFrame:
    """One row per run: the run table and every end-of-run figure.

    Parameters
    ----------
    path : str or path-like
        The results file.

    Returns
    -------
    pandas.DataFrame
        Indexed by run: point, replicate, seed, status, error, wall_seconds,
        one column per swept key, then one per summary.

    Raises
    ------
    FileNotFoundError, commsim.InputError
        When the file is missing or is not a commsim results file.
    """
    p = _check(path)
    runs = _group(p, LAYOUT["runs_group"]).to_dataframe()
    figures = _group(p, LAYOUT["summary_group"]).to_dataframe()
    df = runs.join(figures)
    df.index = pd.Index(np.arange(len(df)), name="run")
    return df
