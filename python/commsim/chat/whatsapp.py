"""WhatsApp's text export (``_chat.txt``, "WhatsApp Chat with X.txt").

Every message starts a line with its date and time; a line that does not is
the continuation of the message before (its text, ignored here). Two
families of layouts, with 2- or 4-digit years, ``/``, ``.`` or ``-``
between the date fields, with or without seconds, 24-hour or AM/PM (with a
space, a no-break space or the narrow no-break space U+202F that recent
Android versions write before AM/PM, and ``a. m.``/``p. m.``):

- Android: ``31/12/2023, 23:59 - Name: text`` and
  ``12/31/23, 11:59 PM - Name: text``; system lines have no ``Name:``
  (``31/12/2023, 23:59 - Alice added Bob``);
- iOS: ``[31/12/2023, 23:59:59] Name: text``; lines may start with the
  left-to-right mark U+200E, and system lines carry the group's name as the
  author and a U+200E before their text.

A line with a name is a post, media placeholders (``<Media omitted>``,
``image omitted``, ``<attached: ...>``) and deleted messages included.
System lines in English that change membership become events:
"X joined using this group's invite link" (join, link), "X joined from the
community" and "X joined" (join, self), "X added Y, Z and W" (joins, added
by X), "X created group ..." (join, created), "X left" (leave, self),
"X removed Y" (leave, removed by X). "You" is the person who exported the
chat; their own posts carry their name, which the export does not link to
"You", so the two count as different people. Other system lines (the
encryption notice, subject and icon changes, system lines in other
languages) are skipped and counted in the notes.

Whether the first date field is the day or the month is decided from the
whole file: a first field above 12 means day first, a second field above 12
month first. When no field says, ``dayfirst=`` decides; dotted dates
(``31.12.23``) are taken as day first, as in every locale that writes them;
otherwise the reader stops and asks. WhatsApp writes local time without a
zone: ``tz=`` names it (IANA), and the times are taken as UTC when it is
not given. The text format has no replies: every post has reply target -1.
"""

from __future__ import annotations

import os
import re
from array import array
from pathlib import Path

import numpy as np

from .._core import InputError
from .events import (CAUSE, JOIN, LEAVE, POST, EventStream, build_stream, days_from_civil,
                     line_of, local_to_utc, paused_gc, read_bytes, valid_dates)

LAYOUTS = (
    "dd/mm/yyyy, HH:MM - Name: text (Android, 24-hour)",
    "m/d/yy, h:mm AM - Name: text (Android, 12-hour; a space, U+00A0 or U+202F before AM/PM)",
    "[dd/mm/yyyy, HH:MM:SS] Name: text (iOS, 24-hour)",
    "[m/d/yy, h:mm:ss AM] Name: text (iOS, 12-hour)",
    "dd.mm.yy, HH:MM - Name: text (dotted dates)",
    "each with or without seconds, 2- or 4-digit years, '/', '.' or '-' between date fields",
)

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_STRIP = str.maketrans("", "", _MARKS)
_LEAD = f"^[{_MARKS}]*"

_JOINED_LINK = re.compile(r"^(.+?) joined (?:using|via) .*invite link\.?$")
_JOINED_COMMUNITY = re.compile(r"^(.+?) joined from the community\.?$")
_JOINED = re.compile(r"^(.+?) joined\.?$")
_CREATED = re.compile(r"^(.+?) created (?:group .*|this group)$")
_LEFT = re.compile(r"^(.+?) left\.?$")
_ADDED = re.compile(r"^(.+?) added (.+?)\.?$")
_REMOVED = re.compile(r"^(.+?) removed (.+?)\.?$")
_NOT_PEOPLE = re.compile(r"^(?:this|the|a) (?:group|community)\b|^(?:a|the) group")
_LIST = re.compile(r",\s*|\s+and\s+|\s*&\s*")
# System lines that are not posts (iOS writes them under the group's name).
_NOTICES = re.compile(
    r"end-to-end encrypted|end-to-end encryption|changed the subject|changed this group's|"
    r"changed the group|deleted this group's|changed their phone number|security code|"
    r"now an admin|no longer an admin|changed (?:the|this group's) settings|"
    r"disappearing messages|pinned a message|created group|created this group")
# Android authors that are really a system line with ': ' in a quoted subject.
_SYSTEM_AUTHOR = (" changed the subject", " changed the group", " created group",
                  " changed this group")


def _key(name: str) -> str:
    name = name.translate(_STRIP).strip()
    return "You" if name.lower() == "you" else name


def _names(text: str) -> list[str]:
    return [_key(x) for x in _LIST.split(text) if x.strip()]


def _membership(text: str) -> list[tuple[str, int, int, str | None]] | None:
    """(person, kind, cause, by) for a system line; None when it is not a membership change."""
    m = _CREATED.match(text)
    if m:
        return [(_key(m[1]), JOIN, CAUSE["created"], None)]
    m = _JOINED_LINK.match(text)
    if m:
        return [(_key(m[1]), JOIN, CAUSE["link"], None)]
    m = _JOINED_COMMUNITY.match(text) or _JOINED.match(text)
    if m:
        return [(_key(m[1]), JOIN, CAUSE["self"], None)]
    m = _LEFT.match(text)
    if m:
        return [(_key(m[1]), LEAVE, CAUSE["self"], None)]
    for pattern, kind, cause in ((_ADDED, JOIN, "added"), (_REMOVED, LEAVE, "removed")):
        m = pattern.match(text)
        if m and not _NOT_PEOPLE.match(m[2]):
            by = _key(m[1])
            return [(person, kind, CAUSE[cause], by) for person in _names(m[2])]
    return None


_DATE = r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[ \u00a0\u202f]?[AaPp]\.?[ \u00a0\u202f]?[Mm]\.?)?"
# One match per message: (date and time, author, the rest, or the whole text
# of a line without "Name: ").
_BODY = r"(?:([^\r\n]*?): ([^\r\n]*)|([^\r\n]*))"
ANDROID = re.compile(_LEAD + "(" + _DATE + ",? " + _TIME + r") [-\u2013] " + _BODY, re.M)
IOS = re.compile(_LEAD + r"\[(" + _DATE + ",? " + _TIME + r")\] ?" + _BODY, re.M)
_CHUNK = 1 << 23


def _stamps(stamps: list[str]) -> np.ndarray:
    """Date and time fields of message headers, vectorised over characters.

    Returns an int64 array (9, n): first and second date field, year, hour,
    minute, second, 12-hour clock (0/1), PM (0/1), the date separator.
    """
    n = len(stamps)
    codes = np.array(stamps).view(np.uint32).reshape(n, -1).astype(np.int64)
    out = np.zeros((9, n), np.int64)
    run = np.zeros(n, np.int64)
    value = np.zeros(n, np.int64)
    inside = np.zeros(n, bool)
    for column in codes.T:
        digit = (column >= 48) & (column <= 57)
        ending = np.flatnonzero(inside & ~digit)
        if ending.size:
            out[np.minimum(run[ending], 5), ending] = value[ending]
            run[ending] += 1
            value[ending] = 0
        value = np.where(digit, value * 10 + column - 48, value)
        inside = digit
    ending = np.flatnonzero(inside)
    out[np.minimum(run[ending], 5), ending] = value[ending]
    letters = codes | 0x20  # lower case
    out[6] = ((letters == ord("a")) | (letters == ord("p"))).any(axis=1)
    out[7] = (letters == ord("p")).any(axis=1)
    first_length = np.where((codes[:, 1] >= 48) & (codes[:, 1] <= 57), 2, 1)
    out[8] = codes[np.arange(n), first_length]
    return out


class _Chunks:
    """The file's bytes in pieces that end at line ends, decoded strictly."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        self.bounds = [0]
        while self.bounds[-1] < len(data):
            end = data.find(b"\n", self.bounds[-1] + _CHUNK)
            self.bounds.append(len(data) if end < 0 else end + 1)
        self.lines = [1]  # line number at each piece's start

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def text(self, index: int) -> str:
        start, end = self.bounds[index], self.bounds[index + 1]
        piece = self.data[start:end]
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError as err:
            offset = start + err.start
            line = line_of(self.data, offset)
            column = offset - (self.data.rfind(b"\n", 0, offset) + 1) + 1
            raise InputError(f"{self.path}:{line}:{column}: invalid UTF-8 (byte "
                             f"0x{self.data[offset]:02x}); exports are UTF-8 text") from None
        if index == 0 and text.startswith("\ufeff"):
            text = text[1:]
        if len(self.lines) == index + 1:
            self.lines.append(self.lines[-1] + piece.count(b"\n"))
        return text


def read_whatsapp(path: str | os.PathLike[str], *, tz: str | None = None,
                  salt: str | bytes | None = None, dayfirst: bool | None = None) -> EventStream:
    """Read a WhatsApp text export into events.

    Parameters
    ----------
    path : str or path-like
        The ``.txt`` export (Android or iOS, any layout in ``LAYOUTS``).
    tz : str, optional
        IANA zone of the phone that exported the chat (WhatsApp writes its
        local time); the times are taken as UTC when omitted.
    salt : str or bytes, optional
        Salt for the author pseudonyms; random when omitted.
    dayfirst : bool, optional
        Whether dates are day first; needed only when no date in the file
        has a field above 12 and the dates are not dotted.

    Returns
    -------
    EventStream
        Posts (without reply targets: the format has none), joins and
        leaves from English system lines.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    commsim.InputError
        When the file is not UTF-8 (line and column), its first line has no
        date layout it knows (listing the layouts tried), the day/month
        order cannot be decided or contradicts ``dayfirst``, a date or time
        does not exist (line), or it holds no posts, joins or leaves.
    """
    p, data = read_bytes(path)
    chunks = _Chunks(p, data)
    if not len(chunks):
        raise InputError(f"{p}: empty file, not a WhatsApp chat export")
    head = chunks.text(0)
    first_line, first = 0, None
    for number, line in enumerate(head[:1 << 16].split("\n"), 1):
        if line.strip(_MARKS + " \t\r"):
            first_line, first = number, line
            break
    if first is None:
        raise InputError(f"{p}: empty file, not a WhatsApp chat export")
    layout = "iOS" if IOS.match(first) else "Android" if ANDROID.match(first) else None
    if layout is None:
        raise InputError(f"{p}:{first_line}: not a WhatsApp chat export, or a date layout "
                         "commsim does not know; layouts tried: " + "; ".join(LAYOUTS))
    with paused_gc():
        return _read(p, chunks, head, layout, tz, salt, dayfirst)


def _read(p, chunks, head, layout, tz, salt, dayfirst) -> EventStream:
    pattern = IOS if layout == "iOS" else ANDROID
    fields = []
    starts = [0]   # first message index of each piece
    post_message = array("q")
    post_author = array("q")
    codes: dict[str, int] = {}
    events = []    # (message index, person, kind, cause, by)
    ios = layout == "iOS"
    system_authors: set[str] = set()
    skipped = notices = 0
    for index in range(len(chunks)):
        text = head if index == 0 else chunks.text(index)
        found = pattern.findall(text)
        del text
        base = starts[-1]
        starts.append(base + len(found))
        if not found:
            continue
        fields.append(_stamps([f[0] for f in found]))
        for i, (_, author, rest, system) in enumerate(found, base):
            if author:
                if "\u200e" in rest:
                    # Media, and iOS system lines (under the group's name, which
                    # may itself hold ": "), put U+200E after ": ".
                    cut = -2 if rest[0] == "\u200e" else rest.find(": \u200e")
                    if cut >= 0:
                        author = author + ": " + rest[:cut]
                    line = rest[cut + 3:].translate(_STRIP).strip() if cut != -1 else ""
                    media = line.startswith("<attached:") or line.endswith(" omitted")
                    if line and not media and (author in system_authors
                                               or _NOTICES.search(line)
                                               or _membership(line) is not None):
                        system_authors.add(author)
                        author, system = "", line
                elif not ios and any(s in author for s in _SYSTEM_AUTHOR):
                    author, system = "", author + ": " + rest  # a subject with ": "
                if author:
                    code = codes.get(author)
                    if code is None:
                        code = codes[author] = len(codes)
                    post_message.append(i)
                    post_author.append(code)
                    continue
            system = system.translate(_STRIP).strip()
            changes = _membership(system)
            if changes is None:
                if _NOTICES.search(system):
                    notices += 1
                else:
                    skipped += 1
                continue
            for person, kind, cause, by in changes:
                events.append((i, person, kind, cause, by))
        del found
    del head
    if not post_message and not events:
        raise InputError(f"{p}: no posts, joins or leaves (empty chat)")
    stamp = np.concatenate(fields, axis=1)
    del fields

    def where(message: int) -> str:
        piece = int(np.searchsorted(starts, message, side="right")) - 1
        text = chunks.text(piece)
        for k, m in enumerate(pattern.finditer(text), starts[piece]):
            if k == message:
                return f"{p}:{chunks.lines[piece] + text.count(chr(10), 0, m.start())}"
        return str(p)

    local, dayfirst = _local_times(p, stamp, where, dayfirst)
    del stamp
    keys = [_key(a) for a in codes]  # codes are in insertion order
    posts = len(post_message)
    message = np.concatenate([np.frombuffer(post_message, np.int64),
                              np.array([e[0] for e in events], np.int64)])
    order = np.argsort(message, kind="stable")
    author_keys = np.array(keys + [e[1] for e in events] + [None], dtype=object)[:-1]
    author = np.concatenate([np.frombuffer(post_author, np.int64),
                             np.arange(len(keys), len(keys) + len(events))])
    kind = np.concatenate([np.full(posts, POST, np.int8),
                           np.array([e[2] for e in events], np.int8)])
    cause = np.concatenate([np.zeros(posts, np.int8), np.array([e[3] for e in events], np.int8)])
    by = np.array([None] * posts + [e[4] for e in events] + [None], dtype=object)[:-1]
    time = local_to_utc(local[message[order]], tz)
    notes = [f"{layout} layout, " + ("day" if dayfirst else "month") + " first, local time read "
             f"in {tz or 'UTC'}", "WhatsApp text exports record no replies"]
    if notices:
        notes.append(f"{notices} system line(s) without a membership change skipped")
    if skipped:
        notes.append(f"{skipped} system line(s) not recognised (not English?) skipped")
    return build_stream(time=time, author=author_keys[author[order]], kind=kind[order],
                        reply_to=np.full(message.size, -1, np.int64), cause=cause[order],
                        by=by[order], salt=salt, source="whatsapp", path=p, tz=tz,
                        replies_recorded=False, leaves_recorded=True, notes=notes)


def _local_times(p, stamp, where, dayfirst):
    """Local wall-clock seconds of every message, and whether dates are day first."""
    first, second_field, year, hour, minute, second, twelve, pm, sep = stamp
    day_hint = np.flatnonzero(first > 12)
    month_hint = np.flatnonzero(second_field > 12)
    if day_hint.size and month_hint.size:
        raise InputError(f"{p}: dates are neither all day-first nor all month-first ("
                         f"{where(int(day_hint[0]))} has a first field above 12, "
                         f"{where(int(month_hint[0]))} a second one)")
    if day_hint.size or month_hint.size:
        decided = bool(day_hint.size)
        if dayfirst is not None and dayfirst != decided:
            hint = day_hint if decided else month_hint
            raise InputError(f"{where(int(hint[0]))}: day first "
                             f"({'--dayfirst yes' if dayfirst else '--dayfirst no'}, dayfirst="
                             f"{dayfirst} in Python) contradicts this date, whose " + ("first" if decided else "second")
                             + " field is above 12")
        dayfirst = decided
    elif dayfirst is None:
        if np.all(sep == ord(".")):
            dayfirst = True
        else:
            raise InputError(
                f"{p}: cannot tell day from month: no date in the file has a field above 12. "
                "Pass --dayfirst yes (dd/mm, most of the world) or --dayfirst no (mm/dd, United "
                "States); in Python dayfirst=True or False. Layouts known: " + "; ".join(LAYOUTS))
    day, month = (first, second_field) if dayfirst else (second_field, first)
    year = np.where(year < 100, year + 2000, year)
    bad = np.flatnonzero(~valid_dates(year, month, day))
    if bad.size:
        raise InputError(f"{where(int(bad[0]))}: no such date ("
                         + ("day/month/year" if dayfirst else "month/day/year") + ")")
    twelve = twelve.astype(bool)
    bad = np.flatnonzero(np.where(twelve, (hour < 1) | (hour > 12), hour > 23)
                         | (minute > 59) | (second > 59))
    if bad.size:
        raise InputError(f"{where(int(bad[0]))}: no such time of day")
    hour = np.where(twelve, hour % 12 + 12 * pm, hour)
    local = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    return local, dayfirst
