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


def _check(path: str | os.PathLike[str]) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or path-like, got {type(path).__name__}")
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such results file")
    if not h5py.is_hdf5(p):
        raise InputError(f"{p}: not an HDF5 file, so not a commsim results file")
    with h5py.File(p, "r") as f:
        found = f.attrs.get("format")
        if found == "commsim-posterior":
            raise InputError(f"{p}: a posterior file (written by commsim calibrate), not a "
                             "results file; read it with commsim.posterior or commsim.open, "
                             "and simulate from it with commsim.posterior_predictive")
        if found != FORMAT:
            raise InputError(f"{p}: an HDF5 file, but not a commsim results file "
                          f"(root attribute `format` is {found!r}, expected {FORMAT!r})")
    return p


def _group(path: Path, group: str) -> xr.Dataset:
    with h5py.File(path, "r") as f:
        if group not in f:
            return xr.Dataset()
    with xr.open_dataset(path, engine="h5netcdf", group=group) as ds:
        ds = ds.load()
    # Fixed-length strings (runs/status) arrive as bytes: make them text.
    for name in list(ds.variables):
        if ds[name].dtype.kind == "S":
            ds[name] = ds[name].astype(str)
    return ds


def open(path: str | os.PathLike[str], agents: bool = True) -> xr.Dataset:  # noqa: A001
    """Open a results file (or a posterior file) as one ``xarray.Dataset``.

    Daily metrics keep their names with dimensions ``(run, day[, axis])``;
    end-of-run figures are ``summary_<name>`` over ``run``; the per-run table
    (point, replicate, seed, status, wall_seconds, error) becomes coordinates
    along ``run``; agent snapshots, if the file has them, are variables over
    ``(run, snapshot, agent)``. Root attributes (scenario text, command line,
    versions) are the dataset's attributes.

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
        When the file is missing or is not a commsim results file.
    """
    from .calibration import is_posterior_file, posterior

    if isinstance(path, (str, os.PathLike)) and is_posterior_file(path):
        return posterior(path)
    p = _check(path)
    with xr.open_dataset(p, engine="h5netcdf") as root:
        ds = root.load()
    ds = ds.merge(_group(p, LAYOUT["timeseries_group"]))
    summary_ds = _group(p, LAYOUT["summary_group"])
    ds = ds.merge(summary_ds.rename({name: f"{SUMMARY_PREFIX}{name}"
                                     for name in summary_ds.data_vars}))
    if agents:
        ds = ds.merge(_group(p, LAYOUT["agents_group"]))
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
