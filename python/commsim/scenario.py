"""Scenarios: loading, validating and overriding scenario files."""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Mapping
from typing import Any

from . import _core


def _override_text(path: str, value: Any) -> str:
    """One ``path=value`` override in the syntax ``commsim run --set`` takes.

    Values are written as JSON, which YAML reads as flow syntax, so strings,
    numbers, booleans, lists and mappings all cross unchanged.
    """
    if not isinstance(path, str) or not path:
        raise TypeError(f"override keys must be non-empty dotted paths (str), got {path!r}")
    try:
        encoded = json.dumps(value)
    except TypeError as exc:
        raise TypeError(f"override {path!r}: value {value!r} is not plain data "
                        "(numbers, text, booleans, lists, dicts)") from exc
    return f"{path}={encoded}"


def _override_texts(overrides: Mapping[str, Any] | None) -> list[str]:
    if overrides is None:
        return []
    if not isinstance(overrides, Mapping):
        raise TypeError(f"overrides must be a mapping of dotted paths to values, "
                        f"got {type(overrides).__name__}")
    return [_override_text(k, v) for k, v in overrides.items()]


class ScenarioWarning(UserWarning):
    """A setting that is valid but most likely not what was meant (a paid policy
    with no fee, an activity that starts after the horizon); the message is
    located like an error. The command line prints the same text, and results
    files record it (root attribute ``warnings``)."""


class Scenario:
    """A validated scenario.

    Use :meth:`Scenario.load`; the constructor is internal.

    Attributes
    ----------
    name, description, model : str
    seed, days, replicates, population_size : int
    text : str
        The scenario as YAML after overrides (what a results file records).
    warnings : list of str
        What reading the graph file changed (duplicates merged, self-loops
        dropped), each naming the file; recorded in results files.
    values : dict
        Every validated key by dotted path, defaults filled in.
    warnings : list of str
        Settings that are valid but most likely not what was meant; each is
        also issued as a :class:`ScenarioWarning` when the scenario loads.
    """

    def __init__(self, core: _core.Scenario) -> None:
        self._core = core
        for message in core.warnings:
            warnings.warn(message, ScenarioWarning, stacklevel=3)

    @classmethod
    def load(cls, path: str | os.PathLike[str],
             overrides: Mapping[str, Any] | None = None) -> "Scenario":
        """Load and validate a scenario file.

        Parameters
        ----------
        path : str or path-like
            The YAML scenario file.
        overrides : mapping, optional
            Dotted key paths to values, applied before validation with the
            same rules as ``commsim run --set``, e.g. ``{"days": 90}``.

        Returns
        -------
        Scenario

        Raises
        ------
        commsim.ScenarioError
            With the same message as the command line: file:line:column (or
            the override), the key path, what was expected and what was found.
        TypeError
            When ``path`` or ``overrides`` have the wrong type.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or path-like, got {type(path).__name__}")
        return cls(_core.load_scenario(os.fspath(path), _override_texts(overrides)))

    @classmethod
    def from_yaml(cls, text: str, overrides: Mapping[str, Any] | None = None,
                  name: str | os.PathLike[str] = "<scenario>") -> "Scenario":
        """Validate a scenario given as YAML text (or a dict, written as YAML).

        Parameters
        ----------
        text : str or mapping
            The scenario document. A mapping is converted to YAML first.
        overrides : mapping, optional
            As for :meth:`load`.
        name : str or path-like
            Stands for the file in error messages; relative paths in the
            scenario (edge lists) are taken from its folder.

        Raises
        ------
        commsim.ScenarioError
            As for :meth:`load`, with positions inside ``text``.
        """
        if isinstance(text, Mapping):
            text = json.dumps(text)  # JSON is YAML
        if not isinstance(text, str):
            raise TypeError(f"text must be YAML text or a mapping, got {type(text).__name__}")
        return cls(_core.parse_scenario(text, os.fspath(name), _override_texts(overrides)))

    def degrees(self, run: int = 0, labels: bool = False):
        """Degrees of the social graph that run ``run`` uses.

        A run uses its design point's graph (a sweep may vary
        ``population.graph``); the replicates of a point share one graph
        unless ``population.graph.per_replicate``.

        Parameters
        ----------
        run : int
            Position of the run in the experiment (point-major, as in the
            results file).
        labels : bool
            Return a pandas Series indexed by each person's label (as the
            graph file names them) instead of an array in person order.

        Returns
        -------
        ndarray of uint32, shape (people,), or pandas.Series

        Raises
        ------
        commsim.InputError
            When ``run`` is out of range.
        """
        degrees = _core.degrees(self._core, int(run))
        if not labels:
            return degrees
        import pandas as pd

        return pd.Series(degrees, index=pd.Index(self.labels(run), name="label"), name="degree")

    def edges(self, run: int = 0, labels: bool = False):
        """Edges of the social graph that run ``run`` uses.

        Parameters
        ----------
        run : int
            Position of the run in the experiment.
        labels : bool
            Give each end by its label (as the graph file names them)
            instead of the person's index.

        Returns
        -------
        ndarray, shape (edges, 2)
            One row per undirected edge ``(u, v)`` with ``u < v`` (person
            indices, uint32), sorted; with ``labels`` the same rows with
            each index replaced by the person's label.

        Raises
        ------
        commsim.InputError
            ``run`` out of range, or a complete-mixing graph (no edge list).
        """
        pairs = _core.edges(self._core, int(run))
        if not labels:
            return pairs
        import numpy as np

        return np.asarray(self.labels(run))[pairs]

    def labels(self, run: int = 0):
        """Each person's label in the graph that run ``run`` uses.

        People are in the graph's order: numeric order when every label is a
        whole number, else the order in which the file first names them.

        Parameters
        ----------
        run : int
            Position of the run in the experiment.

        Returns
        -------
        ndarray of int64 or ndarray of str, shape (people,)
            Whole-number labels as integers (generated graphs: the index).

        Raises
        ------
        commsim.InputError
            When ``run`` is out of range.
        """
        import numpy as np

        return np.asarray(_core.labels(self._core, int(run)))

    def people(self, run: int = 0):
        """The person attributes ``population.people`` gives, by label.

        Parameters
        ----------
        run : int
            Position of the run in the experiment.

        Returns
        -------
        pandas.DataFrame
            One row per person (indexed by label), one column per attribute
            given, NaN where a person's value is left to the model's draw;
            choices (``role``) as their index. Empty without a people file.
        """
        import pandas as pd

        return pd.DataFrame(_core.people(self._core, int(run)),
                            index=pd.Index(self.labels(run), name="label"))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._core, name)

    def __repr__(self) -> str:
        return (f"Scenario(name={self.name!r}, model={self.model!r}, runs={self.runs}, "
                f"days={self.days}, people={self.population_size})")


def models() -> list[str]:
    """Names of the registered models.

    Returns
    -------
    list of str
    """
    return list(_core.models())


def describe(model: str) -> dict:
    """A model's parameters, metrics and summaries, as ``commsim describe`` shows them.

    Parameters
    ----------
    model : str
        A name from :func:`models`.

    Returns
    -------
    dict
        ``name``, ``summary``, ``source``; ``params``, ``behaviour`` and
        ``population`` (lists of dicts: name, when, type, default, expected,
        choices, doc); ``metrics`` (name, unit, doc, axis, labels);
        ``summaries`` (name, unit, doc); ``headline`` (the summaries that
        answer the model's main question); ``objective`` (what a strategist
        optimises by default, or None: name, direction, parts as (summary,
        sign), explain, constraints, confidence, recorded); ``fixed_by_rule``
        (summary, value, rule: the summaries the model's rules fix at some
        design points).

    Raises
    ------
    commsim.ScenarioError
        Unknown model.
    """
    return _core.describe(model)
