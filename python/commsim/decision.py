"""The strategist's answer: which design is best on the objective, by how much,
how sure, and why.

An *objective* (:class:`Objective`) is what the strategist optimises: a
summary (or the signed sum of several, its *parts*) to maximize or minimize,
with optional constraints on other summaries. A results file carries the
objective its scenario declared, else its model's default; ``objective=`` (or
``--objective`` on the command line) asks another question of the same runs.

:func:`answer` compares the designs of an experiment on it (docs/answer.md):

- **which is best**: the *leader*, the design with the best mean among those
  whose constraint means meet the constraints;
- **by how much**: the difference to the runner-up with its interval,
  paired replicate by replicate when the runs share common random numbers
  (Student's t on the differences), else Welch's;
- **how sure**: each design's posterior probability of being the best one
  that meets the constraints, under the noninformative normal model of the
  replicates (a multivariate Student t with n - 1 degrees of freedom around
  the designs' means, scale S / n, S the covariance of the paired replicates;
  every pairwise difference then has the paired-t posterior), by Monte Carlo
  with a fixed seed; the answer is *settled* when an upper bound on the
  probability that the leader is not the best, the union bound over one-sided
  t tails (:func:`settle_bound`, the rule ``replicates: auto`` stops by), is
  at most 1 - confidence; if not, roughly how many more replicates would
  settle it;
- **why**: the difference split into the objective's parts (fees, sales,
  costs) and set beside the summaries that explain them (joins, churn,
  purchases), each a paired difference with its interval.

Values a model's rules fix (a paid group's retention before its first
renewal) are used as the fixed numbers they are, and a design whose
*objective* is fixed by a rule is not compared.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats

from ._core import InputError
from .data import (UNIT_BOUNDS, Source, as_dataset, designs, done_runs, mean_interval, number_text,
                   pooling, shown_label, signed_text, summary_values, units)
from .results import OBJECTIVE_PREFIX, SUMMARY_PREFIX

#: Monte Carlo draws behind the probabilities of being best (their standard
#: error is at most 0.5 / sqrt(DRAWS), about 0.0035).
DRAWS = 20000
#: The power at which :func:`answer` estimates the replicates that would
#: settle an open answer ("likely": four times in five).
POWER = 0.8


@dataclass(frozen=True)
class Objective:
    """What the strategist optimises.

    Attributes
    ----------
    name : str
        A summary of the model, or (``recorded`` false) the name of the sum of
        ``parts``.
    direction : {"maximize", "minimize"}
    parts : tuple of (str, float)
        Summaries and signs whose sum the objective is: its breakdown.
    explain : tuple of str
        Further summaries shown beside the parts (the mechanisms behind them).
    constraints : tuple of (str, str, float)
        ``(summary, ">=" or "<=", bound)``.
    confidence : float
        The answer is settled when the leader is best with at least this
        probability (by the union bound).
    recorded : bool
        Whether ``name`` is a summary.
    origin : str
        Where it was declared: ``scenario``, ``model default`` or ``asked``.
    """

    name: str
    direction: str = "maximize"
    parts: tuple = ()
    explain: tuple = ()
    constraints: tuple = ()
    confidence: float = 0.95
    recorded: bool = True
    origin: str = "asked"

    @property
    def sign(self) -> float:
        """+1 to maximize, -1 to minimize."""
        return 1.0 if self.direction == "maximize" else -1.0

    def text(self) -> str:
        """``maximize net_result_total = revenue_fees_total + ... - moderation_costs_total``."""
        out = f"{self.direction} {self.name}"
        if self.parts:
            terms = [("- " if s < 0 else "+ ") + p for p, s in self.parts]
            joined = " ".join(terms)
            out += " = " + (joined[2:] if joined.startswith("+ ") else "-" + joined[2:])
        return out

    def inputs(self) -> list[str]:
        """The summaries the objective and its constraints read."""
        own = [self.name] if self.recorded else [p for p, _ in self.parts]
        return own + [c[0] for c in self.constraints]


_CONSTRAINT = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=)\s*([-+0-9.eE]+)\s*$")


def parse_constraint(text: str) -> tuple[str, str, float]:
    """``"retention_90>=0.5"`` as ``("retention_90", ">=", 0.5)``.

    Parameters
    ----------
    text : str

    Returns
    -------
    tuple of (str, str, float)

    Raises
    ------
    commsim.InputError
        When the text is not ``SUMMARY>=NUMBER`` or ``SUMMARY<=NUMBER``.
    """
    match = _CONSTRAINT.match(text)
    try:
        bound = float(match.group(3)) if match else math.nan
    except ValueError:
        bound = math.nan
    if not match or not math.isfinite(bound):
        raise InputError(f"constraint {text!r}: expected SUMMARY>=NUMBER or SUMMARY<=NUMBER, "
                         "such as retention_90>=0.5")
    return match.group(1), match.group(2), bound


def _lines(text) -> list[str]:
    return [line for line in str(text or "").split("\n") if line]


def _from_attributes(attrs: dict) -> Objective | None:
    name = attrs.get(f"{OBJECTIVE_PREFIX}name")
    if not name:
        return None
    parts = tuple((p[1:], -1.0 if p[0] == "-" else 1.0) for p in
                  _lines(attrs.get(f"{OBJECTIVE_PREFIX}parts")))
    return Objective(
        name=str(name), direction=str(attrs.get(f"{OBJECTIVE_PREFIX}direction", "maximize")),
        parts=parts, explain=tuple(_lines(attrs.get(f"{OBJECTIVE_PREFIX}explain"))),
        constraints=tuple(parse_constraint(c) for c in
                          _lines(attrs.get(f"{OBJECTIVE_PREFIX}constraints"))),
        confidence=float(attrs.get(f"{OBJECTIVE_PREFIX}confidence", 0.95)),
        recorded=str(attrs.get(f"{OBJECTIVE_PREFIX}recorded", "1")) == "1",
        origin=str(attrs.get(f"{OBJECTIVE_PREFIX}origin", "")))


def _model_default(ds: xr.Dataset) -> Objective | None:
    from .scenario import describe

    try:
        declared = describe(str(ds.attrs.get("model", "")))["objective"]
    except Exception:  # noqa: BLE001 - an unknown or missing model has no default
        return None
    if not declared:
        return None
    return Objective(name=declared["name"], direction=declared["direction"],
                     parts=tuple((p, float(s)) for p, s in declared["parts"]),
                     explain=tuple(declared["explain"]), confidence=declared["confidence"],
                     recorded=declared["recorded"], origin="model default")


def objective_of(source: Source, objective: str | Objective | None = None,
                 minimize: bool | None = None, constraints: list[str] | None = None,
                 confidence: float | None = None) -> Objective | None:
    """The objective to answer: asked for, else the results', else the model's default.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
    objective : str or Objective, optional
        A summary to optimise (or the name of the results' objective), or a
        whole :class:`Objective`. Default: the one the results carry.
    minimize : bool, optional
        Smaller is better (default: the objective's direction; maximize for
        a summary asked by name).
    constraints : list of str, optional
        Replace the constraints: ``"retention_90>=0.5"`` ...
    confidence : float, optional
        Replace the confidence at which the answer counts as settled.

    Returns
    -------
    Objective or None
        None when nothing was asked and neither the results nor the model
        declare an objective, or when the model's default objective needs
        summaries these results do not have (an observed file).

    Raises
    ------
    commsim.InputError
        An objective or constraint that names no summary of these results, a
        malformed constraint, a confidence outside [0.5, 1).
    """
    ds = as_dataset(source, agents=False)
    known = _from_attributes(ds.attrs) or _model_default(ds)
    summaries = sorted(n[len(SUMMARY_PREFIX):] for n in ds.data_vars
                       if n.startswith(SUMMARY_PREFIX))

    def check(name: str, what: str) -> None:
        if name not in summaries:
            raise InputError(f"{what} {name!r} is not a summary of these results; there are: "
                             f"{', '.join(summaries)}")

    if isinstance(objective, Objective):
        chosen = objective
    elif objective is not None:
        if known is not None and objective == known.name:
            chosen = replace(known, origin=known.origin)
        else:
            check(objective, "objective")
            default = _model_default(ds)
            same = default is not None and default.name == objective
            chosen = Objective(name=objective, parts=default.parts if same else (),
                               explain=default.explain if same else (), origin="asked")
    else:
        chosen = known
    if chosen is None:
        if minimize is not None or constraints or confidence is not None:
            raise InputError("these results declare no objective: name one (--objective SUMMARY)")
        return None
    if objective is None and chosen.origin.startswith("model default") and any(
            name not in summaries
            for name in chosen.inputs() + list(chosen.explain) + [p for p, _ in chosen.parts]):
        # The model's default objective, in results that lack what it needs
        # (an observed chat export has no costs or fees): no objective, as if
        # none were declared, rather than an error nobody asked for.
        if minimize is not None or constraints or confidence is not None:
            raise InputError(f"these results lack the model's default objective "
                             f"({chosen.name}): name one (--objective SUMMARY)")
        return None
    if minimize is not None:
        chosen = replace(chosen, direction="minimize" if minimize else "maximize")
    if constraints is not None:
        chosen = replace(chosen, constraints=tuple(
            c if isinstance(c, tuple) else parse_constraint(c) for c in constraints),
            origin=chosen.origin if chosen.origin == "asked"
            else f"{chosen.origin}; constraints asked")
    if confidence is not None:
        if not 0.5 <= confidence < 1:
            raise InputError(f"confidence must be in [0.5, 1), got {confidence!r}")
        chosen = replace(chosen, confidence=float(confidence))
    for name in chosen.inputs() + list(chosen.explain) + [p for p, _ in chosen.parts]:
        check(name, "objective input")
    return chosen


# ---------------------------------------------------------------------------
# The settle rule: the same as commsim::settle (sim/src/objective.cpp).

def _p_negative(mean: float, se: float, df: float) -> float:
    """Posterior P(mu < 0) with mu = mean + se T, T ~ t(df)."""
    if not df >= 1 or not math.isfinite(mean):
        return 1.0
    if se == 0:
        return 0.0 if mean > 0 else (0.5 if mean == 0 else 1.0)
    return float(stats.t.sf(mean / se, df))


def _moments(x: np.ndarray) -> tuple[float, float, int]:
    n = len(x)
    if n == 0:
        return math.nan, math.nan, 0
    mean = float(np.sum(x) / n)
    var = float(np.sum((x - mean) ** 2) / (n - 1)) if n > 1 else math.nan
    return mean, var, n


def _p_violates(x: np.ndarray) -> float:
    mean, var, n = _moments(x)
    if n == 0:
        return 1.0
    if n > 1 and var == 0:
        return 0.0 if mean >= 0 else 1.0
    return _p_negative(mean, math.sqrt(var / n) if n > 1 else math.nan, n - 1)


@dataclass
class _Layout:
    """Each design's objective and constraint values over replicates, and which rows count."""

    objective: np.ndarray       # (designs, replicates)
    constraints: np.ndarray     # (designs, constraints, replicates)
    fixed_objective: np.ndarray  # (designs,) bool
    compared: np.ndarray        # (designs,) bool
    checkable: np.ndarray       # (designs, constraints) bool
    rows: list                  # per design: the replicate indices used
    paired: bool


def _layout(objective_values: np.ndarray, constraint_values: np.ndarray,
            fixed_objective: np.ndarray, paired: bool) -> _Layout:
    count = objective_values.shape[0]
    compared = ~fixed_objective & np.isfinite(objective_values).any(axis=1)
    checkable = np.isfinite(constraint_values).any(axis=2)
    ok = np.ones(objective_values.shape, dtype=bool)
    ok &= ~compared[:, None] | np.isfinite(objective_values)
    ok &= (~checkable[:, :, None] | np.isfinite(constraint_values)).all(axis=1)
    if paired:
        everywhere = ok.all(axis=0)
        rows = [np.flatnonzero(everywhere) for _ in range(count)]
    else:
        rows = [np.flatnonzero(ok[d]) for d in range(count)]
    return _Layout(objective_values, constraint_values, fixed_objective, compared, checkable,
                   rows, paired)


def _feasibility(lay: _Layout, objective: Objective):
    """Per design: P(violating) each constraint, and whether the means meet them all."""
    count = lay.objective.shape[0]
    p_violate = np.ones((count, len(objective.constraints)))
    meets = np.ones(count, dtype=bool)
    for d in range(count):
        for c, (_, op, bound) in enumerate(objective.constraints):
            if not lay.checkable[d, c]:
                meets[d] = False
                continue
            x = (lay.constraints[d, c, lay.rows[d]] - bound) * (1 if op == ">=" else -1)
            p_violate[d, c] = _p_violates(x)
            meets[d] &= len(x) > 0 and float(np.mean(x)) >= 0
    return p_violate, meets


def _leader(lay: _Layout, objective: Objective, meets: np.ndarray) -> int:
    leader = -1
    for d in range(lay.objective.shape[0]):
        if not (lay.compared[d] and meets[d]):
            continue
        mean = float(np.mean(lay.objective[d, lay.rows[d]]))
        if leader < 0 or objective.sign * (mean - float(
                np.mean(lay.objective[leader, lay.rows[leader]]))) > 0:
            leader = d
    return leader


def _p_beats(lay: _Layout, objective: Objective, leader: int, d: int) -> float:
    """Posterior P(design d's objective is better than the leader's)."""
    s = objective.sign
    if lay.paired:
        x = s * (lay.objective[leader, lay.rows[leader]] - lay.objective[d, lay.rows[leader]])
        mean, var, n = _moments(x)
        return 1.0 if n < 2 else _p_negative(mean, math.sqrt(var / n), n - 1)
    ml, vl, nl = _moments(s * lay.objective[leader, lay.rows[leader]])
    md, vd, nd = _moments(s * lay.objective[d, lay.rows[d]])
    if nl < 2 or nd < 2:
        return 1.0
    a, b = vl / nl, vd / nd
    se = math.sqrt(a + b)
    df = 1.0 if se == 0 else (a + b) ** 2 / (a * a / (nl - 1) + b * b / (nd - 1))
    return _p_negative(ml - md, se, df)


def settle_bound(objective_values, constraint_values, fixed_objective, objective: Objective,
                 paired: bool) -> tuple[int, float, bool, dict]:
    """The stopping rule of ``replicates: auto``, as the engine computes it.

    Parameters
    ----------
    objective_values : array_like, shape (designs, replicates)
        The objective per design and replicate (NaN: missing).
    constraint_values : array_like, shape (designs, constraints, replicates)
        Each constraint's summary, rule-fixed values put in.
    fixed_objective : array_like of bool, shape (designs,)
        Designs whose objective a rule fixes (not compared).
    objective : Objective
    paired : bool
        Replicate r of every design shares its seed (common random numbers).

    Returns
    -------
    leader : int
        The design with the best mean among those whose constraint means
        meet the constraints; -1 when none does.
    bound : float
        An upper bound on the posterior probability that the leader is not
        the best design meeting the constraints: the sum of the leader's
        probabilities of violating each constraint and, for every other
        compared design, the smaller of its probability of beating the
        leader and of meeting every constraint (with no leader: the sum of
        the designs' probabilities of meeting the constraints).
    settled : bool
        ``bound <= 1 - objective.confidence``.
    terms : dict
        Each term of the bound: ``("beats", d)`` or ``("violates", c)`` (of
        the leader) or ``("feasible", d)`` to its probability.
    """
    lay = _layout(np.asarray(objective_values, dtype=float),
                  np.asarray(constraint_values, dtype=float),
                  np.asarray(fixed_objective, dtype=bool), paired)
    p_violate, meets = _feasibility(lay, objective)
    p_feasible = np.min(1 - p_violate, axis=1, initial=1.0)
    leader = _leader(lay, objective, meets)
    terms: dict = {}
    if leader < 0:
        for d in np.flatnonzero(lay.compared):
            terms[("feasible", int(d))] = float(p_feasible[d])
    else:
        for c in range(len(objective.constraints)):
            terms[("violates", c)] = float(p_violate[leader, c])
        for d in np.flatnonzero(lay.compared):
            if d != leader:
                terms[("beats", int(d))] = min(_p_beats(lay, objective, leader, int(d)),
                                               float(p_feasible[d]))
    bound = min(sum(terms.values()), 1.0)
    return leader, bound, bound <= 1 - objective.confidence, terms


# ---------------------------------------------------------------------------
# Posterior draws: the probability that each design is best.

def probability_best(objective_values, constraint_values, fixed_objective, objective: Objective,
                     paired: bool, draws: int = DRAWS, seed: int = 0) -> tuple[np.ndarray, float]:
    """Each design's posterior probability of being the best one that meets the constraints.

    The replicates of a design are taken as normal with unknown mean and
    covariance under the noninformative prior; the designs' means then follow
    a multivariate Student t with n - 1 degrees of freedom, centred on the
    sample means with scale S / n (S the covariance over the paired
    replicates, objective and constraint summaries of every design together),
    so that every contrast has the paired-t posterior. Without common random
    numbers each design is drawn on its own (its own n and covariance).
    Draws: ``mu = mean + sqrt(nu / chi2_nu) * D' g / sqrt(n (n - 1))``, D the
    centred replicates, g standard normal.

    Parameters
    ----------
    objective_values, constraint_values, fixed_objective, objective, paired
        As for :func:`settle_bound`.
    draws : int
        Monte Carlo draws.
    seed : int
        Seed of the draws (the answer is the same every time it is asked).

    Returns
    -------
    p_best : ndarray, shape (designs,)
        NaN when fewer than two replicates are complete.
    p_none : float
        The probability that no design meets the constraints.
    """
    lay = _layout(np.asarray(objective_values, dtype=float),
                  np.asarray(constraint_values, dtype=float),
                  np.asarray(fixed_objective, dtype=bool), paired)
    count, k = lay.objective.shape[0], len(objective.constraints)
    rng = np.random.default_rng(seed)
    # Columns: each design's objective, then its constraints.
    mu = np.full((draws, count, 1 + k), np.nan)

    def draw(block: np.ndarray) -> np.ndarray:
        n = block.shape[0]
        mean = block.mean(axis=0)
        dev = block - mean
        g = rng.standard_normal((draws, n))
        w = np.sqrt((n - 1) / rng.chisquare(n - 1, draws))
        return mean + w[:, None] * (g @ dev) / math.sqrt(n * (n - 1))

    def block_of(d: int, rows: np.ndarray) -> np.ndarray:
        cols = [lay.objective[d, rows]] + [lay.constraints[d, c, rows] for c in range(k)]
        return np.nan_to_num(np.stack(cols, axis=1))

    if lay.paired:
        rows = lay.rows[0] if count else np.array([], dtype=int)
        if len(rows) < 2:
            return np.full(count, np.nan), math.nan
        flat = np.concatenate([block_of(d, rows) for d in range(count)], axis=1)
        mu = draw(flat).reshape(draws, count, 1 + k)
    else:
        for d in range(count):
            if len(lay.rows[d]) < 2:
                return np.full(count, np.nan), math.nan
            mu[:, d, :] = draw(block_of(d, lay.rows[d]))
    feasible = np.broadcast_to(lay.compared, (draws, count)).copy()
    for c, (_, op, bound) in enumerate(objective.constraints):
        ok = mu[:, :, 1 + c] >= bound if op == ">=" else mu[:, :, 1 + c] <= bound
        feasible &= ok & lay.checkable[:, c]
    score = np.where(feasible, objective.sign * mu[:, :, 0], -np.inf)
    none = ~feasible.any(axis=1)
    # Exact ties (designs that give the same value in every replicate) share
    # the credit.
    top = (score == score.max(axis=1, keepdims=True)) & feasible
    share = top / np.maximum(top.sum(axis=1, keepdims=True), 1)
    return share.mean(axis=0), float(np.mean(none))


# ---------------------------------------------------------------------------
# The answer.

@dataclass
class Difference:
    """A difference between two designs with its interval."""

    mean: float
    low: float
    high: float
    n: int


def _difference(a: np.ndarray, b: np.ndarray, paired: bool, confidence: float) -> Difference:
    """Mean of a - b with its t interval: paired replicate by replicate, or Welch's."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if paired:
            x = a - b
            x = x[np.isfinite(x)]
            n = len(x)
            if n == 0:
                return Difference(math.nan, math.nan, math.nan, 0)
            mean = float(np.mean(x))
            if n < 2:
                return Difference(mean, math.nan, math.nan, n)
            half = stats.t.ppf(0.5 + confidence / 2, n - 1) * np.std(x, ddof=1) / math.sqrt(n)
            return Difference(mean, mean - half, mean + half, n)
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        if len(a) == 0 or len(b) == 0:
            return Difference(math.nan, math.nan, math.nan, 0)
        mean = float(np.mean(a) - np.mean(b))
        n = min(len(a), len(b))
        if n < 2:
            return Difference(mean, math.nan, math.nan, n)
        va, vb = np.var(a, ddof=1) / len(a), np.var(b, ddof=1) / len(b)
        se = math.sqrt(va + vb)
        df = (va + vb) ** 2 / (va * va / (len(a) - 1) + vb * vb / (len(b) - 1)) if se else 1.0
        half = stats.t.ppf(0.5 + confidence / 2, df) * se
        return Difference(mean, mean - half, mean + half, n)


def _mean_sd(x: np.ndarray) -> tuple[float, float]:
    return (float(np.mean(x)) if len(x) else math.nan,
            float(np.std(x, ddof=1)) if len(x) > 1 else math.nan)


def _replicates_to_settle(x_mean: float, x_sd: float, n: int, alpha: float) -> int | None:
    """Replicates at which a one-sided t test of a mean difference x_mean (sd x_sd)
    at level alpha rejects with probability :data:`POWER` (None: never, at no difference)."""
    if not (x_mean > 0 and np.isfinite(x_sd)):
        return None
    if x_sd == 0:
        return n + 1
    need = max(n, 2)
    for _ in range(100):
        z = stats.t.ppf(1 - alpha, need - 1) + stats.t.ppf(POWER, need - 1)
        better = max(2, math.ceil((z * x_sd / x_mean) ** 2))
        if better == need:
            break
        need = better
    return need


@dataclass
class Answer:
    """The answer to the objective over an experiment's designs.

    Attributes
    ----------
    objective : Objective
    designs : list of str
        The designs' names, in point order.
    by : str
        What names the designs (``design``: the points' names).
    means : pandas.DataFrame
        Per design: the objective's mean and interval (``mean``, ``low``,
        ``high``, ``n``), the probability of being best (``p_best``),
        whether its constraint means meet the constraints (``meets``) and
        whether a rule fixes its objective (``fixed``).
    winner, runner_up : str or None
        The leader, and the next best design meeting the constraints (else
        the next best at all).
    difference : Difference or None
        Winner minus runner-up, in the objective's units (positive when the
        winner is larger).
    paired : bool
        Common random numbers: differences are paired by replicate.
    replicates : int
        The replicates behind the figures (paired: complete in every design).
    bound : float
        Upper bound on the probability that the winner is not the best
        (:func:`settle_bound`).
    settled : bool
    p_none : float
        Probability that no design meets the constraints.
    more_replicates : int or None
        When not settled: about how many more replicates per design would
        settle it (if the differences are what they look like), None when no
        number would (an exact tie) or it cannot be told.
    breakdown : pandas.DataFrame
        Winner minus runner-up for each part (its contribution, sign applied:
        ``kind`` part) and each explanatory summary (``kind`` explain): mean,
        low, high, share (of the objective's difference, parts only), unit.
    notes : list of str
        Rule-fixed values, pooled designs, unmet constraints, too few runs.
    """

    objective: Objective
    designs: list
    by: str
    means: pd.DataFrame
    winner: str | None
    runner_up: str | None
    difference: Difference | None
    paired: bool
    replicates: int
    bound: float
    settled: bool
    p_none: float
    more_replicates: int | None
    breakdown: pd.DataFrame
    unit: str = ""
    notes: list = field(default_factory=list)

    def lead(self) -> Difference | None:
        """The winner's lead over the runner-up, signed so that positive is better."""
        d = self.difference
        if d is None:
            return None
        s = self.objective.sign
        low, high = sorted((s * d.low, s * d.high))
        return Difference(s * d.mean, low, high, d.n)

    def sentence(self) -> str:
        """The answer in one sentence."""
        o = self.objective
        if self.winner is None:
            if not o.constraints:
                return f"No design can be compared on {o.name} in these runs."
            return (f"No design meets the constraints ({_constraints_text(o)}) on average"
                    + (f" (probability that none does: {probability_text(self.p_none)})."
                       if np.isfinite(self.p_none) else "."))
        value = f"{number_text(self.means.loc[self.winner, 'mean'])}{_unit(self.unit)}"
        head = f"{self.winner} is the best design on {o.name} ({value})"
        lead = self.lead()
        if self.runner_up is None or lead is None:
            return head + ", the only one compared."
        better, worse = ("higher", "lower") if o.direction == "maximize" else ("lower", "higher")
        interval = (f" (95% interval of the difference {number_text(lead.low)} to "
                    f"{number_text(lead.high)})" if np.isfinite(lead.low) else "")
        verdict = "" if self.settled else "; not clearly best yet"
        if lead.mean < 0 and not bool(self.means.loc[self.runner_up, "meets"]):
            # The runner-up does better on the objective but fails the constraints.
            return (f"{head} among the designs that meet the constraints "
                    f"({_constraints_text(o)}): {number_text(-lead.mean)}{_unit(self.unit)} {worse} "
                    f"than {self.runner_up}, which does not meet them{interval}{verdict}.")
        return (f"{head}, {number_text(lead.mean)}{_unit(self.unit)} {better} than "
                f"{self.runner_up}{interval}{verdict}.")

    def certainty(self) -> list[str]:
        """Lines on how sure the answer is."""
        o = self.objective
        lines = []
        probs = self.means["p_best"]
        if probs.notna().any():
            ranked = probs.sort_values(ascending=False)
            shown = ", ".join(f"{name} {probability_text(p)}" for name, p in ranked.items())
            lines.append(f"Probability of being best: {shown}"
                         + (f"; that no design meets the constraints: "
                            f"{probability_text(self.p_none)}" if o.constraints else "") + ".")
        how = ("paired: replicate r of every design shares its random numbers"
               if self.paired else "independent designs")
        lines.append(f"From {self.replicates} replicate(s) per design ({how}).")
        if self.winner is None and not o.constraints:
            return lines
        if self.settled and self.winner is None:
            lines.append(f"Settled at {o.confidence:.0%}: the probability that any design meets "
                         f"the constraints is at most {probability_text(self.bound)}.")
        elif self.settled:
            lines.append(f"Settled at {o.confidence:.0%}: the probability that {self.winner} is "
                         f"not the best is at most {probability_text(self.bound)}.")
        else:
            if self.more_replicates is None:
                more = ("more replicates would not settle it: the leading designs give the "
                        "same result replicate by replicate" if self._tie() else
                        "more replicates would tell")
            else:
                more = (f"about {self.more_replicates} more replicate(s) per design would likely "
                        f"settle it (if the differences are as observed)")
            lines.append(f"Not settled at {o.confidence:.0%} (the probability that the leader is "
                         f"not best is up to {probability_text(self.bound)}); {more}.")
        return lines

    def _tie(self) -> bool:
        d = self.difference
        return d is not None and d.mean == 0 and d.low == 0 and d.high == 0

    def why(self) -> list[str]:
        """Lines that split the winner's lead into the objective's parts."""
        if self.winner is None or self.runner_up is None or self.breakdown.empty:
            return []
        lines = [f"{self.winner} against {self.runner_up}, winner minus runner-up "
                 f"(mean and 95% interval):"]
        width = max(len(i) for i in self.breakdown.index)
        for kind, title in (("part", "parts of " + self.objective.name), ("explain", "behind them")):
            rows = self.breakdown[self.breakdown["kind"] == kind]
            if rows.empty:
                continue
            lines.append(f"  {title}:")
            for name, row in rows.iterrows():
                share = f"  {row['share']:>5.0%} of the difference" if np.isfinite(
                    row["share"]) else ""
                interval = (f"[{number_text(row['low'])}, {number_text(row['high'])}]"
                            if np.isfinite(row["low"]) else "")
                lines.append(f"    {name:<{width}} {signed_text(row['mean']):>12} {interval:<26}"
                             f"{row['unit']:<10}{share}".rstrip())
        return lines

    def to_text(self) -> str:
        """Answer, certainty and why, as ``commsim compare`` prints them."""
        out = [f"Objective: {self.objective.text()}"
               + (f", subject to {_constraints_text(self.objective)}"
                  if self.objective.constraints else "")
               + f" ({self.objective.origin})", "",
               "Answer: " + self.sentence(), ""]
        out += ["Certainty: " + self.certainty()[0], *("  " + c for c in self.certainty()[1:])]
        why = self.why()
        if why:
            out += ["", "Why: " + why[0], *why[1:]]
        if self.notes:
            out += ["", *("Note: " + n for n in self.notes)]
        return "\n".join(out)


def _constraints_text(o: Objective) -> str:
    return ", ".join(f"{s} {op} {b:g}" for s, op, b in o.constraints)


def probability_text(p: float) -> str:
    """A probability to three places, "<0.001" and ">0.999" short of 0 and 1."""
    if not np.isfinite(p):
        return "-"
    if 0 < p < 0.001:
        return "<0.001"
    if 0.999 < p < 1:
        return ">0.999"
    return f"{p:.3f}"


def _unit(unit: str) -> str:
    return f" {unit}" if unit and unit not in ("value",) else ""


def _per_design(ds: xr.Dataset, labels: pd.Series, values: np.ndarray,
                replicates: int) -> np.ndarray:
    """(designs, replicates): each design's value per replicate; pooled points averaged."""
    replicate = np.asarray(ds.coords["replicate"].values).astype(int)
    out = np.full((len(labels.cat.categories), replicates), np.nan)
    for d, group in enumerate(labels.cat.categories):
        mine = (labels == group).to_numpy()
        frame = pd.DataFrame({"r": replicate[mine], "v": values[mine]})
        means = frame.groupby("r")["v"].mean()
        out[d, means.index.to_numpy()] = means.to_numpy()
    return out


def no_answer_reason(source: Source, by: str | list[str] | None = None,
                     objective: str | Objective | None = None) -> str | None:
    """Why :func:`answer` gives None for these results, in one sentence; None
    when the results and their model simply declare no objective."""
    ds = as_dataset(source, agents=False)
    if objective_of(ds, objective) is not None:
        return "no answer: only one design, so nothing to compare; the table shows its outcomes"
    if objective is None and _from_attributes(ds.attrs) is None and _model_default(ds) is not None:
        return (f"no answer: these results lack what the model's objective "
                f"({_model_default(ds).name}) is made of; name a summary to optimise "
                "(--objective SUMMARY)")
    return None


def answer(source: Source, by: str | list[str] | None = None,
           objective: str | Objective | None = None, minimize: bool | None = None,
           constraints: list[str] | None = None, confidence: float | None = None,
           seed: int | None = None) -> Answer | None:
    """Which design is best on the objective, by how much, how sure, and why.

    Parameters
    ----------
    source : str, path-like, commsim.Results or xarray.Dataset
        Results of an experiment.
    by : str or list of str, optional
        What names the designs (default: the design points' names); a
        grouping that pools points differing in other keys is noted.
    objective, minimize, constraints, confidence
        As for :func:`objective_of`.
    seed : int, optional
        Seed of the Monte Carlo draws (default: the scenario's seed).

    Returns
    -------
    Answer or None
        None when there is no objective (none asked, none declared, or the
        model's default needs summaries these results lack) or only one
        design: there is nothing to answer (:func:`no_answer_reason` says
        which).

    Raises
    ------
    commsim.InputError
        An unknown objective or constraint summary, a malformed constraint.

    Examples
    --------
    >>> print(commsim.answer("flagship.h5").to_text())  # doctest: +SKIP
    """
    ds = as_dataset(source, agents=False)
    chosen = objective_of(ds, objective, minimize, constraints, confidence)
    if chosen is None:
        return None
    name, labels = designs(ds, by)
    if len(labels.cat.categories) < 2:
        return None  # one design: nothing to compare, no best to name
    labels = labels.cat.rename_categories(lambda g: shown_label(name, g))
    names = [str(g) for g in labels.cat.categories]
    done = done_runs(ds)
    replicates = int(np.asarray(ds.coords["replicate"].values).max()) + 1 if ds.sizes["run"] else 0
    paired = bool(int(ds.attrs.get("design_common_random_numbers", 0)))
    notes = []
    if (note := pooling(ds, by)) is not None:
        notes.append(note)

    def per_run(summary: str) -> tuple[np.ndarray, np.ndarray, str]:
        values, fixed, rule = summary_values(ds, summary)
        return np.where(done, values, np.nan), fixed, rule

    # The objective per run: its summary, or the signed sum of its parts.
    fixed_any = np.zeros(ds.sizes["run"], dtype=bool)
    if chosen.recorded:
        values, fixed_any, rule = per_run(chosen.name)
        if fixed_any.any():
            notes.append(f"{chosen.name} is fixed by the model's rules in "
                         + ", ".join(sorted({str(x) for x in labels[fixed_any]}))
                         + f" ({rule}): not compared")
    else:
        values = np.zeros(ds.sizes["run"])
        for part, sign in chosen.parts:
            v, _, _ = per_run(part)
            values = values + sign * v
    objective_values = _per_design(ds, labels, values, replicates)
    fixed_objective = np.array([bool(fixed_any[(labels == g).to_numpy()].all())
                                for g in labels.cat.categories])
    constraint_values = np.full((len(names), len(chosen.constraints), replicates), np.nan)
    for c, (summary, _, _) in enumerate(chosen.constraints):
        v, fixed, rule = per_run(summary)
        constraint_values[:, c, :] = _per_design(ds, labels, v, replicates)
        if fixed.any():
            notes.append(f"{summary} is fixed by the model's rules in "
                         + ", ".join(sorted({str(x) for x in labels[fixed]}))
                         + f" ({rule}); the constraint uses the fixed value")

    leader, bound, settled, terms = settle_bound(objective_values, constraint_values,
                                                 fixed_objective, chosen, paired)
    seed = int(ds.attrs.get("seed", 0)) if seed is None else seed
    p_best, p_none = probability_best(objective_values, constraint_values, fixed_objective,
                                      chosen, paired, seed=seed)
    lay = _layout(objective_values, constraint_values, fixed_objective, paired)
    _, meets = _feasibility(lay, chosen)
    unit = units(ds, chosen.name) if chosen.recorded else (
        units(ds, chosen.parts[0][0]) if chosen.parts else "")

    # Per design: the objective's mean and interval.
    rows = {}
    limits = UNIT_BOUNDS.get(unit)
    for d, design in enumerate(names):
        mean, low, high, n = mean_interval(objective_values[d, lay.rows[d]], 0.95, bounds=limits)
        rows[design] = {"mean": float(mean), "low": float(low), "high": float(high), "n": int(n),
                        "p_best": p_best[d], "meets": bool(meets[d]),
                        "fixed": bool(fixed_objective[d])}
    means = pd.DataFrame.from_dict(rows, orient="index")
    means.index.name = name

    # The runner-up: the next best mean meeting the constraints, else at all.
    winner = names[leader] if leader >= 0 else None
    order = sorted((d for d in range(len(names)) if lay.compared[d] and d != leader),
                   key=lambda d: (not meets[d], -chosen.sign * means.iloc[d]["mean"]))
    runner = order[0] if order and leader >= 0 else -1
    difference = None
    breakdown = pd.DataFrame(columns=["kind", "mean", "low", "high", "share", "unit"])
    if runner >= 0:
        rows_w = lay.rows[leader]
        rows_r = lay.rows[leader] if paired else lay.rows[runner]
        difference = _difference(objective_values[leader, rows_w],
                                 objective_values[runner, rows_r], paired, 0.95)
        if not meets[runner]:
            notes.append(f"the runner-up, {names[runner]}, does not meet the constraints on "
                         "average; no other design does")
        table = []
        for kind, items in (("part", chosen.parts), ("explain", [(e, 1.0) for e in
                                                                 chosen.explain])):
            for summary, sign in items:
                v, _, _ = per_run(summary)
                per = _per_design(ds, labels, sign * v, replicates)
                diff = _difference(per[leader, rows_w], per[runner, rows_r], paired, 0.95)
                share = (diff.mean / difference.mean if kind == "part" and difference.mean
                         else math.nan)
                label = f"{'-' if sign < 0 and kind == 'part' else ''}{summary}"
                table.append((label, kind, diff.mean, diff.low, diff.high, share,
                              units(ds, summary)))
        if chosen.recorded and chosen.parts:
            total = _per_design(ds, labels, values, replicates)
            parts_sum = sum(_per_design(ds, labels, s * per_run(p)[0], replicates)
                            for p, s in chosen.parts)
            rest = _difference((total - parts_sum)[leader, rows_w],
                               (total - parts_sum)[runner, rows_r], paired, 0.95)
            if np.isfinite(rest.mean) and abs(rest.mean) > 1e-9 * max(1.0, abs(difference.mean)):
                table.append(("other (not in the declared parts)", "part", rest.mean, rest.low,
                              rest.high, rest.mean / difference.mean if difference.mean
                              else math.nan, unit))
        breakdown = pd.DataFrame(table, columns=["name", "kind", "mean", "low", "high", "share",
                                                 "unit"]).set_index("name")

    more = None
    if not settled and leader >= 0 and terms:
        alpha = (1 - chosen.confidence) / len(terms)
        needs = []
        for kind, which in (k for k, p in terms.items() if p > alpha):
            if kind == "beats" and paired:
                x = chosen.sign * (objective_values[leader] - objective_values[which])
                mean, sd = _mean_sd(x[lay.rows[leader]])
            elif kind == "beats":
                a = chosen.sign * objective_values[leader, lay.rows[leader]]
                b = chosen.sign * objective_values[which, lay.rows[which]]
                (ma, sa), (mb, sb) = _mean_sd(a), _mean_sd(b)
                mean, sd = ma - mb, math.hypot(sa, sb)
            else:  # the leader may violate constraint `which`
                _, op, b = chosen.constraints[which]
                x = (constraint_values[leader, which] - b) * (1 if op == ">=" else -1)
                mean, sd = _mean_sd(x[lay.rows[leader]])
            needs.append(_replicates_to_settle(mean, sd, lay.rows[leader].size, alpha))
        if needs and all(n is not None for n in needs):
            more = max(1, max(needs) - int(lay.rows[leader].size))
    if np.isnan(p_best).all():
        notes.append("fewer than two complete replicates per design: no probabilities")
    n_used = int(min((len(r) for d, r in enumerate(lay.rows) if lay.compared[d]), default=0))
    finished = int(pd.Series(done).groupby(labels.to_numpy()).sum().max()) if len(done) else 0
    if 0 < n_used < finished:
        notes.append(f"the answer uses the {n_used} replicate(s) whose objective and constraint "
                     f"values are known in every design; the table's means use every finished "
                     f"run, so they can differ")
    return Answer(objective=chosen, designs=names, by=name, means=means, winner=winner,
                  runner_up=names[runner] if runner >= 0 else None, difference=difference,
                  paired=paired, replicates=n_used, bound=bound, settled=settled,
                  p_none=p_none, more_replicates=more, breakdown=breakdown, unit=unit,
                  notes=notes)
