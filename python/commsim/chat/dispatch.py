"""Which reader an export needs: the format named, or the one its first bytes show."""

from __future__ import annotations

import os

from .._core import InputError
from .eventlog import COLUMNS, read_csv
from .events import EventStream, check_path
from .telegram import read_telegram
from .whatsapp import ANDROID, IOS, read_whatsapp

READERS = {"telegram": read_telegram, "whatsapp": read_whatsapp, "csv": read_csv}
SIGNS = {
    "telegram": "a JSON object (Telegram Desktop's result.json)",
    "whatsapp": "a first line such as '31/12/2023, 23:59 - Name: text' or "
                "'[31/12/2023, 23:59:59] Name: text'",
    "csv": "a header with " + ",".join(COLUMNS),
}


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of an export, from its first bytes.

    Parameters
    ----------
    path : str or path-like
        The export.

    Returns
    -------
    str
        ``telegram``, ``whatsapp`` or ``csv``.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    commsim.InputError
        When the file looks like none of them (the message lists what each
        format would start with).
    """
    p = check_path(path)
    with open(p, "rb") as f:
        head = f.read(1 << 16)
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    if text.lstrip().startswith("{"):
        return "telegram"
    lines = [line for line in text.split("\n") if line.strip("\u200e\u200f \t\r")]
    if lines:
        first = lines[0]
        if IOS.match(first) or ANDROID.match(first):
            return "whatsapp"
        header = [c.strip().strip('"') for c in first.rstrip("\r").split(",")]
        if all(c in header for c in COLUMNS):
            return "csv"
    raise InputError(f"{p}: not a chat export commsim knows; formats tried: "
                     + "; ".join(f"{name} ({sign})" for name, sign in SIGNS.items()))


def read_export(path: str | os.PathLike[str], format: str | None = None, *,  # noqa: A002
                tz: str | None = None, salt: str | bytes | None = None,
                **options) -> EventStream:
    """Read any supported chat export into events.

    Parameters
    ----------
    path : str or path-like
        The export.
    format : {'telegram', 'whatsapp', 'csv'}, optional
        The format; detected from the file's first bytes when omitted.
    tz : str, optional
        IANA zone of the export's local times (see each reader).
    salt : str or bytes, optional
        Salt for the author pseudonyms; random when omitted.
    **options
        Options of one reader: ``dayfirst`` (WhatsApp), ``chat`` (Telegram).

    Returns
    -------
    EventStream
        The events.

    Raises
    ------
    FileNotFoundError
        When there is no such file.
    commsim.InputError
        When the format is unknown, cannot be detected (the message lists
        the formats tried) or the reader rejects the file.
    TypeError
        When an option does not belong to the format's reader.
    """
    if format is None:
        format = detect_format(path)  # noqa: A001
    reader = READERS.get(format)
    if reader is None:
        raise InputError(f"unknown export format {format!r}; known: " + ", ".join(READERS))
    return reader(path, tz=tz, salt=salt, **options)
