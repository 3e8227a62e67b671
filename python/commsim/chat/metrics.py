"""Observed community metrics, computed once from an event stream.

Every reader gives an :class:`~commsim.chat.events.EventStream`; this module
turns one into the figures the community model reports, by calendar day
(UTC, or in ``tz``) from the day of the first event (day 0) to the day of
the last, so that observed and simulated runs can be compared. Everything is
vectorised over events; nothing loops over days or people in Python.

Definitions (the model's where it has the figure, see
``models/community/metrics.cpp`` and ``metric_decls.cpp``):

Membership
    A person is a member after a join or a post and stops being one after a
    leave. So an author who posts without a recorded join counts as a
    member from their first post (people who were members before the export
    starts are invisible until they post), and a post after a leave makes
    the author a member again. A leave by someone not known to be a member
    changes nothing. ``members`` is counted at the end of each day.
Active
    A member is active on day d when they posted on days d-6 .. d (the
    model's seven-day window).
Reply, answered
    A reply is a post with a reply target. A post is answered when another
    author replies to it within ``answer_hours`` (24) of it; replies by the
    author themselves do not count. Posts less than ``answer_hours`` before
    the last event are left out of the answered shares (their window is not
    observed). When the format records no replies (WhatsApp text), every
    reply-based figure is NaN.
Newcomers
    Each author's first post. Answered by the *any* rule: another author
    replied, within ``answer_hours`` of the first post, to any post of
    theirs; by the *strict* rule: another author replied to the first post
    itself within ``strict_hours`` (24; None for no time limit). Returned:
    they posted again on a later calendar day at most ``return_days`` (30)
    calendar days after the first post's day; authors whose first post is
    less than ``return_days`` days before the last day are left out of the
    return shares. ``since`` keeps only first posts at or after a date.
Participation inequality
    Posts per person: top 1% / 10% share = posts of the ceil(share x n)
    people with most posts over all posts; Gini = sum (2i - n - 1) x_i /
    (n sum x) with x increasing and i from 1. Over posting authors
    (``posts_*``), and over everyone who was ever a member
    (``posts_*_ever_members``: everyone who joined or posted, zeros
    included), which is the model's population for its ``posts_*``.
Retention
    The model's ``retention_30/90/180``: of the people whose first recorded
    join is on days 1-30, the share who are members at the end of day
    30/90/180 (NaN when the stream ends before, or when the source records
    no leaves: then membership retention would be 1 by construction).
    ``retention_active_*``: the same cohort's share who posted on days
    k-29 .. k. The ``cohorts`` table does the same per calendar month of
    first join, with k days counted from each person's own join day.
Sign-ups
    People with a recorded join. ``sign_ups_posting_share``: share who ever
    post; ``..._30d``: whose first post is at or after their first join and
    at most 30 days (of 24 hours) after it; the median delay is over sign-ups
    whose first post is at or after their first join.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .events import JOIN, LEAVE, POST, EventStream, local_to_utc, utc_to_local, zone

ACTIVE_WINDOW = 7
RETENTION_DAYS = (30, 90, 180)
COHORT_LAST_DAY = 30

TIMESERIES = {
    "members": ("people", "members at the end of the day (joined or posted, and not left since)"),
    "joins": ("people", "recorded joins that day"),
    "leaves": ("people", "recorded leaves that day"),
    "posts": ("messages", "posts that day"),
    "authors": ("people", "distinct authors who posted that day"),
    "new_authors": ("people", "authors whose first post was that day"),
    "active_share": ("share", "share of members who posted in the last 7 days"),
    "reply_share": ("share", "share of that day's posts that reply to another post"),
    "unanswered_share": ("share", "share of that day's thread starters (posts that are not "
                                  "replies) that got no reply from someone else within 24 h"),
}

SUMMARY = {
    "people": ("people", "everyone who joined or posted (ever a member)"),
    "posting_authors": ("people", "people with at least one post"),
    "posts_total": ("messages", "posts over the log"),
    "replies_total": ("messages", "posts that reply to another post"),
    "joins_total": ("people", "recorded joins over the log"),
    "churns_total": ("people", "recorded leaves over the log"),
    "members_final": ("people", "members at the end of the last day"),
    "members_peak": ("people", "most members at the end of any day"),
    "active_share_final": ("share", "share of members who posted in the last 7 days, last day"),
    "authors_daily_mean": ("people", "mean of distinct authors per day"),
    "days_without_posts_share": ("share", "share of days without a post"),
    "posts_top1_share": ("share", "share of posts by the top 1% of posting authors"),
    "posts_top10_share": ("share", "share of posts by the top 10% of posting authors"),
    "posts_gini": ("gini", "Gini coefficient of posts among posting authors"),
    "posts_top1_share_ever_members": ("share", "share of posts by the top 1% of everyone who "
                                               "was ever a member (the model's posts_top1_share)"),
    "posts_top10_share_ever_members": ("share", "share of posts by the top 10% of everyone who "
                                                "was ever a member (the model's "
                                                "posts_top10_share)"),
    "posts_gini_ever_members": ("gini", "Gini coefficient of posts among everyone who was ever "
                                        "a member (the model's posts_gini)"),
    "single_post_author_share": ("share", "share of posting authors with exactly one post"),
    "author_return_share": ("share", "share of all posting authors who posted again on a later "
                                     "day within 30 days of their first post (since not applied)"),
    "newcomers": ("people", "authors whose first post is at or after `since`"),
    "newcomer_answered_share": ("share", "newcomers whose posts got a reply from someone else "
                                         "within 24 h of their first post (any rule)"),
    "newcomer_answered_strict_share": ("share", "newcomers whose first post itself got a reply "
                                                "from someone else (strict rule)"),
    "newcomer_return_share": ("share", "newcomers who posted again on a later day within 30 "
                                       "days"),
    "newcomer_return_share_answered": ("share", "return share of newcomers answered (any rule)"),
    "newcomer_return_share_unanswered": ("share", "return share of newcomers not answered (any "
                                                  "rule)"),
    "newcomer_return_share_answered_strict": ("share", "return share of newcomers answered "
                                                       "(strict rule)"),
    "newcomer_return_share_unanswered_strict": ("share", "return share of newcomers not "
                                                         "answered (strict rule)"),
    "sign_ups": ("people", "people with a recorded join"),
    "sign_ups_posting_share": ("share", "share of sign-ups who ever post"),
    "sign_ups_posting_share_30d": ("share", "share of sign-ups whose first post is within 30 "
                                            "days after their first join"),
    # "day", not "days": xarray would decode a "days" unit as timedeltas.
    "join_to_first_post_median_days": ("day", "median time from first join to first post, "
                                               "over sign-ups who post after joining"),
}
for _k in RETENTION_DAYS:
    SUMMARY[f"retention_{_k}"] = (
        "share", f"of the people who joined on days 1-30, the share who are members on day {_k} "
                 "(NaN when no leaves are recorded)")
for _k in RETENTION_DAYS:
    SUMMARY[f"retention_active_{_k}"] = (
        "share", f"of the people who joined on days 1-30, the share who posted on days "
                 f"{_k - 29}-{_k}")


@dataclass(frozen=True, eq=False)
class ObservedMetrics:
    """Observed metrics of one community, in the model's names and units.

    Attributes
    ----------
    timeseries : dict of str to numpy.ndarray
        Daily figures, each of shape ``(days,)``; day 0 is ``start``.
    summary : dict of str to float
        Figures over the whole log (NaN where undefined).
    start : datetime.date
        The calendar day of the first event (day 0), in ``tz``.
    days : int
        Number of days, from the first event's to the last event's.
    tz : str
        The zone of the calendar days (``UTC`` unless one was given).
    cohorts : pandas.DataFrame
        One row per calendar month of first recorded join: ``joined``, and
        for k in 30, 90, 180 days after each person's join ``observed_k``
        (people whose day k is in the log), ``still_member_k`` and
        ``still_active_k`` (posted in the 30 days up to day k), as shares
        of ``observed_k``.
    units : dict of str to str
        Unit of every time series and summary.
    docs : dict of str to str
        One line on every time series and summary.
    notes : tuple of str
        What limits the figures (no replies, no leaves ...).
    """

    timeseries: dict[str, np.ndarray]
    summary: dict[str, float]
    start: date
    days: int
    tz: str
    cohorts: pd.DataFrame
    units: dict[str, str] = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (f"ObservedMetrics(start={self.start.isoformat()}, days={self.days}, "
                f"tz={self.tz!r}, timeseries={sorted(self.timeseries)}, "
                f"summary={len(self.summary)} figures)")


def _share(numerator, denominator):
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1),
                        np.nan)


def _mean(mask: np.ndarray, within: np.ndarray) -> float:
    n = int(np.count_nonzero(within))
    return float(np.count_nonzero(mask & within) / n) if n else math.nan


def inequality(posts: np.ndarray) -> tuple[float, float, float]:
    """Top-1% share, top-10% share and Gini of posts per person, as the model computes them.

    Parameters
    ----------
    posts : numpy.ndarray
        Posts per person (zeros allowed).

    Returns
    -------
    tuple of float
        ``(top1, top10, gini)``: posts of the ceil(share x n) people with
        most posts over all posts, and sum (2i - n - 1) x_i / (n sum x) with
        x increasing and i from 1; NaN when there are no posts.
    """
    x = np.sort(np.asarray(posts, dtype=float))
    n, total = x.size, float(x.sum())
    if n == 0 or total <= 0:
        return math.nan, math.nan, math.nan
    descending = x[::-1]

    def top(share: float) -> float:
        return float(descending[:math.ceil(share * n)].sum() / total)

    rank = np.arange(1, n + 1, dtype=float)
    gini = float(((2 * rank - n - 1) * x).sum() / (n * total))
    return top(0.01), top(0.10), gini


def _instant(since, tz: str | None) -> int:
    try:
        stamp = pd.Timestamp(since)
    except (ValueError, TypeError) as error:
        raise ValueError(f"since: {since!r} is not a date (expected YYYY-MM-DD)") from error
    if pd.isna(stamp):
        raise ValueError(f"since: {since!r} is not a date (expected YYYY-MM-DD)")
    if stamp.tzinfo is None:
        local = stamp.value // 10**9
        return int(local_to_utc(np.array([local], np.int64), tz)[0])
    return int(stamp.value // 10**9)


def _group_fill(values: np.ndarray, groups: np.ndarray, forward: bool) -> np.ndarray:
    """Index of the nearest True at or before (forward) / at or after each position, same group.

    ``values`` is a boolean mask over positions sorted by group; -1 where none.
    """
    n = values.size
    positions = np.arange(n)
    if forward:
        nearest = np.maximum.accumulate(np.where(values, positions, -1))
    else:
        nearest = np.minimum.accumulate(np.where(values, positions, n)[::-1])[::-1]
    ok = (nearest >= 0) & (nearest < n)
    ok[ok] = groups[nearest[ok]] == groups[ok]
    return np.where(ok, nearest, -1)


def observe(events: EventStream, *, tz: str | None = None, since=None,
            answer_hours: float = 24, strict_hours: float | None = 24,
            return_days: int = 30) -> ObservedMetrics:
    """Compute the observed community metrics of an event stream.

    Parameters
    ----------
    events : EventStream
        Events from any reader.
    tz : str, optional
        IANA zone whose calendar days the daily figures use; UTC when
        omitted.
    since : str, date or datetime, optional
        Keep only newcomers whose first post is at or after this instant (a
        date or a time without zone is read in ``tz``); all when omitted.
    answer_hours : float
        How soon a reply must come for a post to count as answered.
    strict_hours : float or None
        The same for the strict newcomer rule (a reply to the first post
        itself); None for no time limit.
    return_days : int
        Calendar days after the first post within which a later post counts
        as a return.

    Returns
    -------
    ObservedMetrics
        Daily time series, summary figures, monthly join cohorts, units,
        one-line docs and notes; see the module's documentation for the
        exact definitions.

    Raises
    ------
    TypeError
        When ``events`` is not an :class:`EventStream`.
    ValueError
        When the stream is empty.
    commsim.InputError
        When ``tz`` is not a known zone.
    """
    if not isinstance(events, EventStream):
        raise TypeError(f"events must be an EventStream, got {type(events).__name__}")
    n = len(events)
    if n == 0:
        raise ValueError("no events")
    zone(tz)
    t, kind, reply_to = events.time, events.kind, events.reply_to
    local_day = utc_to_local(t, tz) // 86400
    first_day = int(local_day.min())
    day = local_day - first_day
    days = int(day.max()) + 1
    t_end = int(t.max())
    person, persons = pd.factorize(events.author, sort=False)
    people = persons.size
    is_post, is_join, is_leave = kind == POST, kind == JOIN, kind == LEAVE
    notes = list(events.notes)
    answer_s = answer_hours * 3600.0

    # Events grouped by person, in time order within each person.
    order = np.lexsort((np.arange(n), day, person))
    p_sorted, d_sorted = person[order], day[order]
    state = (kind[order] != LEAVE).astype(np.int8)
    first_of_person = np.ones(n, bool)
    first_of_person[1:] = p_sorted[1:] != p_sorted[:-1]
    previous = np.zeros(n, np.int8)
    previous[1:] = state[:-1]
    previous[first_of_person] = 0
    change = state - previous
    members = np.cumsum(np.bincount(d_sorted, weights=change, minlength=days)).round()
    members = members.astype(np.int64)

    post_rows = np.flatnonzero(is_post)
    posts = np.bincount(day[post_rows], minlength=days)
    joins = np.bincount(day[is_join], minlength=days)
    leaves = np.bincount(day[is_leave], minlength=days)

    # Distinct (person, day) pairs with a post, sorted by person then day.
    width = days + 1
    post_key = np.unique(person[post_rows].astype(np.int64) * width + day[post_rows])
    pk_person, pk_day = post_key // width, post_key % width
    authors = np.bincount(pk_day, minlength=days)
    first_pair = np.ones(post_key.size, bool)
    first_pair[1:] = pk_person[1:] != pk_person[:-1]
    new_authors = np.bincount(pk_day[first_pair], minlength=days)

    # Active: a post on day p makes its author active on p .. p+6, up to their next post day.
    next_day = np.full(post_key.size, days + ACTIVE_WINDOW, np.int64)
    same = pk_person[1:] == pk_person[:-1]
    next_day[:-1][same] = pk_day[1:][same]
    end = np.minimum(pk_day + ACTIVE_WINDOW, next_day)
    delta = np.zeros(days + ACTIVE_WINDOW + 1, np.int64)
    np.add.at(delta, pk_day, 1)
    np.add.at(delta, end, -1)
    # ... less those who left after their last post and are not members at the day's end.
    gone = np.flatnonzero(change == -1)
    if gone.size:
        last_post = _group_fill(kind[order] == POST, p_sorted, forward=True)[gone]
        back = _group_fill(change == 1, p_sorted, forward=False)
        # the person's next re-entry strictly after the leave
        following = np.minimum(gone + 1, n - 1)
        after = np.where((gone + 1 < n) & (p_sorted[following] == p_sorted[gone]),
                         back[following], -1)
        has_post = last_post >= 0
        leave_day = d_sorted[gone]
        active_until = np.where(has_post, d_sorted[np.maximum(last_post, 0)] + ACTIVE_WINDOW,
                                leave_day)
        rejoin_day = np.where(after >= 0, d_sorted[np.maximum(after, 0)], days + ACTIVE_WINDOW)
        stop = np.minimum(active_until, rejoin_day)
        keep = has_post & (stop > leave_day)
        np.add.at(delta, leave_day[keep], -1)
        np.add.at(delta, stop[keep], 1)
    active_members = np.cumsum(delta)[:days]
    active_share = _share(active_members, members)

    # Replies and answers.
    replies = np.flatnonzero(reply_to >= 0)
    target = reply_to[replies]
    other = events.author[replies] != events.author[target]
    gap = t[replies] - t[target]
    answered = np.zeros(n, bool)
    answered[target[other & (gap <= answer_s)]] = True
    starters = is_post & (reply_to < 0)
    window_seen = t + answer_s <= t_end
    if events.replies_recorded:
        reply_share = _share(np.bincount(day[replies], minlength=days), posts)
        counted = starters & window_seen
        unanswered_share = _share(np.bincount(day[counted & ~answered], minlength=days),
                                  np.bincount(day[counted], minlength=days))
    else:
        reply_share = np.full(days, np.nan)
        unanswered_share = np.full(days, np.nan)
        notes.append("the format records no replies: reply, answer and newcomer-answer "
                     "figures are NaN")

    # Newcomers: each author's first post.
    first_post = np.full(people, -1, np.int64)
    who, at = np.unique(person[post_rows], return_index=True)
    first_post[who] = post_rows[at]
    posted = first_post >= 0
    fp_rows = first_post[posted]
    fp_time = np.full(people, 0, np.int64)
    fp_time[posted] = t[fp_rows]
    fp_day = np.full(people, -1, np.int64)
    fp_day[posted] = day[fp_rows]
    second_day = np.full(people, days + return_days + 1, np.int64)
    second_pair = np.flatnonzero(~first_pair)
    second_pair = second_pair[first_pair[second_pair - 1]]  # the second distinct post day
    second_day[pk_person[second_pair]] = pk_day[second_pair]
    returned = posted & (second_day - fp_day <= return_days)
    return_seen = posted & (fp_day + return_days <= days - 1)

    target_person = person[target]
    valid = other & (target >= 0)
    since_reply = t[replies] - fp_time[target_person]
    answered_any = np.zeros(people, bool)
    answered_any[target_person[valid & (since_reply <= answer_s)]] = True
    strict = valid & (target == first_post[target_person])
    if strict_hours is not None:
        strict &= since_reply <= strict_hours * 3600.0
    answered_strict = np.zeros(people, bool)
    answered_strict[target_person[strict]] = True
    answer_seen = posted & (fp_time + answer_s <= t_end)
    strict_seen = posted & ((fp_time + strict_hours * 3600.0 <= t_end) if strict_hours is not None
                            else True)

    newcomer = posted.copy()
    if since is not None:
        newcomer &= fp_time >= _instant(since, tz)
    nan = math.nan
    rec = events.replies_recorded

    # Participation inequality.
    counts = np.bincount(person[post_rows], minlength=people)
    top1, top10, gini = inequality(counts[counts > 0])
    top1_all, top10_all, gini_all = inequality(counts)

    # Sign-ups and the cohort of days 1-30.
    join_rows = np.flatnonzero(is_join)
    first_join = np.full(people, -1, np.int64)
    who, at = np.unique(person[join_rows], return_index=True)
    first_join[who] = join_rows[at]
    signed = first_join >= 0
    delay = np.full(people, np.nan)
    both = signed & posted
    delay[both] = (fp_time[both] - t[first_join[both]]) / 86400.0
    after_join = both & (delay >= 0)
    j_day = np.full(people, -1, np.int64)
    j_day[signed] = day[first_join[signed]]

    keys = p_sorted.astype(np.int64) * width + d_sorted

    def member_at(who: np.ndarray, when: np.ndarray) -> np.ndarray:
        """Whether each person is a member at the end of the given day."""
        at = np.searchsorted(keys, who.astype(np.int64) * width + when, side="right") - 1
        ok = at >= 0
        ok[ok] = p_sorted[at[ok]] == who[ok]
        return ok & (state[np.maximum(at, 0)] == 1)

    def posted_between(who: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Whether each person posted on a day in lo .. hi."""
        base = who.astype(np.int64) * width
        return (np.searchsorted(post_key, base + hi, side="right")
                > np.searchsorted(post_key, base + np.maximum(lo, 0), side="left"))

    cohort = np.flatnonzero(signed & (j_day >= 1) & (j_day <= COHORT_LAST_DAY))
    retention, retention_active = {}, {}
    for k in RETENTION_DAYS:
        seen = k <= days - 1 and cohort.size > 0
        when = np.full(cohort.size, k)
        retention[k] = (float(member_at(cohort, when).mean())
                        if seen and events.leaves_recorded else nan)
        retention_active[k] = (float(posted_between(cohort, when - 29, when).mean())
                               if seen else nan)
    if not events.leaves_recorded:
        notes.append("the source records no leaves, so membership retention would be 1 by "
                     "construction: retention_* and the cohorts' still_member_* are NaN; "
                     "retention_active_* measure activity instead")

    cohorts = _cohorts(signed, j_day, first_day, days, member_at, posted_between,
                       events.leaves_recorded)

    timeseries = {
        "members": members, "joins": joins, "leaves": leaves, "posts": posts,
        "authors": authors, "new_authors": new_authors, "active_share": active_share,
        "reply_share": reply_share, "unanswered_share": unanswered_share,
    }
    summary = {
        "people": float(people),
        "posting_authors": float(posted.sum()),
        "posts_total": float(post_rows.size),
        "replies_total": float(replies.size) if rec else nan,
        "joins_total": float(join_rows.size),
        "churns_total": float(np.count_nonzero(is_leave)),
        "members_final": float(members[-1]),
        "members_peak": float(members.max()),
        "active_share_final": float(active_share[-1]),
        "authors_daily_mean": float(authors.mean()),
        "days_without_posts_share": float(np.mean(posts == 0)),
        "posts_top1_share": top1, "posts_top10_share": top10, "posts_gini": gini,
        "posts_top1_share_ever_members": top1_all,
        "posts_top10_share_ever_members": top10_all,
        "posts_gini_ever_members": gini_all,
        "single_post_author_share": _mean(counts == 1, posted),
        "author_return_share": _mean(returned, return_seen),
        "newcomers": float(newcomer.sum()),
        "newcomer_answered_share": _mean(answered_any, newcomer & answer_seen) if rec else nan,
        "newcomer_answered_strict_share": (_mean(answered_strict, newcomer & strict_seen)
                                           if rec else nan),
        "newcomer_return_share": _mean(returned, newcomer & return_seen),
        "newcomer_return_share_answered": (
            _mean(returned, newcomer & return_seen & answer_seen & answered_any) if rec else nan),
        "newcomer_return_share_unanswered": (
            _mean(returned, newcomer & return_seen & answer_seen & ~answered_any)
            if rec else nan),
        "newcomer_return_share_answered_strict": (
            _mean(returned, newcomer & return_seen & strict_seen & answered_strict)
            if rec else nan),
        "newcomer_return_share_unanswered_strict": (
            _mean(returned, newcomer & return_seen & strict_seen & ~answered_strict)
            if rec else nan),
        "sign_ups": float(signed.sum()),
        "sign_ups_posting_share": _mean(posted, signed),
        "sign_ups_posting_share_30d": _mean(after_join & (delay <= 30), signed),
        "join_to_first_post_median_days": (float(np.median(delay[after_join]))
                                           if after_join.any() else nan),
    }
    for k in RETENTION_DAYS:
        summary[f"retention_{k}"] = retention[k]
    for k in RETENTION_DAYS:
        summary[f"retention_active_{k}"] = retention_active[k]

    units = {name: unit for name, (unit, _) in {**TIMESERIES, **SUMMARY}.items()}
    docs = {name: doc for name, (_, doc) in {**TIMESERIES, **SUMMARY}.items()}
    start = date(1970, 1, 1) + timedelta(days=first_day)
    return ObservedMetrics(timeseries=timeseries, summary=summary, start=start, days=days,
                           tz=tz or "UTC", cohorts=cohorts, units=units, docs=docs,
                           notes=tuple(notes))


def _cohorts(signed, j_day, first_day, days, member_at, posted_between,
             leaves_recorded) -> pd.DataFrame:
    who = np.flatnonzero(signed)
    month = (np.datetime64("1970-01-01") + (first_day + j_day[who]).astype("timedelta64[D]"))
    month = month.astype("datetime64[M]")
    columns = {"month": month}
    for k in RETENTION_DAYS:
        when = j_day[who] + k
        seen = when <= days - 1
        columns[f"observed_{k}"] = seen
        columns[f"member_{k}"] = seen & member_at(who, when)
        columns[f"active_{k}"] = seen & posted_between(who, when - 29, when)
    frame = pd.DataFrame(columns)
    table = frame.groupby("month").sum()
    out = pd.DataFrame({"joined": frame.groupby("month").size()})
    for k in RETENTION_DAYS:
        out[f"observed_{k}"] = table[f"observed_{k}"]
        member = _share(table[f"member_{k}"], table[f"observed_{k}"])
        out[f"still_member_{k}"] = member if leaves_recorded else np.nan
        out[f"still_active_{k}"] = _share(table[f"active_{k}"], table[f"observed_{k}"])
    out.index = out.index.strftime("%Y-%m") if len(out) else out.index
    out.index.name = "month"
    return out.reset_index()

