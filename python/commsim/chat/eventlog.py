"""The generic event-log CSV: ``timestamp_utc,author,event,reply_to``.

One row per event. ``timestamp_utc`` is ISO 8601 (``2021-03-04T05:06:07Z``,
``2021-03-04T14:06:07+09:00``, ``2021-03-04 05:06``; fractions of a second
are dropped; a time without a zone is taken as UTC, as the column's name
says). ``author`` is any text naming a person (it is replaced by a salted
pseudonym on reading). ``event`` is ``post``, ``join`` or ``leave``.
``reply_to`` is empty or the 0-based data-row index (header not counted) of
an earlier ``post`` that this post replies to. Other columns are ignored,
except two that :func:`write_csv` adds when it has something to put there:
``cause`` (a name from ``CAUSES``) and ``by`` (who caused a join or leave).

Rows out of time order are allowed: they are sorted stably by time and a
:class:`ChatWarning` says how many were out of order.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._core import InputError
from .events import (CAUSES, KINDS, LEAVE, NO_AUTHOR, POST, EventStream, build_stream,
                     check_path, days_from_civil, decode_utf8, valid_dates)

COLUMNS = ("timestamp_utc", "author", "event", "reply_to")
_TAIL = re.compile(r"(?:[.,]\d+)?[ \t]*(Z|z|[+-]\d{2}(?::?\d{2})?)?[ \t]*$")


def _zone_seconds(zone: str | None) -> int:
    if not zone or zone in ("Z", "z"):
        return 0
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * (int(digits[:2]) * 3600 + (int(digits[2:4]) * 60 if len(digits) > 2 else 0))


def _digits(codes: np.ndarray, start: int, width: int) -> np.ndarray:
    value = np.zeros(codes.shape[0], np.int64)
    for j in range(start, start + width):
        value = value * 10 + codes[:, j].astype(np.int64) - 48
    return value


def parse_timestamps(values: list[str]) -> tuple[np.ndarray, int]:
    """ISO 8601 timestamps to UTC seconds, vectorised over characters.

    Accepted: ``YYYY-MM-DDTHH:MM[:SS[.fff]]`` (``T`` or a space), then
    ``Z``, an offset ``+HH:MM``, ``+HHMM`` or ``+HH``, or nothing (UTC).

    Parameters
    ----------
    values : list of str
        The timestamps.

    Returns
    -------
    tuple of (numpy.ndarray of int64, int)
        The UTC seconds and the index of the first value that is not a valid
        timestamp (-1 when all are).
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, np.int64), -1
    text = np.array(values, dtype=str)
    width = max(text.dtype.itemsize // 4, 19)
    text = text.astype(f"U{width}")
    codes = text.view(np.uint32).reshape(n, width)
    digit = (codes >= 48) & (codes <= 57)
    shape = (digit[:, [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15]].all(axis=1)
             & (codes[:, 4] == 45) & (codes[:, 7] == 45) & (codes[:, 13] == 58)
             & ((codes[:, 10] == 84) | (codes[:, 10] == 32)))
    seconds = (codes[:, 16] == 58) & digit[:, 17] & digit[:, 18]
    year, month, day = _digits(codes, 0, 4), _digits(codes, 5, 2), _digits(codes, 8, 2)
    hour, minute = _digits(codes, 11, 2), _digits(codes, 14, 2)
    second = np.where(seconds, _digits(codes, 17, 2), 0)
    # What follows the minutes or seconds: fraction, zone; few distinct values.
    tail_codes = np.where(seconds[:, None], np.pad(codes[:, 19:], ((0, 0), (0, 3))),
                          codes[:, 16:])
    tails = np.ascontiguousarray(tail_codes).view(
        f"U{tail_codes.shape[1]}").ravel()
    unique, inverse = np.unique(tails, return_inverse=True)
    offsets = np.zeros(unique.size, np.int64)
    tail_ok = np.zeros(unique.size, bool)
    for i, tail in enumerate(unique.tolist()):
        m = _TAIL.match(tail)
        if m:
            tail_ok[i] = True
            offsets[i] = _zone_seconds(m[1])
    ok = (shape & tail_ok[inverse] & valid_dates(year, month, day) & (hour <= 23)
          & (minute <= 59) & (second <= 60))
    if not ok.all():
        return np.zeros(0, np.int64), int(np.argmin(ok))
    local = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    return local - offsets[inverse], -1


def _codes(column: pd.Series, names: tuple[str, ...], empty: str | None = None) -> np.ndarray:
    """Positions in ``names`` of a categorical column's values (surrounding spaces
    ignored; ``empty`` stands for an empty value); -1 for any other value."""
    categories = [c.strip() for c in column.cat.categories.astype(str)]
    lookup = [names.index(c) if c in names else names.index(empty) if c == "" and empty
              else -1 for c in categories]
    # a missing value has code -1, which takes the last entry: -1
    return np.array(lookup + [-1], np.int8)[column.cat.codes.to_numpy()]


def read_csv(path: str | os.PathLike[str], *, tz: str | None = None,
             salt: str | bytes | None = None) -> EventStream:
    """Read a generic event-log CSV (``timestamp_utc,author,event,reply_to``) into events.

    Parameters
    ----------
    path : str or path-like
        The CSV file (UTF-8, a header row, comma-separated).
    tz : str, optional
        Not used for reading (the timestamps carry their zone); accepted so
        that every reader has the same signature.
    salt : str or bytes, optional
        Salt for the author pseudonyms; random when omitted.

    Returns
    -------
    EventStream
        The events, sorted by time.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    commsim.InputError
        When the file is not UTF-8 (line), lacks the header, or a row has a
        bad timestamp, an empty author, an unknown event, or a ``reply_to``
        that is not a whole number, or points at itself, a later row, a row
        that is not a post, or is given on a row that is not a post. Lines
        are counted with the header as line 1.
    """
    p = check_path(path)
    data = p.read_bytes()
    decode_utf8(data, p)  # only to say where bad bytes are
    data = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not data.strip():
        raise InputError(f"{p}: empty file, not an event log ({','.join(COLUMNS)})")
    header = data[:data.find(b"\n")] if b"\n" in data else data
    names = [c.strip().strip('"') for c in header.decode("utf-8").split(",")]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise InputError(f"{p}:1: not a commsim event log: the header lacks "
                         + ", ".join(missing) + f" (expected {','.join(COLUMNS)})")
    try:
        with warnings.catch_warnings():
            # more fields in the first row than in the header
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(data), index_col=False, keep_default_na=False, na_filter=False,
                dtype={"timestamp_utc": str, "author": str, "reply_to": str, "by": str,
                       "event": "category", "cause": "category"},
                encoding="utf-8", engine="c")
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as err:
        line = re.search(r"line (\d+)", str(err)) or (
            ("", "2") if isinstance(err, pd.errors.ParserWarning) else None)
        raise InputError(f"{p}" + (f":{line[1]}" if line else "") + ": not a valid CSV event "
                         "log (rows with different numbers of fields)") from None
    del data
    frame.columns = [str(c).strip().strip('"') for c in frame.columns]
    n = len(frame)
    if n == 0:
        raise InputError(f"{p}: no events (empty log)")

    def line(row: int) -> str:
        return f"{p}:{row + 2}"

    time, bad = parse_timestamps(frame["timestamp_utc"].tolist())
    if bad >= 0:
        raise InputError(f"{line(bad)}: timestamp_utc is not an ISO 8601 time "
                         "(expected e.g. 2021-03-04T05:06:07Z or 2021-03-04T14:06:07+09:00)")
    kind = _codes(frame["event"], KINDS)
    if (kind < 0).any():
        raise InputError(f"{line(int(np.argmax(kind < 0)))}: event must be post, join or leave")
    author = frame["author"]
    empty = (author == "").to_numpy()
    if empty.any():
        raise InputError(f"{line(int(np.argmax(empty)))}: author is empty")

    reply_text = frame["reply_to"]
    has_reply = (reply_text != "").to_numpy()
    reply_to = np.full(n, -1, np.int64)
    if has_reply.any():
        rows = np.flatnonzero(has_reply)
        numbers = pd.to_numeric(reply_text.iloc[rows].str.strip(), errors="coerce")
        blank = (numbers.isna() & (reply_text.iloc[rows].str.strip() == "")).to_numpy()
        rows, numbers = rows[~blank], numbers[~blank]
        not_whole = (numbers.isna() | (numbers % 1 != 0) | (numbers < 0)).to_numpy()
        if not_whole.any():
            raise InputError(f"{line(int(rows[np.argmax(not_whole)]))}: reply_to must be empty "
                             "or the 0-based data-row index of a post")
        targets = numbers.to_numpy().astype(np.int64)
        checks = (
            (targets >= rows, "reply_to points at this row or a later one; it must name an "
                              "earlier row"),
            (kind[rows] != POST, "only a post can reply (this row is not a post)"),
        )
        for failed, what in checks:
            if failed.any():
                first = int(np.argmax(failed))
                raise InputError(f"{line(int(rows[first]))}: {what} (reply_to {targets[first]})")
        not_post = kind[targets] != POST
        if not_post.any():
            first = int(np.argmax(not_post))
            raise InputError(f"{line(int(rows[first]))}: reply_to {targets[first]} points at a "
                             f"{KINDS[kind[targets[first]]]}, not a post")
        reply_to[rows] = targets

    cause = np.zeros(n, np.int8)
    if "cause" in frame.columns:
        codes = _codes(frame["cause"], CAUSES, empty="unknown")
        if (codes < 0).any():
            raise InputError(f"{line(int(np.argmax(codes < 0)))}: cause must be empty or one "
                             "of " + ", ".join(CAUSES))
        cause = codes
    by = None
    if "by" in frame.columns:
        by_text = frame["by"]
        by = by_text.where(by_text != "", None).tolist()
    author_keys = author.tolist()
    del frame, author, reply_text
    leaves = bool((kind == LEAVE).any())
    return build_stream(time=time, author=author_keys, kind=kind, reply_to=reply_to,
                        cause=cause, by=by, salt=salt, source="csv", path=p, tz=None,
                        replies_recorded=True, leaves_recorded=leaves,
                        notes=[] if leaves else ["no leave events in the log"])


def write_csv(events: EventStream, path: str | os.PathLike[str]) -> Path:
    """Write events as a generic event-log CSV that :func:`read_csv` reads back.

    Authors are written as their pseudonyms (decimal); ``cause`` and ``by``
    columns are added only when some join or leave has a known cause or
    causer.

    Parameters
    ----------
    events : EventStream
        The events.
    path : str or path-like
        The CSV file to write (replaced if it exists).

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    TypeError
        When ``events`` is not an :class:`EventStream`.
    """
    if not isinstance(events, EventStream):
        raise TypeError(f"events must be an EventStream, got {type(events).__name__}")
    p = Path(path)
    stamps = np.datetime_as_string(events.time.astype("datetime64[s]"), unit="s")
    frame = pd.DataFrame({
        "timestamp_utc": np.char.add(stamps.astype(str), "Z"),
        "author": events.author.astype(str),
        "event": np.array(KINDS)[events.kind],
        "reply_to": np.where(events.reply_to >= 0, events.reply_to.astype(str), ""),
    })
    if (events.cause != 0).any() or (events.by != NO_AUTHOR).any():
        frame["cause"] = np.where(events.cause != 0, np.array(CAUSES)[events.cause], "")
        frame["by"] = np.where(events.by != NO_AUTHOR, events.by.astype(str), "")
    frame.to_csv(p, index=False, lineterminator="\n")
    return p

