"""No name, phone number, user id or message text from an export survives in
what the readers and the metrics return, nor in their error messages."""

import pickle
import warnings

import numpy as np
import pytest

import commsim
from commsim import chat

SECRETS = [
    # people, as display names, numbers, user ids and user names
    "Zoë", "Åberg", "Олег", "Петров", "Mário", "Silva", "李雷", "Anna", "Schmidt", "Pedro",
    "Gómez", "Akiko", "Tanaka", "Björn", "Öberg", "Chen", "émile", "user1001", "user1007",
    "zoe_aberg", "+49 151 23456789", "23456789", "+7 912", "345 67 89", "+81 90", "1234 5678",
    # groups and texts
    "Книжный", "Garden", "Radgruppe", "Hausflur", "Добро", "todos", "Hallo", "补充", "Welcome",
    "gloves", "Schlüssel", "Zugangscode", "Привет", "sleep", "example.org",
]

EXPORTS = [
    ("telegram_group.json", {}),
    ("telegram_account.json", {"chat": 4242}),
    ("telegram_account.json", {"chat": 7777}),
    ("whatsapp_android_24h.txt", {}),
    ("whatsapp_android_12h.txt", {}),
    ("whatsapp_dotted.txt", {}),
    ("whatsapp_ios.txt", {}),
    ("whatsapp_ios_12h.txt", {}),
    ("events_offset.csv", {}),
]


def assert_clean(text):
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), f"{secret!r} leaked"


def everything_in(events, observed):
    """All text a caller can get out of the two objects."""
    parts = [repr(events), repr(observed), events.to_frame().to_string(),
             observed.cohorts.to_string(), " ".join(events.notes), " ".join(observed.notes),
             str(observed.summary), str(observed.timeseries)]
    for blob in (pickle.dumps(events), pickle.dumps(observed)):
        parts.append(blob.decode("utf-8", errors="replace"))
        parts.append(blob.decode("latin-1"))
    return "\n".join(parts)


@pytest.mark.parametrize("name, options", EXPORTS)
def test_nothing_personal_in_events_or_metrics(test_data, name, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", chat.ChatWarning)
        events = chat.read_export(test_data / "chat" / name, **options)
    for column in (events.time, events.author, events.kind, events.reply_to, events.cause,
                   events.by):
        assert isinstance(column, np.ndarray) and column.dtype.kind == "i"
    assert_clean(everything_in(events, chat.observe(events)))


def test_pseudonyms_change_with_the_salt(test_data):
    path = test_data / "chat" / "telegram_group.json"
    a = chat.read_telegram(path, salt="one")
    b = chat.read_telegram(path, salt="one")
    c = chat.read_telegram(path, salt="two")
    d, e = chat.read_telegram(path), chat.read_telegram(path)  # random salts
    assert np.array_equal(a.author, b.author)
    assert not set(a.author.tolist()) & set(c.author.tolist())
    assert not set(d.author.tolist()) & set(e.author.tolist())
    assert (a.author >= 0).all()


def broken_exports(data, tmp_path):
    """Bad files whose broken spot sits next to names and text."""
    group = (data / "telegram_group.json").read_text(encoding="utf-8")
    whatsapp = (data / "whatsapp_android_24h.txt").read_text(encoding="utf-8")
    csv = (data / "events_offset.csv").read_text(encoding="utf-8")
    files = {
        "truncated.json": group[:group.index("Добро") + 3],
        "broken.json": group.replace('"from": "Zoë Åberg",', '"from": "Zoë Åberg",,', 1),
        "personal.json": (data / "telegram_personal.json").read_text(encoding="utf-8"),
        "bad_date.txt": whatsapp.replace("16/02/2023, 07:30", "31/02/2023, 07:30"),
        "bad_layout.txt": "Zoë Åberg: Welcome everyone! +49 151 23456789\n",
        "bad_event.csv": csv.replace("Akiko Tanaka,post,", "Akiko Tanaka,Welcome,", 1),
        "bad_reply.csv": csv.replace("Björn Öberg,post,1", "Björn Öberg,post,4"),
        "bad_time.csv": csv.replace("2022-01-05T08:10:00+09:00", "Zoë", 1),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        yield path
    path = tmp_path / "bad_utf8.txt"
    raw = whatsapp.encode("utf-8")
    at = raw.index("Олег".encode())
    path.write_bytes(raw[:at] + b"\xff" + raw[at + 1:])
    yield path
    yield data / "telegram_account.json"   # several groups: the message lists them
    yield data / "whatsapp_ambiguous.txt"


def test_error_messages_name_places_not_people(test_data, tmp_path):
    count = 0
    for path in broken_exports(test_data / "chat", tmp_path):
        with pytest.raises(commsim.InputError) as err:
            chat.read_export(path)
        message = str(err.value)
        assert message.startswith(str(path)), message
        assert_clean(message.replace(str(path), "FILE"))
        count += 1
    assert count == 11
