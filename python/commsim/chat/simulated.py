"""A simulated community's events as a chat event stream (the round trip).

:func:`event_log` runs one run of a community scenario with its events
traced and returns them as the :class:`~commsim.chat.events.EventStream`
every chat reader returns, so a simulated community can be written out as a
chat export (:func:`~commsim.chat.eventlog.write_csv`) and measured by the
same code as a real one (:func:`commsim.observe`). The run is the one
:func:`commsim.run` gives for the same scenario and run number: tracing
draws no random numbers.

The mapping (docs/observed.md, "Round trip"):

- Simulated day ``d`` is the calendar day ``start + d`` (UTC). Day 0 holds
  the seed members' joins (cause ``created``), so it is the observed day 0.
- A day's events keep the order in which they happen in the model: posts
  (gather phase), then joins (admit), then leaves (roles). Event ``i`` of
  the ``n`` events of a day is at second ``floor((i + 1) x 86399 / n)`` of
  the day, so the day's last event is at 23:59:59: a reply, always to a
  thread started the same day, comes within 24 hours, and every post before
  the last day has its 24-hour answer window inside the log.
- Within a group's day, thread starters come before the replies (each reply
  names the row of the starter it answers). Ads are posts; posts removed by
  moderation were never seen and are absent.
- Authors are the people's indices in the population; the organizer's
  posts have the author ``population size`` (one past the last person).
  Joins are ``added`` (by the inviter, or by the organizer for a forced
  add) or ``link`` (a poster); leaves are ``self``.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

import numpy as np

from .. import _core
from .events import NO_AUTHOR, EventStream

_HOST = -2  # the organizer in the trace (commsim/event_trace.hpp)


def _day_start(start) -> int:
    if isinstance(start, datetime):
        start = start.date()
    if isinstance(start, str):
        start = date.fromisoformat(start)
    if not isinstance(start, date):
        raise TypeError(f"start must be a date or an ISO date string, got {type(start).__name__}")
    return int(datetime(start.year, start.month, start.day, tzinfo=timezone.utc).timestamp())


def seconds_within_days(day: np.ndarray) -> np.ndarray:
    """Second of the day of each event, spreading each day's events over the day in order.

    Parameters
    ----------
    day : numpy.ndarray
        Each event's day, non-decreasing.

    Returns
    -------
    numpy.ndarray of int64
        For event ``i`` of the ``n`` events of its day, ``floor((i + 1) x
        86399 / n)``: increasing within the day, the last one at 86399.
    """
    day = np.asarray(day, dtype=np.int64)
    if day.size == 0:
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, day[1:] != day[:-1]])
    counts = np.diff(np.r_[starts, day.size])
    index = np.arange(day.size) - np.repeat(starts, counts)
    return (index + 1) * 86399 // np.repeat(counts, counts)


def event_log(scenario, run: int = 0, *, start="2024-01-01") -> EventStream:
    """One run of a community scenario as a chat event stream.

    Parameters
    ----------
    scenario : commsim.Scenario or path
        A scenario of the ``community`` model (a file is loaded without
        overrides).
    run : int
        Which run (the row of :func:`commsim.run`'s results), 0 by default.
    start : str or datetime.date
        The calendar day of simulated day 0 (UTC).

    Returns
    -------
    EventStream
        Joins, leaves and posts with their reply targets, in time order;
        ``source`` is ``"simulated"``. See the module's documentation for
        how days, times, authors and causes are mapped.

    Raises
    ------
    commsim.InputError
        When the run does not exist.
    commsim.Error
        When the run fails.
    ValueError
        When the scenario's model records no chat events.
    TypeError
        When ``start`` is not a date.
    """
    from ..scenario import Scenario

    if not isinstance(scenario, Scenario):
        scenario = Scenario.load(os.fspath(scenario))
    if isinstance(run, bool) or not isinstance(run, (int, np.integer)) or run < 0:
        raise ValueError(f"run must be a whole number >= 0, got {run!r}")
    origin = _day_start(start)
    raw = _core.event_log(scenario._core, int(run))
    if raw["day"].size == 0:
        raise ValueError(f"the {scenario.model} model records no chat events (joins, leaves, "
                         "posts); event_log needs a community scenario")
    day = raw["day"].astype(np.int64)
    host = int(scenario.population_size)
    person = raw["person"].astype(np.int64)
    person[person == _HOST] = host
    by = raw["by"].astype(np.int64)
    by = np.where(by == _HOST, host, np.where(by < 0, NO_AUTHOR, by))
    return EventStream(
        time=origin + day * 86400 + seconds_within_days(day),
        author=person,
        kind=raw["kind"].astype(np.int8),
        reply_to=raw["reply_to"].astype(np.int64),
        cause=raw["cause"].astype(np.int8),
        by=by,
        source="simulated",
        replies_recorded=True,
        leaves_recorded=True,
        notes=(f"simulated by commsim: scenario {scenario.name!r}, run {int(run)}, day 0 on "
               f"{_iso(origin)}",),
    )


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).date().isoformat()
