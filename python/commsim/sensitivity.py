"""Global sensitivity analysis of sweeps: Sobol indices and Morris effects.

Both read a results file written from a sampling design (``sweep: sample:``
with ``method: sobol`` or ``morris``): the design's unit-cube coordinates and
point order are in ``/design``, the outcomes in ``/summary`` (or the last day
of a ``/timeseries``). Replicates of a point are averaged first, so the
indices describe how the *expected* outcome depends on the parameters.

Estimators (Saltelli et al. 2010, "Variance based sensitivity analysis of
model output", Comput. Phys. Commun. 181:259):

- first order  S_i  = mean(f(B) (f(AB_i) - f(A))) / V
- total order  ST_i = mean((f(A) - f(AB_i))^2) / (2 V)        (Jansen 1999)

with V the variance of f over A and B; standard errors by bootstrapping the
base rows. Morris (1991) elementary effects are differences along one axis
divided by the step, in unit-cube coordinates (a parameter's whole range is
1): mu (mean), mu_star (mean absolute, Campolongo et al. 2007) and sigma.
"""

from __future__ import annotations

import os
import warnings

import h5py
import numpy as np
import pandas as pd

from .results import LAYOUT, _check


def sobol_from_samples(y, base_points: int, parameters: list[str], bootstrap: int = 200,
                       seed: int = 0) -> pd.DataFrame:
    """Sobol indices from outcomes in Saltelli order (A_j, B_j, AB_j^1..AB_j^k per row j).

    Base rows with a point whose outcome is not finite (a failed run, or an
    outcome undefined there, such as retention when nobody joined) are left
    out with a warning: the estimators stay unbiased over the remaining rows.

    Returns a DataFrame indexed by parameter with columns S1, S1_se, ST, ST_se.
    """
    k = len(parameters)
    y = np.asarray(y, dtype=float)
    if y.shape != (base_points * (k + 2),):
        raise ValueError(f"expected {base_points * (k + 2)} outcomes ({base_points} base rows x "
                         f"({k} parameters + 2)), got {y.shape}")
    rows = y.reshape(base_points, k + 2)
    finite = np.all(np.isfinite(rows), axis=1)
    if finite.sum() < 2:
        raise ValueError(f"only {finite.sum()} of {base_points} base rows have a finite outcome "
                         "at every point (failed or missing runs, or an outcome undefined there)")
    if not finite.all():
        warnings.warn(f"{(~finite).sum()} of {base_points} base rows left out: a point in each "
                      "has no finite outcome (a failed run, or an outcome undefined there)",
                      RuntimeWarning, stacklevel=2)
        rows = rows[finite]

    def estimate(r):
        # Centred on the mean of f(A) and f(B): the same estimators in
        # expectation, but the first-order one no longer carries a term of
        # mean x noise, which dominates its variance when the outcome's mean
        # is large against its spread.
        r = r - np.mean(r[:, :2])
        f_a, f_b, f_ab = r[:, 0], r[:, 1], r[:, 2:]
        var = np.var(np.concatenate([f_a, f_b]), ddof=1)
        if var == 0:
            return np.full(k, np.nan), np.full(k, np.nan)
        s1 = np.mean(f_b[:, None] * (f_ab - f_a[:, None]), axis=0) / var
        st = 0.5 * np.mean((f_a[:, None] - f_ab) ** 2, axis=0) / var
        return s1, st

    s1, st = estimate(rows)
    rng = np.random.default_rng(seed)
    draws = [estimate(rows[rng.integers(0, len(rows), len(rows))]) for _ in range(bootstrap)]
    s1_se = np.std([d[0] for d in draws], axis=0, ddof=1)
    st_se = np.std([d[1] for d in draws], axis=0, ddof=1)
    return pd.DataFrame({"S1": s1, "S1_se": s1_se, "ST": st, "ST_se": st_se},
                        index=pd.Index(parameters, name="parameter"))


def morris_from_samples(y, unit, changed_axis, parameters: list[str]) -> pd.DataFrame:
    """Morris elementary effects from outcomes along trajectories.

    ``unit`` holds each point's unit-cube coordinates and ``changed_axis`` the
    parameter each point's step moved (-1 where a trajectory starts). Returns
    mu, mu_star, sigma and the number of effects per parameter.
    """
    y = np.asarray(y, dtype=float)
    unit = np.asarray(unit, dtype=float)
    axis = np.asarray(changed_axis)
    effects: list[list[float]] = [[] for _ in parameters]
    for p in range(1, len(y)):
        i = axis[p]
        if i < 0:
            continue
        step = unit[p, i] - unit[p - 1, i]
        effects[i].append((y[p] - y[p - 1]) / step)
    table = {"mu": [], "mu_star": [], "sigma": [], "n": []}
    for e in effects:
        e = np.asarray(e)
        table["mu"].append(e.mean() if len(e) else np.nan)
        table["mu_star"].append(np.abs(e).mean() if len(e) else np.nan)
        table["sigma"].append(e.std(ddof=1) if len(e) > 1 else np.nan)
        table["n"].append(len(e))
    return pd.DataFrame(table, index=pd.Index(parameters, name="parameter"))


def _design_and_outcome(path, metric: str, method: str):
    p = _check(path)
    group = {key: LAYOUT[f"{key}_group"] for key in ("design", "summary", "timeseries", "runs")}
    with h5py.File(p, "r") as f:
        if group["design"] not in f or f[group["design"]].attrs.get("method") != method:
            found = f[group["design"]].attrs.get("method") if group["design"] in f else "no sweep"
            raise ValueError(f"{p}: needs a sweep with sample method {method}, found {found}")
        design = f[group["design"]]
        parameters = design.attrs["parameters"].split("\n")
        unit = design["unit"][()]
        base = int(design.attrs["base_points"])
        axis = design["changed_axis"][()] if "changed_axis" in design else None
        summary, daily = f[group["summary"]], f[group["timeseries"]]
        if metric in summary:
            values = summary[metric][()]
        elif metric in daily and daily[metric].ndim == 2:
            values = daily[metric][:, -1]
        else:
            names = sorted(summary) + sorted(daily)
            raise KeyError(f"{p}: no metric {metric!r}; known: {', '.join(names)}")
        point = f[group["runs"]]["point"][()]
    # The mean over replicates of each point, in point order.
    y = pd.Series(values).groupby(point).mean().reindex(range(len(unit))).to_numpy()
    return y, unit, base, axis, parameters


def sobol_indices(path: str | os.PathLike[str], metric: str, bootstrap: int = 200,
                  seed: int = 0) -> pd.DataFrame:
    """First- and total-order Sobol indices of ``metric`` from a sobol sweep.

    Parameters
    ----------
    path : str or path-like
        A results file of a ``sweep: {sample: {method: sobol, ...}}`` experiment.
    metric : str
        An end-of-run summary, or a daily metric (its value on the last day).
    bootstrap : int
        Bootstrap resamples of the base rows for the standard errors.

    Returns
    -------
    pandas.DataFrame
        Indexed by parameter: S1, S1_se, ST, ST_se.
    """
    y, _, base, _, parameters = _design_and_outcome(path, metric, "sobol")
    return sobol_from_samples(y, base, parameters, bootstrap=bootstrap, seed=seed)


def morris_effects(path: str | os.PathLike[str], metric: str) -> pd.DataFrame:
    """Morris elementary effects of ``metric`` from a morris sweep.

    Parameters
    ----------
    path : str or path-like
        A results file written from ``sweep: sample: method: morris``.
    metric : str
        An end-of-run summary, or a daily metric (its last day).

    Returns
    -------
    pandas.DataFrame
        Indexed by parameter: mu, mu_star, sigma, n, in units of the metric per
        parameter range.
    """
    y, unit, _, axis, parameters = _design_and_outcome(path, metric, "morris")
    return morris_from_samples(y, unit, axis, parameters)
