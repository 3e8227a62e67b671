"""Telegram Desktop's machine-readable export (``result.json``).

Two layouts: one chat (top-level ``name``, ``type``, ``id``, ``messages``)
and a whole account (``chats: {list: [chat, ...]}`` and ``left_chats``),
of which the group chat is taken (or the one ``chat=`` names by id).

Messages (``type: "message"``) are posts by ``from_id`` (the user id; the
display name ``from`` only when there is no id), at ``date_unixtime``
(or ``date``, local wall time, read in ``tz``), replying to
``reply_to_message_id`` when that is a post in the export. An edit is not
a new post. Service messages (``type: "service"``) that change membership
become joins and leaves:

==========================  ===========================================
``action``                  events
==========================  ===========================================
``create_group``            the actor and ``members`` join (created)
``invite_members``          each of ``members`` joins, added by the
                            actor (or on their own when they are the actor)
``join_group_by_link``      the actor joins by link (``inviter`` made it)
``join_group_by_request``   the actor joins by an approved request
``remove_members``          each of ``members`` leaves, removed by the
                            actor (or on their own when they are the actor:
                            that is how Telegram writes "left the group")
==========================  ===========================================

Other service messages (pins, title and photo changes, calls,
``migrate_from_group``, topics ...) carry no membership change and are
skipped. Service messages name members by display name only; a name is
matched to the user id that posted or acted under that name in the same
export, when exactly one did, and otherwise kept as its own person.

The file is read in pieces and every message is decoded on its own, so a
large export never sits in memory whole; a truncated or malformed file is
reported with its line and column.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from .._core import InputError
from .events import (CAUSE, JOIN, LEAVE, POST, EventStream, build_stream, check_path,
                     days_from_civil, local_to_utc, paused_gc)

GROUP_TYPES = ("private_group", "private_supergroup", "public_supergroup")
REFUSED = {
    "personal_chat": "a private chat between two people, not a community",
    "bot_chat": "a chat with a bot, not a community",
    "saved_messages": "the account's saved messages, not a community",
    "private_channel": "a channel: its posts come from the channel, not from members",
    "public_channel": "a channel: its posts come from the channel, not from members",
}
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LOCAL = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$")


class _Json:
    """A JSON document read in pieces: values are decoded one at a time."""

    chunk = 1 << 22

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = open(path, "rb")  # noqa: SIM115 -- closed by close()
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.json = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.offset0 = 0    # characters of the file before buf[0]
        self.bytes_read = 0
        self.started = False

    def close(self) -> None:
        self.file.close()

    def _more(self) -> bool:
        if self.eof:
            return False
        data = self.file.read(max(self.chunk, len(self.buf)))
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as err:
            offset = self.bytes_read + max(err.start, 0)
            line, column = self._line_column_of_byte(offset)
            raise InputError(f"{self.path}:{line}:{column}: invalid UTF-8; a Telegram export "
                             "is UTF-8 JSON") from None
        self.bytes_read += len(data)
        if not data:
            self.eof = True
        if not self.started:
            self.started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        if self.pos:
            self.offset0 += self.pos
            self.buf = self.buf[self.pos:] + text
            self.pos = 0
        else:
            self.buf += text
        return True

    def _line_column_of_byte(self, offset: int) -> tuple[int, int]:
        with open(self.path, "rb") as f:
            head = f.read(offset)
        return head.count(b"\n") + 1, offset - (head.rfind(b"\n") + 1) + 1

    def where(self, pos: int) -> str:
        """``file:line:column`` of a position in the buffer (only for messages: it rereads)."""
        target = self.offset0 + pos  # characters before the position
        line, column, seen = 1, 1, 0
        decoder = codecs.getincrementaldecoder("utf-8")("replace")
        with open(self.path, "rb") as f:
            while seen < target:
                text = decoder.decode(f.read(1 << 22))
                if not text:
                    break
                if seen == 0 and text.startswith("\ufeff"):
                    text = text[1:]
                piece = text[:target - seen]
                newlines = piece.count("\n")
                if newlines:
                    line += newlines
                    column = len(piece) - piece.rfind("\n")
                else:
                    column += len(piece)
                seen += len(piece)
        return f"{self.path}:{line}:{column}"

    def error(self, what: str, pos: int | None = None) -> InputError:
        return InputError(f"{self.where(self.pos if pos is None else pos)}: {what}")

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end)."""
        while True:
            self.pos = _WHITESPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def value(self) -> object:
        """Decode the next value whole."""
        if self.peek() == "":
            raise self.error("the file ends early (truncated JSON?)")
        while True:
            try:
                obj, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as err:
                # A value cut by the end of the buffer fails too: read on,
                # unless the failure lies well before the end of what is read.
                if not self.eof and err.pos + (1 << 20) > len(self.buf):
                    self._more()
                    continue
                truncated = self.eof and (
                    err.msg.startswith("Unterminated string")
                    or _WHITESPACE.match(self.buf, err.pos).end() >= len(self.buf))
                what = ("the file ends inside a value (truncated JSON?)" if truncated
                        else f"invalid JSON: {err.msg}")
                raise self.error(what, err.pos) from None
            if end == len(self.buf) and not self.eof:
                self._more()  # a number may go on in the next piece
                continue
            self.pos = end
            return obj

    def _expect(self, opening: str, what: str) -> None:
        found = self.peek()
        if found != opening:
            raise self.error(f"expected {what}, found "
                             + (repr(found) if found else "the end of the file"))
        self.pos += 1

    def _next(self, closing: str) -> bool:
        """After an item: True if another follows (comma), False at the closing bracket."""
        found = self.peek()
        if found == ",":
            self.pos += 1
            return True
        if found == closing:
            self.pos += 1
            return False
        if found == "":
            raise self.error("the file ends early (truncated JSON?)")
        raise self.error(f"invalid JSON: expected ',' or {closing!r}, found {found!r}")

    def items(self) -> Iterator[int]:
        """Walk an array: yields each index; the caller reads that item."""
        self._expect("[", "an array")
        if self.peek() == "]":
            self.pos += 1
            return
        index = 0
        while True:
            yield index
            if not self._next("]"):
                return
            index += 1

    def keys(self) -> Iterator[str]:
        """Walk an object: yields each key; the caller reads its value."""
        self._expect("{", "an object")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            at = self.pos
            key = self.value()
            if not isinstance(key, str):
                raise self.error("invalid JSON: an object key must be a string", at)
            self._expect(":", "':'")
            yield key
            if not self._next("}"):
                return

    def skip(self) -> None:
        """Read past the next value without keeping it whole."""
        found = self.peek()
        if found == "{":
            for _ in self.keys():
                self.skip()
        elif found == "[":
            for _ in self.items():
                self.value()
        else:
            self.value()


@dataclass
class _Chat:
    """What one chat's messages give, before pseudonyms.

    Posts (the bulk) and membership events are kept apart, each with the
    index of the message it came from, and merged in message order at the end.
    """

    where: str
    type: str | None = None
    id: object = None
    messages: int = 0
    # posts
    post_seq: list = field(default_factory=list)
    post_time: list = field(default_factory=list)       # UTC seconds, or None: see local
    post_author: list = field(default_factory=list)     # user id, or ("name", display name)
    post_id: list = field(default_factory=list)
    post_reply: list = field(default_factory=list)      # message id replied to, or -1
    # joins and leaves
    event_seq: list = field(default_factory=list)
    event_time: list = field(default_factory=list)
    event_person: list = field(default_factory=list)
    event_kind: list = field(default_factory=list)
    event_cause: list = field(default_factory=list)
    event_by: list = field(default_factory=list)
    local: list = field(default_factory=list)           # (is post, position, 'date' text)
    name_of: dict = field(default_factory=dict)         # user id -> last display name seen
    names: dict = field(default_factory=dict)           # display name -> set of user ids
    skipped_service: int = 0
    skipped_other: int = 0
    migrated: int = 0
    no_author: int = 0
    unnamed: int = 0

    def register(self, user_id: str, name: object) -> None:
        self.name_of[user_id] = name
        if isinstance(name, str):
            self.names.setdefault(name, set()).add(user_id)

    def _time(self, m: dict, path: str, post: bool) -> int | None:
        unix = m.get("date_unixtime")
        if unix is not None:
            try:
                return int(unix)
            except (TypeError, ValueError):
                raise InputError(f"{path}: date_unixtime is not a whole number") from None
        date = m.get("date")
        if not isinstance(date, str) or not _LOCAL.match(date):
            raise InputError(f"{path}: no date_unixtime and no date of the form "
                             "YYYY-MM-DDTHH:MM:SS")
        self.local.append((post, len(self.post_time if post else self.event_time), date))
        return None

    def _person(self, name: object, user_id: object) -> object:
        if isinstance(user_id, (str, int)) and user_id != "":
            user_id = str(user_id)
            if self.name_of.get(user_id, self) != name:
                self.register(user_id, name)
            return user_id
        if isinstance(name, str):
            return ("name", name)
        return None

    def post(self, seq: int, m: dict, path: str) -> None:
        """A message that is not on the fast path of read_messages."""
        who = self._person(m.get("from"), m.get("from_id"))
        if who is None:
            self.no_author += 1
            return
        mid = m.get("id")
        if type(mid) is not int:
            raise InputError(f"{path}: message id is not a whole number")
        reply = m.get("reply_to_message_id", -1)
        if type(reply) is not int or m.get("reply_to_peer_id") is not None:
            reply = -1  # none, or a message in another chat
        self.post_time.append(self._time(m, path, True))
        self.post_seq.append(seq)
        self.post_author.append(who)
        self.post_id.append(mid)
        self.post_reply.append(reply)

    def _event(self, seq: int, m: dict, path: str, who: object, kind: int, cause: str,
               by: object) -> None:
        self.event_time.append(self._time(m, path, False))
        self.event_seq.append(seq)
        self.event_person.append(who)
        self.event_kind.append(kind)
        self.event_cause.append(CAUSE[cause])
        self.event_by.append(by)

    def add(self, seq: int, m: object, path: str) -> None:
        if not isinstance(m, dict):
            raise InputError(f"{path}: a message must be a JSON object")
        path = f"{path} (message id {m.get('id')})"
        kind = m.get("type")
        if kind == "message":
            self.post(seq, m, path)
        elif kind == "service":
            self._service(seq, m, path)
        else:
            self.skipped_other += 1

    def _service(self, seq: int, m: dict, path: str) -> None:
        action = m.get("action")
        actor_name = m.get("actor")
        actor = self._person(actor_name, m.get("actor_id"))
        members = m.get("members") if isinstance(m.get("members"), list) else []
        people = [("name", x) for x in members if isinstance(x, str)]
        self.unnamed += len(members) - len(people)  # deleted accounts are null
        if action in ("migrate_from_group", "migrate_to_supergroup"):
            self.migrated += 1
        elif action == "create_group":
            if actor is not None:
                self._event(seq, m, path, actor, JOIN, "created", None)
            for person in people:
                if person[1] != actor_name:
                    self._event(seq, m, path, person, JOIN, "created", actor)
        elif action in ("invite_members", "remove_members"):
            kind = JOIN if action == "invite_members" else LEAVE
            for person in people:
                if person[1] == actor_name and actor is not None:  # joined or left on their own
                    self._event(seq, m, path, actor, kind, "self", None)
                else:
                    self._event(seq, m, path, person, kind,
                                "added" if kind == JOIN else "removed", actor)
        elif action in ("join_group_by_link", "join_group_by_request"):
            if actor is None:
                raise InputError(f"{path}: a {action} without an actor")
            link = action == "join_group_by_link"
            inviter = m.get("inviter")
            self._event(seq, m, path, actor, JOIN, "link" if link else "request",
                        ("name", inviter) if link and isinstance(inviter, str) else None)
        else:
            self.skipped_service += 1


def _resolve(person: object, names: dict) -> str | None:
    """The key of a person: a user id, or a display name matched to exactly one id."""
    if person is None:
        return None
    if isinstance(person, tuple):
        ids = names.get(person[1])
        if ids is not None and len(ids) == 1:
            return "id:" + next(iter(ids))
        return "name:" + person[1]
    return "id:" + person


def _read_chat(doc: _Json, where: str, want: object) -> _Chat:
    chat = _Chat(where)
    for key in doc.keys():
        if key == "type":
            chat.type = doc.value()
        elif key == "id":
            chat.id = doc.value()
        elif key == "messages":
            wanted = ((chat.type is None or chat.type in GROUP_TYPES)
                      and (want is None or chat.id is None or chat.id == want))
            if wanted:
                _read_messages(doc, f"{where}.messages", chat)
            else:
                for _ in doc.items():
                    chat.messages += 1
                    doc.value()
        else:
            doc.skip()
    return chat


_SEPARATOR = re.compile(r"[ \t\n\r]*(,?)[ \t\n\r]*")
_MARGIN = 1 << 20


def _read_messages(doc: _Json, where: str, chat: _Chat) -> None:
    """Read a ``messages`` array: plain posts on a fast path, the rest through _Chat.add."""
    doc._expect("[", "an array")
    if doc.peek() == "]":
        doc.pos += 1
        return
    scan = doc.json.scan_once
    separator = _SEPARATOR.match
    seq_append, time_append = chat.post_seq.append, chat.post_time.append
    author_append, id_append = chat.post_author.append, chat.post_id.append
    reply_append = chat.post_reply.append
    name_of = chat.name_of
    index = 0
    while True:
        if not doc.eof and len(doc.buf) - doc.pos < _MARGIN:
            doc._more()
        try:
            m, end = scan(doc.buf, doc.pos)
            if end == len(doc.buf) and not doc.eof:
                raise StopIteration(end)
            doc.pos = end
        except (StopIteration, json.JSONDecodeError):
            m = doc.value()  # reads on, or says where the JSON is broken
        get = m.get if type(m) is dict else None
        if (get is not None and get("type") == "message" and type(get("id")) is int
                and type(user := get("from_id")) is str and user
                and type(unix := get("date_unixtime")) is str and unix.isdigit()):
            reply = get("reply_to_message_id", -1)
            if type(reply) is not int or get("reply_to_peer_id") is not None:
                reply = -1
            seq_append(index)
            time_append(int(unix))
            author_append(user)
            id_append(get("id"))
            reply_append(reply)
            name = get("from")
            if name_of.get(user, name_of) != name:
                chat.register(user, name)
        else:
            chat.add(index, m, f"{doc.path}: {where}[{index}]")
        while True:
            found = separator(doc.buf, doc.pos)
            if found.end() < len(doc.buf) or doc.eof:
                break
            doc._more()
        doc.pos = found.end()
        if found.group(1):
            index += 1
            continue
        if doc.peek() == "]":
            doc.pos += 1
            chat.messages += index + 1
            return
        if doc.peek() == "":
            raise doc.error("the file ends early (truncated JSON?)")
        raise doc.error(f"invalid JSON: expected ',' or ']', found {doc.peek()!r}")


def _describe(chat: _Chat) -> str:
    return f"{chat.where} (id {chat.id}, {chat.type}, {chat.messages} messages)"


def _choose(path: Path, chats: list[_Chat], want: object) -> _Chat:
    if want is not None:
        for chat in chats:
            if chat.id == want:
                if chat.type not in GROUP_TYPES:
                    _refuse(path, chat)
                return chat
        raise InputError(f"{path}: no chat with id {want!r}; the export has: "
                         + "; ".join(_describe(c) for c in chats))
    groups = [c for c in chats if c.type in GROUP_TYPES]
    if len(groups) == 1:
        return groups[0]
    if not groups:
        raise InputError(f"{path}: no group chat in this account export ({len(chats)} chats, "
                         "none of type " + ", ".join(GROUP_TYPES) + ")")
    raise InputError(f"{path}: {len(groups)} group chats in this account export; choose one "
                     "by its id (--chat ID; chat=ID in Python): "
                     + "; ".join(_describe(c) for c in groups))


def _refuse(path: Path, chat: _Chat) -> None:
    reason = REFUSED.get(chat.type)
    if reason is None:
        reason = f"of type {chat.type!r}, not a group chat"
    raise InputError(f"{path}: {chat.where} is {reason}; commsim reads group chats ("
                     + ", ".join(GROUP_TYPES) + ")")


def read_telegram(path: str | os.PathLike[str], *, tz: str | None = None,
                  salt: str | bytes | None = None, chat: int | None = None) -> EventStream:
    """Read a Telegram Desktop JSON export (``result.json``) into events.

    Parameters
    ----------
    path : str or path-like
        The ``result.json`` of a single-chat export, or of a whole-account
        export (then the one group chat in it is read, or the one ``chat``
        names).
    tz : str, optional
        IANA zone of the export's local ``date`` fields, used only for
        messages without ``date_unixtime`` (exports before 2021); UTC when
        omitted.
    salt : str or bytes, optional
        Salt for the author pseudonyms; random when omitted.
    chat : int, optional
        The ``id`` of the chat to read from a whole-account export.

    Returns
    -------
    EventStream
        Posts, joins and leaves; replies to a message that is not a post in
        the export (a service message, a deleted message, a topic's first
        message) are kept as posts without a reply target, and counted in
        the notes.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    commsim.InputError
        When the file is not a Telegram export, is truncated or not UTF-8
        (line and column), is a private chat, a bot chat or a channel, holds
        several group chats and ``chat`` is not given, has no events, or a
        message lacks a date (JSON path and message id).
    """
    p = check_path(path)
    doc = _Json(p)
    try:
        with paused_gc():
            return _read(p, doc, tz, salt, chat)
    finally:
        doc.close()


def _read(p: Path, doc: _Json, tz: str | None, salt: str | bytes | None,
          want: object) -> EventStream:
    first = doc.peek()
    if first != "{":
        raise InputError(f"{p}: not a Telegram export (expected a JSON object, found "
                         + (repr(first) if first else "an empty file") + ")")
    single = _Chat("the chat")
    chats: list[_Chat] = []
    layout = None
    for key in doc.keys():
        if key == "type":
            single.type = doc.value()
        elif key == "id":
            single.id = doc.value()
        elif key == "messages":
            layout = "chat"
            if single.type is not None and single.type not in GROUP_TYPES:
                _refuse(p, single)
            _read_messages(doc, "messages", single)
        elif key in ("chats", "left_chats") and doc.peek() == "{":
            for inner in doc.keys():
                if inner == "list":
                    layout = "account"
                    for i in doc.items():
                        chats.append(_read_chat(doc, f"{key}.list[{i}]", want))
                else:
                    doc.skip()
        else:
            doc.skip()
    if doc.peek() != "":
        raise doc.error("invalid JSON: more after the top-level object")
    if layout is None:
        raise InputError(f"{p}: not a Telegram chat export (no `messages` and no `chats.list` "
                         "at the top level)")
    if layout == "chat":
        if single.type not in GROUP_TYPES:
            if single.type is None and want is None:
                pass  # older exports may lack the type: read as a group
            else:
                _refuse(p, single)
        chosen = single
    else:
        chosen = _choose(p, chats, want)
    return _assemble(p, chosen, tz, salt)


def _assemble(p: Path, chat: _Chat, tz: str | None, salt: str | bytes | None) -> EventStream:
    posts, others = len(chat.post_seq), len(chat.event_seq)
    n = posts + others
    if not n:
        raise InputError(f"{p}: {chat.where} has no posts, joins or leaves (empty chat)")
    notes = []
    post_time, event_time = chat.post_time, chat.event_time
    if chat.local:
        text = [date for _, _, date in chat.local]
        fields = np.array([[int(x) for x in _LOCAL.match(d).groups()] for d in text])
        local = (days_from_civil(fields[:, 0], fields[:, 1], fields[:, 2]) * 86400
                 + fields[:, 3] * 3600 + fields[:, 4] * 60 + fields[:, 5])
        for (post, position, _), t in zip(chat.local, local_to_utc(local, tz).tolist()):
            (post_time if post else event_time)[position] = t
        notes.append(f"{len(chat.local)} message(s) without date_unixtime: local date read in "
                     f"{tz or 'UTC'}")
    seq = np.array(chat.post_seq + chat.event_seq, dtype=np.int64)
    order = np.argsort(seq, kind="stable")
    time = np.array(post_time + event_time, dtype=np.int64)[order]
    kind = np.concatenate([np.full(posts, POST, np.int8),
                           np.array(chat.event_kind, dtype=np.int8)])[order]
    cause = np.concatenate([np.zeros(posts, np.int8),
                            np.array(chat.event_cause, dtype=np.int8)])[order]
    names = chat.names
    codes, uniques = pd.factorize(pd.Series(chat.post_author, dtype=object), sort=False)
    post_keys = np.array([_resolve(u, names) for u in uniques], dtype=object)[codes]
    event_keys = np.array([_resolve(x, names) for x in chat.event_person] + [None], dtype=object)
    author = np.concatenate([post_keys, event_keys[:-1]])[order]
    by = np.array([None] * posts + [_resolve(x, names) for x in chat.event_by] + [None],
                  dtype=object)[:-1][order]

    # Replies: message ids to rows of posts.
    message_id = np.concatenate([np.array(chat.post_id, dtype=np.int64),
                                 np.full(others, -1, np.int64)])[order]
    reply_id = np.concatenate([np.array(chat.post_reply, dtype=np.int64),
                               np.full(others, -1, np.int64)])[order]
    reply_to = np.full(n, -1, np.int64)
    asks = np.flatnonzero(reply_id >= 0)
    if asks.size:
        post_rows = np.flatnonzero(kind == POST)
        by_id = np.argsort(message_id[post_rows], kind="stable")
        sorted_ids = message_id[post_rows][by_id]
        slot = np.minimum(np.searchsorted(sorted_ids, reply_id[asks]), sorted_ids.size - 1)
        target = post_rows[by_id][slot]
        found = (sorted_ids[slot] == reply_id[asks]) & (target != asks)
        reply_to[asks[found]] = target[found]
        lost = int(asks.size - found.sum())
        if lost:
            notes.append(f"{lost} repl(ies) to a message that is not a post in the export "
                         "(service message, deleted or earlier message): kept without target")
    for count, what in ((chat.skipped_service, "service message(s) without a membership change "
                         "skipped"),
                        (chat.migrated, "migration message(s): history before the migration "
                         "is in the old group's export"),
                        (chat.no_author, "message(s) without from/from_id skipped"),
                        (chat.unnamed, "member(s) without a name (deleted accounts) in "
                         "service messages skipped"),
                        (chat.skipped_other, "item(s) of unknown type skipped")):
        if count:
            notes.append(f"{count} {what}")
    return build_stream(time=time, author=author, kind=kind, reply_to=reply_to, cause=cause,
                        by=by, salt=salt, source="telegram", path=p,
                        tz=tz if chat.local else None, replies_recorded=True,
                        leaves_recorded=True, notes=notes)
