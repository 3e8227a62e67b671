"""Telegram Desktop's JSON export: single chat and whole-account layouts,
service joins and leaves, replies, edits, entity-list texts, refusals and
errors with their locations."""

import json
import re
from datetime import datetime, timezone

import numpy as np
import pytest

import commsim
from commsim import chat
from commsim.chat import telegram

SALT = "test"


def utc(text):
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp())


def labels(ids, names, by=None):
    """Map pseudonyms to the labels in ``names`` (same person, same label; -1 is '-')."""
    mapping = {}
    for pid, name in zip(ids.tolist(), names):
        assert mapping.setdefault(pid, name) == name, f"{name} and {mapping[pid]} share an id"
    assert len(set(mapping.values())) == len(mapping), "one person has two ids"
    return mapping


def check_events(events, expected):
    """``expected``: rows (UTC 'YYYY-MM-DD HH:MM', person, kind, reply_to, cause, by)."""
    assert len(events) == len(expected)
    times, people, kinds, replies, causes, bys = zip(*expected)
    assert events.time.tolist() == [utc(t) for t in times]
    mapping = labels(events.author, people)
    assert [chat.KINDS[k] for k in events.kind] == list(kinds)
    assert events.reply_to.tolist() == list(replies)
    assert [chat.CAUSES[c] for c in events.cause] == list(causes)
    reverse = {name: pid for pid, name in mapping.items()}
    assert events.by.tolist() == [-1 if b == "-" else reverse[b] for b in bys]


GROUP = [
    ("2023-03-01 09:00", "Zoe", "join", -1, "created", "-"),
    ("2023-03-01 09:00", "Oleg", "join", -1, "created", "Zoe"),
    ("2023-03-01 09:05", "Zoe", "post", -1, "unknown", "-"),
    ("2023-03-01 10:00", "Mario", "join", -1, "added", "Zoe"),
    ("2023-03-01 10:00", "Li", "join", -1, "added", "Zoe"),
    ("2023-03-01 11:00", "Mario", "post", 2, "unknown", "-"),
    ("2023-03-02 08:00", "Anna", "join", -1, "link", "Zoe"),
    ("2023-03-02 08:30", "Anna", "post", 5, "unknown", "-"),    # edited later: one post
    ("2023-03-02 12:00", "Li", "post", -1, "unknown", "-"),     # a photo
    ("2023-03-03 10:00", "Mario", "leave", -1, "removed", "Zoe"),
    ("2023-03-04 09:00", "Li", "post", 8, "unknown", "-"),      # replies to themself
    ("2023-03-04 10:00", "Anna", "leave", -1, "self", "-"),     # remove_members by themself
    ("2023-03-05 10:00", "Pedro", "join", -1, "request", "-"),
    ("2023-03-05 10:05", "Pedro", "post", -1, "unknown", "-"),  # replies to a pin: no target
    ("2023-03-06 10:00", "Oleg", "post", -1, "unknown", "-"),   # replies to a deleted message
    ("2023-03-07 10:00", "Zoe", "post", 13, "unknown", "-"),
    ("2023-03-07 11:00", "Deleted", "post", -1, "unknown", "-"),  # from: null
]


def test_single_chat_gives_the_exact_events(test_data):
    events = chat.read_telegram(test_data / "chat" / "telegram_group.json", salt=SALT)
    check_events(events, GROUP)
    assert events.source == "telegram" and events.tz is None
    assert events.replies_recorded and events.leaves_recorded
    assert events.notes == (
        "2 repl(ies) to a message that is not a post in the export (service message, deleted "
        "or earlier message): kept without target",
        "2 service message(s) without a membership change skipped")


def test_read_export_detects_telegram(test_data):
    path = test_data / "chat" / "telegram_group.json"
    assert chat.detect_format(path) == "telegram"
    a = chat.read_export(path, salt=SALT)
    b = chat.read_telegram(path, salt=SALT)
    assert np.array_equal(a.author, b.author) and np.array_equal(a.time, b.time)


def test_the_file_is_streamed_in_pieces(test_data, monkeypatch):
    whole = chat.read_telegram(test_data / "chat" / "telegram_group.json", salt=SALT)
    monkeypatch.setattr(telegram._Json, "chunk", 97)
    monkeypatch.setattr(telegram, "_MARGIN", 50)
    pieces = chat.read_telegram(test_data / "chat" / "telegram_group.json", salt=SALT)
    for name in ("time", "author", "kind", "reply_to", "cause", "by"):
        assert np.array_equal(getattr(whole, name), getattr(pieces, name)), name


ACCOUNT_GROUP = [
    ("2022-05-10 18:00", "Zoe", "join", -1, "created", "-"),
    ("2022-05-10 18:00", "Oleg", "join", -1, "created", "Zoe"),
    ("2022-05-10 18:00", "Mario", "join", -1, "created", "Zoe"),
    ("2022-05-10 18:01", "Zoe", "post", -1, "unknown", "-"),
    ("2022-05-10 18:02", "Oleg", "post", 3, "unknown", "-"),
    ("2022-05-11 08:00", "Mario", "post", -1, "unknown", "-"),
]


def test_account_export_with_several_groups_asks_which(test_data):
    path = test_data / "chat" / "telegram_account.json"
    with pytest.raises(commsim.InputError) as err:
        chat.read_telegram(path)
    message = str(err.value)
    assert "2 group chats" in message and "chat=ID" in message
    assert "chats.list[2] (id 4242, private_group, 5 messages)" in message
    assert "left_chats.list[0] (id 7777, private_supergroup, 3 messages)" in message


def test_account_export_reads_the_chosen_group(test_data):
    path = test_data / "chat" / "telegram_account.json"
    events = chat.read_telegram(path, chat=4242, salt=SALT)
    check_events(events, ACCOUNT_GROUP)
    assert any("migration" in note for note in events.notes)


def test_a_message_without_date_unixtime_is_read_in_tz(test_data):
    path = test_data / "chat" / "telegram_account.json"
    events = chat.read_telegram(path, chat=7777, tz="Europe/Berlin", salt=SALT)
    check_events(events, [
        ("2021-01-02 09:00", "Anna", "post", -1, "unknown", "-"),
        ("2021-01-03 09:00", "Zoe", "post", 0, "unknown", "-"),   # date 10:00 Berlin (UTC+1)
        ("2021-01-03 10:00", "Anna", "leave", -1, "removed", "Zoe"),
    ])
    assert events.tz == "Europe/Berlin"
    assert "1 message(s) without date_unixtime: local date read in Europe/Berlin" in events.notes
    in_utc = chat.read_telegram(path, chat=7777, salt=SALT)
    assert in_utc.time[1] - events.time[1] == 3600


def test_private_chats_and_other_non_groups_are_refused(test_data, tmp_path):
    with pytest.raises(commsim.InputError, match="private chat between two people"):
        chat.read_telegram(test_data / "chat" / "telegram_personal.json")
    with pytest.raises(commsim.InputError, match="private chat between two people"):
        chat.read_telegram(test_data / "chat" / "telegram_account.json", chat=1002)
    with pytest.raises(commsim.InputError, match="saved messages"):
        chat.read_telegram(test_data / "chat" / "telegram_account.json", chat=1001)
    with pytest.raises(commsim.InputError, match="no chat with id 5;"):
        chat.read_telegram(test_data / "chat" / "telegram_account.json", chat=5)
    doc = json.loads((test_data / "chat" / "telegram_personal.json").read_text())
    for kind, what in (("bot_chat", "a chat with a bot"), ("public_channel", "a channel")):
        doc["type"] = kind
        path = tmp_path / f"{kind}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False))
        with pytest.raises(commsim.InputError, match=what):
            chat.read_telegram(path)


def test_an_account_export_without_a_group_says_so(test_data, tmp_path):
    doc = json.loads((test_data / "chat" / "telegram_account.json").read_text())
    doc["chats"]["list"] = doc["chats"]["list"][:2]
    del doc["left_chats"]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1))
    with pytest.raises(commsim.InputError, match=r"no group chat in this account export \(2 "):
        chat.read_telegram(path)


def test_truncated_json_names_line_and_column(test_data, tmp_path):
    lines = (test_data / "chat" / "telegram_group.json").read_text().split("\n")
    path = tmp_path / "result.json"
    for cut in ("\n".join(lines[:100]), "\n".join(lines[:100])[:-3]):  # in message id 6,
        path.write_text(cut)                                            # inside a string
        with pytest.raises(commsim.InputError) as err:
            chat.read_telegram(path)
        found = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): (.*)", str(err.value))
        assert found, str(err.value)
        assert int(found[1]) == 100 and "truncated JSON" in found[3]


def test_broken_json_names_line_and_column(test_data, tmp_path):
    text = (test_data / "chat" / "telegram_group.json").read_text()
    path = tmp_path / "result.json"
    path.write_text(text.replace('"id": 8,', '"id": 8,,', 1))
    with pytest.raises(commsim.InputError) as err:
        chat.read_telegram(path)
    line = text[:text.index('"id": 8,')].count("\n") + 1
    assert f"{path}:{line}:" in str(err.value) and "invalid JSON" in str(err.value)


def test_invalid_utf8_names_the_line(test_data, tmp_path):
    data = (test_data / "chat" / "telegram_group.json").read_bytes()
    at = data.index("Добро".encode())
    path = tmp_path / "result.json"
    path.write_bytes(data[:at] + b"\xff" + data[at + 1:])
    with pytest.raises(commsim.InputError) as err:
        chat.read_telegram(path)
    line = data[:at].count(b"\n") + 1
    assert f"{path}:{line}:" in str(err.value) and "invalid UTF-8" in str(err.value)


def test_a_message_without_a_date_names_its_json_path(test_data, tmp_path):
    doc = json.loads((test_data / "chat" / "telegram_group.json").read_text())
    del doc["messages"][3]["date_unixtime"]
    del doc["messages"][3]["date"]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1))
    with pytest.raises(commsim.InputError, match=r"messages\[3\] \(message id 4\): no date_"):
        chat.read_telegram(path)


def test_not_a_chat_export_and_empty_chat(tmp_path):
    cases = {
        "list.json": ("[1, 2]", "not a Telegram export"),
        "other.json": ('{"about": "x", "contacts": {"list": []}}', "not a Telegram chat export"),
        "empty.json": ('{"name": "x", "type": "private_group", "id": 1, "messages": []}',
                       "empty chat"),
        "blank.json": ("", "empty file"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(commsim.InputError, match=message):
            chat.read_telegram(path)
