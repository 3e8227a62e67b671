"""The common event stream: pseudonyms, stable sorting with a warning, local
time to UTC across daylight-saving changes, format detection, and numpydoc
sections on every public function of commsim.chat."""

import inspect
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

import commsim
from commsim import chat
from commsim.chat import events as ev


def seconds(text):
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc).timestamp())


def test_pseudonyms_are_hmac_sha256_of_the_key():
    key = ev.salt_bytes("salt")
    a, b = ev.pseudonyms(["Ann", "Bo"], key)
    assert a != b and a >= 0 and b >= 0
    assert ev.pseudonyms(["Ann"], key)[0] == a
    assert ev.pseudonyms(["Ann"], ev.salt_bytes(b"other"))[0] != a
    assert len(ev.salt_bytes(None)) == 32 and ev.salt_bytes(None) != ev.salt_bytes(None)
    with pytest.raises(TypeError):
        ev.salt_bytes(42)


def test_build_sorts_stably_and_keeps_reply_targets():
    time = np.array([30, 10, 20, 10])
    with pytest.warns(chat.ChatWarning, match="2 event.s. earlier than the event before them"):
        stream = ev.build_stream(time=time, author=["a", "b", "a", "c"],
                                 kind=[chat.POST, chat.POST, chat.JOIN, chat.POST],
                                 reply_to=[-1, 0, -1, 1], salt="s", source="test",
                                 path=Path("x"))
    assert stream.time.tolist() == [10, 10, 20, 30]
    # old rows 1, 3, 2, 0; old row 3 replied to old row 1, old row 1 to old row 0
    assert stream.reply_to.tolist() == [3, 0, -1, -1]
    assert stream.author[2] == stream.author[3] != stream.author[0]
    assert stream.notes == ("2 event(s) out of time order, sorted by time (stable)",)
    with pytest.raises(ValueError, match="reply targets must be other posts"):
        ev.build_stream(time=[1, 2], author=["a", "b"], kind=[chat.JOIN, chat.POST],
                        reply_to=[-1, 0], salt="s", source="test", path=Path("x"))


def test_stream_repr_and_frame():
    stream = ev.build_stream(time=[seconds("2023-01-01 10:00"), seconds("2023-01-02 11:00")],
                             author=["a", "b"], kind=[chat.JOIN, chat.POST], reply_to=[-1, -1],
                             cause=[ev.CAUSE["link"], 0], salt="s", source="test",
                             path=Path("x"))
    assert repr(stream) == ("EventStream(source='test', events=2, posts=1, joins=1, leaves=0, "
                            "people=2, 2023-01-01T10:00:00Z to 2023-01-02T11:00:00Z)")
    frame = stream.to_frame()
    assert frame["kind"].tolist() == ["join", "post"]
    assert frame["cause"].tolist() == ["link", "unknown"]
    assert str(frame["time"].dt.tz) == "UTC"


def test_local_time_across_daylight_saving_changes():
    berlin = "Europe/Berlin"
    local = np.array([seconds("2023-01-15 12:00"), seconds("2023-07-15 12:00"),
                      seconds("2023-03-26 02:30"),    # does not exist: clocks jump 2:00 -> 3:00
                      seconds("2023-10-29 02:30")])   # occurs twice: the first is taken
    utc = ev.local_to_utc(local, berlin)
    assert (local - utc).tolist() == [3600, 7200, 3600, 7200]
    assert (ev.utc_to_local(utc, berlin) - utc).tolist() == [3600, 7200, 7200, 7200]
    assert np.array_equal(ev.local_to_utc(local, None), local)
    assert np.array_equal(ev.local_to_utc(local, "UTC"), local)
    kolkata = ev.local_to_utc(np.array([seconds("2023-01-15 12:00")]), "Asia/Kolkata")
    assert (seconds("2023-01-15 12:00") - kolkata).tolist() == [19800]
    with pytest.raises(commsim.InputError, match="unknown time zone 'Mars/Olympus'"):
        ev.zone("Mars/Olympus")


def test_civil_dates():
    assert ev.days_from_civil(np.array([1970, 2000, 2024]), np.array([1, 3, 2]),
                              np.array([1, 1, 29])).tolist() == [0, 11017, 19782]
    assert ev.valid_dates(np.array([2024, 2023, 2000, 1900, 2023]), np.array([2, 2, 2, 2, 13]),
                          np.array([29, 29, 29, 29, 1])).tolist() == [True, False, True, False,
                                                                       False]


def test_read_export_says_which_formats_it_tried(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(commsim.InputError) as err:
        chat.read_export(path)
    message = str(err.value)
    for name in ("telegram", "whatsapp", "csv"):
        assert name in message
    with pytest.raises(commsim.InputError, match="unknown export format 'slack'"):
        chat.read_export(path, format="slack")
    with pytest.raises(FileNotFoundError):
        chat.read_export(tmp_path / "missing.json")


def test_read_export_passes_options_to_the_reader(test_data):
    path = test_data / "chat" / "whatsapp_ambiguous.txt"
    events = chat.read_export(path, "whatsapp", tz="Europe/Berlin", dayfirst=True)
    assert events.tz == "Europe/Berlin" and len(events) == 2
    with pytest.raises(TypeError):
        chat.read_export(path, chat=5)


def test_public_functions_have_numpydoc_sections():
    for name in chat.__all__:
        obj = getattr(chat, name)
        members = [(name, obj)]
        if inspect.isclass(obj):
            members = [(f"{name}.{m}", f) for m, f in vars(obj).items()
                       if inspect.isfunction(f) and not m.startswith("_")]
        for label, function in members:
            if not inspect.isfunction(function):
                continue
            doc = inspect.getdoc(function) or ""
            assert doc, f"commsim.chat.{label} has no docstring"
            parameters = [p for p in inspect.signature(function).parameters if p != "self"]
            if parameters:
                assert "Parameters\n----------" in doc, f"{label}: no Parameters section"
            assert "Returns\n-------" in doc, f"{label}: no Returns section"
            if name.startswith("read_") or name in ("observe", "write_csv", "detect_format"):
                assert "Raises\n------" in doc, f"{label}: no Raises section"
