"""The generic event-log CSV: offsets, times out of order, every bad row
named by its line, and the round trip events -> CSV -> events."""

import warnings
from datetime import datetime, timezone

import numpy as np
import pytest

import commsim
from commsim import chat
from commsim.chat.eventlog import parse_timestamps

SALT = "test"
HEADER = "timestamp_utc,author,event,reply_to\n"


def utc(text):
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp())


def relabel(ids):
    """People numbered in order of first appearance (-1 stays -1)."""
    seen = {}
    return [-1 if i == -1 else seen.setdefault(i, len(seen)) for i in ids]


def test_offsets_and_rows_out_of_order(test_data):
    path = test_data / "chat" / "events_offset.csv"
    assert chat.detect_format(path) == "csv"
    with pytest.warns(chat.ChatWarning, match="1 event.s. earlier than the event before them"):
        events = chat.read_csv(path, salt=SALT)
    expected = [  # UTC; the file writes +09:00 (and one Z)
        ("2022-01-01 01:00", "a", "join", -1), ("2022-01-01 01:05", "a", "post", -1),
        ("2022-01-02 00:00", "b", "join", -1), ("2022-01-02 00:30", "b", "post", 1),
        ("2022-01-04 23:00", "c", "join", -1), ("2022-01-04 23:10", "c", "post", -1),
        ("2022-01-05 11:00", "a", "post", 5),
        ("2022-01-10 03:00", "b", "post", -1),   # row 8 of the file, before row 7 in time
        ("2022-01-20 03:00", "d", "join", -1),
        ("2022-02-15 03:00", "c", "leave", -1), ("2022-03-01 03:00", "e", "post", -1),
        ("2022-03-27 03:00", "d", "post", -1), ("2022-05-01 03:00", "b", "leave", -1),
        ("2022-07-01 03:00", "a", "post", -1), ("2022-07-02 03:00", "d", "leave", -1),
    ]
    times, people, kinds, replies = zip(*expected)
    assert events.time.tolist() == [utc(t) for t in times]
    assert relabel(events.author.tolist()) == relabel(people)
    assert [chat.KINDS[k] for k in events.kind] == list(kinds)
    assert events.reply_to.tolist() == list(replies)
    assert np.all(events.cause == 0) and np.all(events.by == -1)
    assert events.notes == ("1 event(s) out of time order, sorted by time (stable)",)
    assert events.leaves_recorded


def test_a_reply_keeps_its_post_when_sorting_moves_rows(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "2022-01-02T00:00:00Z,a,post,\n2022-01-01T00:00:00Z,b,post,\n"
                    "2022-01-03T00:00:00Z,c,post,0\n")
    with pytest.warns(chat.ChatWarning):
        events = chat.read_csv(path, salt=SALT)
    assert events.reply_to.tolist() == [-1, -1, 1]  # row 0 of the file is now row 1
    assert events.author[2] != events.author[1]


@pytest.mark.parametrize("rows, message", [
    ("2022-01-01T00:00:00Z,a,post,1\n2022-01-01T00:01:00Z,b,post,\n",
     r"log.csv:2: reply_to points at this row or a later one"),
    ("2022-01-01T00:00:00Z,a,post,0\n", r"log.csv:2: reply_to points at this row"),
    ("2022-01-01T00:00:00Z,a,join,\n2022-01-01T00:01:00Z,b,post,0\n",
     r"log.csv:3: reply_to 0 points at a join, not a post"),
    ("2022-01-01T00:00:00Z,a,post,\n2022-01-01T00:01:00Z,b,leave,0\n",
     r"log.csv:3: only a post can reply"),
    ("2022-01-01T00:00:00Z,a,post,\n2022-01-01T00:01:00Z,b,post,x\n",
     r"log.csv:3: reply_to must be empty or the 0-based data-row index"),
    ("2022-01-01T00:00:00Z,a,post,\n2022-01-01T00:01:00Z,b,post,-1\n",
     r"log.csv:3: reply_to must be empty"),
    ("2022-01-01T00:00:00Z,a,post,\n2022-01-01T00:01:00Z,b,like,\n",
     r"log.csv:3: event must be post, join or leave"),
    ("2022-01-01T00:00:00Z,a,post,\n01/02/2022 10:00,b,post,\n",
     r"log.csv:3: timestamp_utc is not an ISO 8601 time"),
    ("2022-02-30T00:00:00Z,a,post,\n", r"log.csv:2: timestamp_utc is not an ISO 8601 time"),
    ("2022-01-01T00:00:00Z,,post,\n", r"log.csv:2: author is empty"),
    ("2022-01-01T00:00:00Z,a,post,,extra\n", r"log.csv:2: not a valid CSV event log"),
    ("2022-01-01T00:00:00Z,a,post,\n2022-01-01T00:00:00Z,a,post,,extra\n",
     r"log.csv:3: not a valid CSV event log"),
    ("", r"log.csv: no events"),
])
def test_bad_rows_name_their_line(tmp_path, rows, message):
    path = tmp_path / "log.csv"
    path.write_text(HEADER + rows)
    with pytest.raises(commsim.InputError, match=message):
        chat.read_csv(path)


def test_not_an_event_log(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("time,user,text\n2022-01-01,a,hello\n")
    with pytest.raises(commsim.InputError, match=r"log.csv:1: not a commsim event log: the "
                                                 "header lacks timestamp_utc, author, event, "
                                                 "reply_to"):
        chat.read_csv(path)
    path.write_text("")
    with pytest.raises(commsim.InputError, match="empty file"):
        chat.read_csv(path)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(HEADER.encode() + b"2022-01-01T00:00:00Z,a,post,\n"
                     b"2022-01-01T00:01:00Z,b\xe9,post,\n")
    with pytest.raises(commsim.InputError, match=r"log.csv:3:23: invalid UTF-8"):
        chat.read_csv(path)


def test_timestamp_forms():
    values = ["2021-03-04T05:06:07Z", "2021-03-04T14:06:07+09:00", "2021-03-04 05:06",
              "2021-03-04T05:06:07.250Z", "2021-03-04T00:36:07-0430", "2021-03-04T07:06:07+02",
              "2021-03-04T05:06:07 "]
    seconds, bad = parse_timestamps(values)
    assert bad == -1
    expected = utc("2021-03-04 05:06") + 7
    assert seconds.tolist() == [expected, expected, expected - 7, expected, expected, expected,
                                expected]
    for wrong in ("2021-3-4T05:06:07Z", "2021-03-04T25:06:07Z", "2021-03-04T05:06:07 CET",
                  "yesterday", "2021-03-04"):
        assert parse_timestamps(["2021-03-04T05:06:07Z", wrong])[1] == 1, wrong


def same_events(a, b):
    assert len(a) == len(b)
    for name in ("time", "kind", "reply_to", "cause"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert relabel(a.author.tolist() + a.by.tolist()) == relabel(b.author.tolist() + b.by.tolist())


def same_metrics(a, b):
    assert a.start == b.start and a.days == b.days
    for name, series in a.timeseries.items():
        np.testing.assert_array_equal(series, b.timeseries[name], err_msg=name)
    for name, value in a.summary.items():
        assert value == pytest.approx(b.summary[name], nan_ok=True), name


@pytest.mark.parametrize("name, reader", [
    ("telegram_group.json", chat.read_telegram),
    ("whatsapp_ios.txt", chat.read_whatsapp),
    ("events_offset.csv", chat.read_csv),
])
def test_round_trip_through_the_generic_csv(test_data, tmp_path, name, reader):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", chat.ChatWarning)
        events = reader(test_data / "chat" / name, salt=SALT)
    path = chat.write_csv(events, tmp_path / "events.csv")
    back = chat.read_csv(path, salt="another salt")
    same_events(events, back)
    if not events.replies_recorded:  # WhatsApp: a CSV cannot say that replies are unknown
        assert np.all(back.reply_to == -1)
        return
    same_metrics(chat.observe(events), chat.observe(back))
    text = path.read_text()
    assert text.startswith("timestamp_utc,author,event,reply_to")
    if name.startswith("telegram"):
        assert text.splitlines()[0].endswith(",cause,by") and ",join,,created," in text
