"""The event stream every chat-export reader returns.

One row per event, in time order: when (UTC seconds), who (a salted
pseudonym), what (post, join or leave), which post it replies to (a row of
the same stream, or -1) and, for joins and leaves, how it came about and who
caused it when the export says so. Nothing else of the export is kept: no
message text, no names, no phone numbers, no message ids.

Pseudonyms are made while reading: HMAC-SHA256 of the author's key in the
export (a Telegram user id, a WhatsApp display name or number, a CSV author
column) under a salt, truncated to 63 bits. The salt is random for every read
unless one is given; the same salt gives the same pseudonyms, so two exports
of one community read with one salt can be joined, and a test can fix them.
The salt is not kept, so a pseudonym cannot be checked against a guessed name
from the stream alone.

The helpers here are shared by the readers: strict UTF-8 decoding with line
numbers, and local-time to UTC conversion through ``zoneinfo``.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Iterator, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from .._core import InputError

#: Event kinds, as stored in :attr:`EventStream.kind`.
POST, JOIN, LEAVE = 0, 1, 2
KINDS = ("post", "join", "leave")

#: How a join or leave came about, as stored in :attr:`EventStream.cause`:
#: ``unknown`` (not said, and every post), ``self`` (joined or left on their
#: own), ``added`` (added or invited by someone), ``link`` (an invite link),
#: ``request`` (a join request that was approved), ``created`` (a founding
#: member when the group was created), ``removed`` (removed by someone).
CAUSES = ("unknown", "self", "added", "link", "request", "created", "removed")
CAUSE = {name: code for code, name in enumerate(CAUSES)}

NO_AUTHOR = -1


class ChatWarning(UserWarning):
    """Something in an export that was read but deserves a look (times out of order)."""


@dataclass(frozen=True, eq=False, repr=False)
class EventStream:
    """Events of one chat in time order, columnar; authors pseudonymous.

    Attributes
    ----------
    time : numpy.ndarray of int64
        UTC seconds since 1970-01-01, non-decreasing.
    author : numpy.ndarray of int64
        The salted pseudonym of who posted, joined or left (non-negative).
    kind : numpy.ndarray of int8
        ``POST`` (0), ``JOIN`` (1) or ``LEAVE`` (2); names in ``KINDS``.
    reply_to : numpy.ndarray of int64
        For a post that replies to another, the row of that post in this
        stream; else -1. Always a post, never the row itself.
    cause : numpy.ndarray of int8
        For joins and leaves, how it came about (``CAUSES``); 0 when unknown.
    by : numpy.ndarray of int64
        For joins and leaves, the pseudonym of who added, invited or removed
        them when the export says so; else -1.
    source : str
        The format read (``telegram``, ``whatsapp``, ``csv``).
    tz : str or None
        The zone in which the export's local times were read, if it had any.
    replies_recorded : bool
        Whether the format can record replies at all (WhatsApp text cannot).
    leaves_recorded : bool
        Whether the source records leaves (False for a log with none, such as
        a Slack workspace, where nobody can be seen to leave).
    notes : tuple of str
        What the reader skipped or assumed, with counts (never names or text).
    """

    time: np.ndarray
    author: np.ndarray
    kind: np.ndarray
    reply_to: np.ndarray
    cause: np.ndarray
    by: np.ndarray
    source: str
    tz: str | None = None
    replies_recorded: bool = True
    leaves_recorded: bool = True
    notes: tuple[str, ...] = field(default=())

    def __len__(self) -> int:
        return int(self.time.size)

    def __repr__(self) -> str:
        counts = np.bincount(self.kind, minlength=3) if len(self) else np.zeros(3, int)
        span = ""
        if len(self):
            first = datetime.fromtimestamp(int(self.time[0]), timezone.utc)
            last = datetime.fromtimestamp(int(self.time[-1]), timezone.utc)
            span = f", {first:%Y-%m-%dT%H:%M:%SZ} to {last:%Y-%m-%dT%H:%M:%SZ}"
        return (f"EventStream(source={self.source!r}, events={len(self)}, posts={counts[POST]}, "
                f"joins={counts[JOIN]}, leaves={counts[LEAVE]}, "
                f"people={np.unique(self.author).size}{span})")

    def to_frame(self) -> pd.DataFrame:
        """The events as a DataFrame, one row per event.

        Returns
        -------
        pandas.DataFrame
            Columns ``time`` (UTC, datetime64), ``author``, ``kind``,
            ``reply_to``, ``cause`` and ``by``; ``kind`` and ``cause`` are
            categoricals with the names in ``KINDS`` and ``CAUSES``.
        """
        return pd.DataFrame({
            "time": pd.to_datetime(self.time, unit="s", utc=True),
            "author": self.author,
            "kind": pd.Categorical.from_codes(self.kind, KINDS),
            "reply_to": self.reply_to,
            "cause": pd.Categorical.from_codes(self.cause, CAUSES),
            "by": self.by,
        })


def salt_bytes(salt: str | bytes | None) -> bytes:
    """The salt for pseudonyms: the one given, or 32 random bytes.

    Parameters
    ----------
    salt : str, bytes or None
        A fixed salt (text is encoded as UTF-8), or None for a random one.

    Returns
    -------
    bytes
        The key for HMAC-SHA256.

    Raises
    ------
    TypeError
        When ``salt`` is neither text, bytes nor None.
    """
    if salt is None:
        return os.urandom(32)
    if isinstance(salt, str):
        return salt.encode("utf-8")
    if isinstance(salt, (bytes, bytearray)):
        return bytes(salt)
    raise TypeError(f"salt must be str, bytes or None, got {type(salt).__name__}")


def pseudonyms(keys: Iterable[str], key: bytes) -> np.ndarray:
    """Salted pseudonyms for author keys: the first 63 bits of HMAC-SHA256.

    Parameters
    ----------
    keys : iterable of str
        Distinct author keys as the export names them.
    key : bytes
        The salt (see :func:`salt_bytes`).

    Returns
    -------
    numpy.ndarray of int64
        One non-negative pseudonym per key, in the same order.
    """
    out = [int.from_bytes(hmac.new(key, k.encode("utf-8"), hashlib.sha256).digest()[:8], "big")
           & 0x7FFF_FFFF_FFFF_FFFF for k in keys]
    return np.array(out, dtype=np.int64)


def build_stream(*, time: np.ndarray, author: Sequence[str], kind: np.ndarray,
                 reply_to: np.ndarray, cause: np.ndarray | None = None,
                 by: Sequence[str | None] | None = None, salt: str | bytes | None,
                 source: str, path: Path, tz: str | None = None,
                 replies_recorded: bool = True, leaves_recorded: bool = True,
                 notes: Sequence[str] = ()) -> EventStream:
    """Pseudonymise, sort by time (stably) and assemble an :class:`EventStream`.

    Parameters
    ----------
    time : numpy.ndarray of int64
        UTC seconds, in the export's order.
    author : sequence of str
        Author keys as the export names them (dropped after hashing).
    kind : numpy.ndarray
        ``POST``, ``JOIN`` or ``LEAVE`` per event.
    reply_to : numpy.ndarray of int64
        Row (in the export's order) of the post replied to, or -1. Readers
        check the targets and say where a bad one is; here they are only
        asserted.
    cause : numpy.ndarray, optional
        Codes from ``CAUSES``; all unknown when omitted.
    by : sequence of str or None, optional
        Key of who caused a join or leave, or None.
    salt : str, bytes or None
        Salt for the pseudonyms; random when None.
    source : str
        The format's name.
    path : pathlib.Path
        The export, for the message about times out of order.
    tz : str, optional
        The zone its local times were read in.
    replies_recorded, leaves_recorded : bool
        What the format can record.
    notes : sequence of str
        The reader's notes.

    Returns
    -------
    EventStream
        The events sorted by time; equal times keep the export's order.

    Raises
    ------
    ValueError
        When the columns differ in length or a reply target is not a post.
    """
    n = len(time)
    kind = np.asarray(kind, dtype=np.int8)
    reply_to = np.asarray(reply_to, dtype=np.int64)
    cause = np.zeros(n, np.int8) if cause is None else np.asarray(cause, dtype=np.int8)
    if not (len(author) == kind.size == reply_to.size == cause.size == n) or (
            by is not None and len(by) != n):
        raise ValueError("event columns differ in length")
    rows = np.flatnonzero(reply_to >= 0)
    if rows.size and (np.any(reply_to[rows] >= n) or np.any(reply_to[rows] == rows)
                      or np.any(kind[reply_to[rows]] != POST) or np.any(kind[rows] != POST)):
        raise ValueError("reply targets must be other posts")

    codes, uniques = pd.factorize(pd.Series(author, dtype=object), sort=False)
    key = salt_bytes(salt)
    ids = pseudonyms(uniques, key)
    author_id = ids[codes]
    by_id = np.full(n, NO_AUTHOR, np.int64)
    if by is not None:
        by_series = pd.Series(by, dtype=object)
        known = by_series.notna().to_numpy()
        if known.any():
            by_codes, by_uniques = pd.factorize(by_series[known], sort=False)
            by_id[known] = pseudonyms(by_uniques, key)[by_codes]
    del key

    time = np.asarray(time, dtype=np.int64)
    notes = list(notes)
    backwards = int(np.count_nonzero(np.diff(time) < 0))
    if backwards:
        order = np.argsort(time, kind="stable")
        message = (f"{path}: {backwards} event(s) earlier than the event before them; "
                   "sorted by time (stable)")
        warnings.warn(message, ChatWarning, stacklevel=3)
        notes.append(f"{backwards} event(s) out of time order, sorted by time (stable)")
        position = np.empty(n, np.int64)
        position[order] = np.arange(n)
        reply_to = np.where(reply_to >= 0, position[np.maximum(reply_to, 0)], -1)[order]
        time, author_id, kind, cause, by_id = (a[order] for a in (time, author_id, kind,
                                                                     cause, by_id))
    return EventStream(time=time, author=author_id, kind=kind, reply_to=reply_to, cause=cause,
                       by=by_id, source=source, tz=tz, replies_recorded=replies_recorded,
                       leaves_recorded=leaves_recorded, notes=tuple(notes))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a reader builds many small objects.

    Readers make millions of short-lived dicts and strings and no cycles;
    the collector's passes over them cost more than the parsing.

    Yields
    ------
    None
        While paused.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- text ------------------------------------------------------------------

def line_of(data: bytes, offset: int) -> int:
    """The 1-based line number of a byte offset.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    offset : int
        A byte offset into them.

    Returns
    -------
    int
        Its line number.
    """
    return data.count(b"\n", 0, offset) + 1


def decode_utf8(data: bytes, path: Path) -> str:
    """Strict UTF-8 decoding (a leading byte-order mark is dropped).

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : pathlib.Path
        The file, for the error message.

    Returns
    -------
    str
        The text.

    Raises
    ------
    commsim.InputError
        At the first byte that is not UTF-8, with its line and column.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = line_of(data, err.start)
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError(f"{path}:{line}:{column}: invalid UTF-8 (byte 0x{data[err.start]:02x}); "
                         "exports are UTF-8 text") from None
    return text[1:] if text.startswith("\ufeff") else text


def read_bytes(path: str | os.PathLike[str]) -> tuple[Path, bytes]:
    """The path, checked, and the file's bytes.

    Parameters
    ----------
    path : str or path-like
        The export.

    Returns
    -------
    tuple of (pathlib.Path, bytes)
        The path and the file's content.

    Raises
    ------
    TypeError
        When ``path`` is not a path.
    FileNotFoundError
        When there is no such file.
    """
    p = check_path(path)
    return p, p.read_bytes()


def check_path(path: str | os.PathLike[str]) -> Path:
    """The path as a :class:`pathlib.Path`, checked to be a file.

    Parameters
    ----------
    path : str or path-like
        The export.

    Returns
    -------
    pathlib.Path
        The path.

    Raises
    ------
    TypeError
        When ``path`` is not a path.
    FileNotFoundError
        When there is no such file.
    IsADirectoryError
        When the path is a folder.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or path-like, got {type(path).__name__}")
    p = Path(path)
    if p.is_dir():
        raise IsADirectoryError(f"{p}: a folder, not a chat export (give the export file "
                                "itself, such as result.json or _chat.txt)")
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file")
    return p


# --- time ------------------------------------------------------------------

_BUCKET = 900  # every UTC offset in use changes on a quarter hour


def zone(tz: str | None) -> ZoneInfo | None:
    """The IANA zone named ``tz``, or None for UTC.

    Parameters
    ----------
    tz : str or None
        An IANA name such as ``Europe/Berlin``; None or ``UTC`` for UTC.

    Returns
    -------
    zoneinfo.ZoneInfo or None
        The zone, or None when it is UTC.

    Raises
    ------
    commsim.InputError
        When no zone has that name.
    """
    if tz is None or tz in ("UTC", "Etc/UTC", "Z"):
        return None
    if not isinstance(tz, str):
        raise TypeError(f"tz must be an IANA zone name (str), got {type(tz).__name__}")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"unknown time zone {tz!r}: expected an IANA name such as "
                         "'Europe/Berlin' or 'America/New_York'") from None


def _offsets(buckets: np.ndarray, offset_of) -> np.ndarray:
    unique, inverse = np.unique(buckets, return_inverse=True)
    offsets = np.array([offset_of(int(b) * _BUCKET) for b in unique], dtype=np.int64)
    return offsets[inverse]


_EPOCH = datetime(1970, 1, 1)


def local_to_utc(local: np.ndarray, tz: str | None) -> np.ndarray:
    """Wall-clock seconds in ``tz`` (as if UTC) to UTC seconds.

    A wall time that occurs twice (the hour after clocks go back) is taken
    as the first of the two; one that does not occur (the hour skipped when
    clocks go forward) is taken with the offset in force before the change,
    so it lands just after the change.

    Parameters
    ----------
    local : numpy.ndarray of int64
        Local wall-clock seconds since 1970-01-01 00:00 local.
    tz : str or None
        The zone; None means the times are UTC already.

    Returns
    -------
    numpy.ndarray of int64
        UTC seconds.

    Raises
    ------
    commsim.InputError
        When the zone is unknown.
    """
    z = zone(tz)
    local = np.asarray(local, dtype=np.int64)
    if z is None or local.size == 0:
        return local

    def offset_of(seconds: int) -> int:
        wall = (_EPOCH + timedelta(seconds=seconds)).replace(tzinfo=z)
        return int(wall.utcoffset().total_seconds())

    return local - _offsets(local // _BUCKET, offset_of)


def utc_to_local(utc: np.ndarray, tz: str | None) -> np.ndarray:
    """UTC seconds to wall-clock seconds in ``tz``.

    Parameters
    ----------
    utc : numpy.ndarray of int64
        UTC seconds.
    tz : str or None
        The zone; None leaves the times in UTC.

    Returns
    -------
    numpy.ndarray of int64
        Local wall-clock seconds since 1970-01-01 00:00 local.

    Raises
    ------
    commsim.InputError
        When the zone is unknown.
    """
    z = zone(tz)
    utc = np.asarray(utc, dtype=np.int64)
    if z is None or utc.size == 0:
        return utc

    def offset_of(seconds: int) -> int:
        return int(datetime.fromtimestamp(seconds, z).utcoffset().total_seconds())

    return utc + _offsets(utc // _BUCKET, offset_of)


def days_from_civil(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of proleptic Gregorian dates (vectorised).

    Parameters
    ----------
    year, month, day : numpy.ndarray of int
        The dates' fields (not checked; see :func:`valid_dates`).

    Returns
    -------
    numpy.ndarray of int64
        Day numbers.
    """
    y = np.asarray(year, np.int64) - (np.asarray(month) <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    m = np.asarray(month, np.int64)
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + np.asarray(day, np.int64) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def valid_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Which (year, month, day) triples are real dates.

    Parameters
    ----------
    year, month, day : numpy.ndarray of int
        The dates' fields.

    Returns
    -------
    numpy.ndarray of bool
        True where the date exists.
    """
    year, month, day = (np.asarray(a, np.int64) for a in (year, month, day))
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    lengths = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    ok = (month >= 1) & (month <= 12)
    limit = lengths[np.where(ok, month, 0)] + (leap & (month == 2))
    return ok & (day >= 1) & (day <= limit)
