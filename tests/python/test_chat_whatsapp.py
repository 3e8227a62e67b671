"""WhatsApp text exports: every date layout gives the same events; system
lines, media placeholders, multi-line messages; day/month decisions, time
zones and errors with line numbers."""

from datetime import datetime, timezone

import numpy as np
import pytest

import commsim
from commsim import chat
from commsim.chat import whatsapp

SALT = "test"
LAYOUTS = ["whatsapp_android_24h.txt", "whatsapp_android_12h.txt", "whatsapp_dotted.txt",
           "whatsapp_ios.txt", "whatsapp_ios_12h.txt"]

# Local time in Berlin (UTC+1 in February); the same chat in every layout.
CHAT = [
    ("14 09:15", "Zoe", "join", "created", "-"),
    ("14 09:16", "Oleg", "join", "added", "Zoe"),
    ("14 09:16", "Mario", "join", "added", "Zoe"),
    ("14 09:16", "Phone", "join", "added", "Zoe"),
    ("14 09:20", "Zoe", "post", "unknown", "-"),      # four lines
    ("14 10:02", "Oleg", "post", "unknown", "-"),     # <Media omitted> / image omitted
    ("14 10:05", "Phone", "post", "unknown", "-"),    # an author known by number only
    ("15 18:40", "Anna", "join", "link", "-"),
    ("15 18:41", "Anna", "post", "unknown", "-"),
    ("16 07:30", "Mario", "post", "unknown", "-"),    # This message was deleted
    ("16 08:00", "Mario", "leave", "self", "-"),
    ("17 12:00", "Phone", "leave", "removed", "Zoe"),
    ("17 12:01", "Pedro", "join", "added", "You"),
    ("17 12:05", "Pedro", "post", "unknown", "-"),    # 12:05 PM; text has ": "
    ("18 21:10", "Zoe", "post", "unknown", "-"),      # text holds a date and " - "
    ("19 00:30", "Oleg", "post", "unknown", "-"),     # 12:30 AM
    ("20 10:00", "Oleg", "post", "unknown", "-"),
]


def berlin(stamp):
    day, clock = stamp.split()
    local = datetime.strptime(f"2023-02-{day} {clock}", "%Y-%m-%d %H:%M")
    return int(local.replace(tzinfo=timezone.utc).timestamp()) - 3600


def check(events, expected, seconds=0):
    times, people, kinds, causes, bys = zip(*expected)
    assert len(events) == len(expected)
    late = events.time - np.array([berlin(t) for t in times])
    assert np.all((late >= 0) & (late <= seconds))
    mapping = {}
    for pid, name in zip(events.author.tolist() + events.by.tolist(), people + bys):
        if name != "-":
            assert mapping.setdefault(pid, name) == name
    assert len(set(mapping.values())) == len(mapping)
    assert [chat.KINDS[k] for k in events.kind] == list(kinds)
    assert [chat.CAUSES[c] for c in events.cause] == list(causes)
    assert [mapping.get(b, "-") for b in events.by.tolist()] == list(bys)
    assert np.all(events.reply_to == -1)


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_gives_the_same_events(test_data, name):
    path = test_data / "chat" / name
    assert chat.detect_format(path) == "whatsapp"
    events = chat.read_whatsapp(path, tz="Europe/Berlin", salt=SALT)
    # iOS writes seconds: its first line (the group's creation) is at 09:15:03
    check(events, CHAT, seconds=3 if "ios" in name else 0)
    assert events.source == "whatsapp" and events.tz == "Europe/Berlin"
    assert not events.replies_recorded and events.leaves_recorded
    first = "month" if "12h" in name else "day"
    family = "iOS" if "ios" in name else "Android"
    assert events.notes[0] == f"{family} layout, {first} first, local time read in Europe/Berlin"
    assert "2 system line(s) without a membership change skipped" in events.notes
    reference = chat.read_whatsapp(test_data / "chat" / LAYOUTS[0], tz="Europe/Berlin",
                                   salt=SALT)
    assert np.array_equal(events.author, reference.author)  # same names, same pseudonyms
    assert np.array_equal(events.by, reference.by)


def test_without_tz_local_time_is_taken_as_utc(test_data):
    path = test_data / "chat" / "whatsapp_android_24h.txt"
    local = chat.read_whatsapp(path, salt=SALT)
    berlin_time = chat.read_whatsapp(path, tz="Europe/Berlin", salt=SALT)
    assert np.all(local.time - berlin_time.time == 3600)
    assert local.tz is None and "local time read in UTC" in local.notes[0]


def test_windows_line_ends_and_a_byte_order_mark(test_data, tmp_path):
    text = (test_data / "chat" / "whatsapp_android_12h.txt").read_text(encoding="utf-8")
    path = tmp_path / "WhatsApp Chat with Garden club.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    check(chat.read_whatsapp(path, tz="Europe/Berlin", salt=SALT), CHAT)


def test_the_file_is_read_in_pieces(test_data, monkeypatch):
    path = test_data / "chat" / "whatsapp_ios.txt"
    whole = chat.read_whatsapp(path, salt=SALT)
    monkeypatch.setattr(whatsapp, "_CHUNK", 150)
    pieces = chat.read_whatsapp(path, salt=SALT)
    assert np.array_equal(whole.time, pieces.time)
    assert np.array_equal(whole.author, pieces.author) and np.array_equal(whole.kind, pieces.kind)


def test_ambiguous_dates_need_dayfirst(test_data, tmp_path):
    path = test_data / "chat" / "whatsapp_ambiguous.txt"
    with pytest.raises(commsim.InputError) as err:
        chat.read_whatsapp(path)
    message = str(err.value)
    assert "cannot tell day from month" in message and "--dayfirst yes" in message
    assert "dayfirst=True" in message
    assert "m/d/yy, h:mm AM - Name: text" in message  # the layouts tried
    day_first = chat.read_whatsapp(path, dayfirst=True, salt=SALT)
    month_first = chat.read_whatsapp(path, dayfirst=False, salt=SALT)
    assert datetime.fromtimestamp(int(day_first.time[0]), timezone.utc).date().isoformat() \
        == "2023-04-03"
    assert datetime.fromtimestamp(int(month_first.time[0]), timezone.utc).date().isoformat() \
        == "2023-03-04"
    # dotted dates are day first in every locale that writes them
    dotted = tmp_path / "dotted.txt"
    dotted.write_text(path.read_text(encoding="utf-8").replace("03/04/2023", "03.04.23")
                      .replace("05/04/2023", "05.04.23"), encoding="utf-8")
    assert np.array_equal(chat.read_whatsapp(dotted, salt=SALT).time, day_first.time)


def test_dayfirst_that_contradicts_the_file_is_an_error(test_data):
    path = test_data / "chat" / "whatsapp_android_24h.txt"
    with pytest.raises(commsim.InputError, match=r"whatsapp_android_24h.txt:1: day first "
                                                 r"\(--dayfirst no, dayfirst=False in Python\) "
                                                 "contradicts this date"):
        chat.read_whatsapp(path, dayfirst=False)


def test_mixed_day_and_month_order_is_an_error(tmp_path):
    path = tmp_path / "_chat.txt"
    path.write_text("14/02/2023, 09:15 - Ann: a\n02/14/2023, 09:16 - Bo: b\n", encoding="utf-8")
    with pytest.raises(commsim.InputError, match="neither all day-first nor all month-first"):
        chat.read_whatsapp(path)


def test_unknown_layout_lists_the_layouts_tried(tmp_path):
    path = tmp_path / "_chat.txt"
    path.write_text("\n2023-02-14 09:15 - Ann: hello\n", encoding="utf-8")
    with pytest.raises(commsim.InputError) as err:
        chat.read_whatsapp(path)
    message = str(err.value)
    assert message.startswith(f"{path}:2: not a WhatsApp chat export")
    for layout in whatsapp.LAYOUTS:
        assert layout in message
    with pytest.raises(commsim.InputError, match="formats tried: telegram"):
        chat.read_export(path)


def test_a_date_that_does_not_exist_names_its_line(tmp_path):
    path = tmp_path / "_chat.txt"
    path.write_text("14/02/2023, 09:15 - Ann: a\nsecond line\n31/02/2023, 09:16 - Bo: b\n",
                    encoding="utf-8")
    with pytest.raises(commsim.InputError, match=r"_chat.txt:3: no such date \(day/month/year\)"):
        chat.read_whatsapp(path)
    path.write_text("2/14/23, 13:15 PM - Ann: a\n", encoding="utf-8")
    with pytest.raises(commsim.InputError, match=r"_chat.txt:1: no such time of day"):
        chat.read_whatsapp(path)


def test_invalid_utf8_names_line_and_column(test_data, tmp_path):
    data = (test_data / "chat" / "whatsapp_android_24h.txt").read_bytes()
    at = data.index(b"Hello")
    path = tmp_path / "_chat.txt"
    path.write_bytes(data[:at] + b"\xc3\x28" + data[at + 2:])
    line = data[:at].count(b"\n") + 1
    column = at - data.rfind(b"\n", 0, at)
    with pytest.raises(commsim.InputError, match=rf"_chat.txt:{line}:{column}: invalid UTF-8"):
        chat.read_whatsapp(path)


def test_only_system_lines_is_an_empty_chat(tmp_path):
    path = tmp_path / "_chat.txt"
    path.write_text("14/02/2023, 09:15 - Messages and calls are end-to-end encrypted. No one "
                    "outside of this chat, not even WhatsApp, can read or listen to them.\n"
                    "14/02/2023, 09:16 - Ann changed this group's icon\n", encoding="utf-8")
    with pytest.raises(commsim.InputError, match="empty chat"):
        chat.read_whatsapp(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(commsim.InputError, match="empty file"):
        chat.read_whatsapp(path)


def test_system_lines_in_another_language_are_counted_not_guessed(tmp_path):
    path = tmp_path / "_chat.txt"
    path.write_text("14.02.23, 09:15 - Ann hat Bo hinzugefügt\n14.02.23, 09:16 - Bo: hallo\n",
                    encoding="utf-8")
    events = chat.read_whatsapp(path, salt=SALT)
    assert [chat.KINDS[k] for k in events.kind] == ["post"]
    assert "1 system line(s) not recognised (not English?) skipped" in events.notes


def test_several_people_added_at_once_and_you(tmp_path):
    path = tmp_path / "_chat.txt"
    path.write_text("1/5/23, 9:41\u202fPM - You added Ann, Bo, Cy and Di\n"
                    "1/5/23, 9:42\u202fPM - Bo removed you\n"
                    "1/13/23, 9:43\u202fPM - You joined using this group's invite link\n",
                    encoding="utf-8")
    events = chat.read_whatsapp(path, salt=SALT)
    kinds = [chat.KINDS[k] for k in events.kind]
    assert kinds == ["join"] * 4 + ["leave", "join"]
    you = events.author[4]
    assert events.author[5] == you and np.all(events.by[:4] == you) and events.by[4] == \
        events.author[1]
    assert len(set(events.author[:4].tolist())) == 4
