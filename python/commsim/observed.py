"""A community's own chat history as an observed results file.

:func:`observe` reads a chat export (Telegram Desktop's ``result.json``,
WhatsApp's text export, or the generic CSV event log; see
:mod:`commsim.chat`), measures the community's vital signs with the
community model's metric names (:func:`commsim.chat.observe`), and writes
them as a results file of one run, laid out and written by the same code as
simulated results: ``commsim info``, :func:`commsim.open`, the plots,
:func:`commsim.compare` and the calibration's targets read it like a
simulation.

Privacy by construction: authors are pseudonymised with a salted hash when
the export is read; no message text, name, phone number or file name of
the export is stored in the observed file or printed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import xarray as xr

from . import _core, chat
from ._cli import ArgumentParser
from ._core import InputError

#: The vital signs ``commsim observe`` prints, in this order.
VITAL_SIGNS = ("posts_top1_share", "posts_top10_share", "posts_gini", "sign_ups_posting_share",
               "newcomers", "newcomer_answered_share", "newcomer_return_share_answered",
               "newcomer_return_share_unanswered")


def write_observed(observed: chat.ObservedMetrics, path: str | os.PathLike[str],
                   format: str, overwrite: bool = False, since=None,
                   inputs: tuple[str | os.PathLike[str], ...] = ()) -> Path:
    """Write observed metrics as a results file of one run.

    Parameters
    ----------
    observed : commsim.chat.ObservedMetrics
        What :func:`commsim.chat.observe` measured.
    path : str or path-like
        The results file to write (appears whole or not at all).
    format : str
        The export's format, recorded in the file.
    overwrite : bool
        Replace an existing file.
    since : str or date, optional
        The newcomer window's start, recorded in the file.
    inputs : tuple of path-like
        The files the metrics were read from (the export); ``path`` may be
        none of them.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    commsim.InputError
        The output exists (without ``overwrite``), its folder does not, or
        it is one of ``inputs``.
    """
    attributes = [
        ("name", "observed"),
        ("description", f"a community observed through its {format} export"),
        ("model", "community"),
        ("source", "observed"),
        ("observed_format", format),
        ("start_date", observed.start.isoformat()),
        ("tz", observed.tz),
        ("newcomers_since", "" if since is None else str(since)),
        ("notes", "\n".join(observed.notes)),
        ("command_line", "commsim observe"),
        ("scenario_source", ""),
        ("scenario_path", ""),
        ("overrides", ""),
    ]
    timeseries = {name: np.asarray(values, dtype=float)
                  for name, values in observed.timeseries.items()}
    summary = {name: float(value) for name, value in observed.summary.items()}
    _core.write_observed(os.fspath(path), timeseries, summary, dict(observed.units),
                         dict(observed.docs), attributes, bool(overwrite),
                         [os.fspath(p) for p in inputs])
    return Path(path)


def observe(export: str | os.PathLike[str], output: str | os.PathLike[str] | None = None, *,
            format: str | None = None, tz: str | None = None, since=None,
            salt: bytes | str | None = None, overwrite: bool = False,
            **options) -> xr.Dataset:
    """Read a chat export and measure it as an observed results file.

    Parameters
    ----------
    export : str or path-like
        A Telegram ``result.json``, a WhatsApp text export, or a CSV event
        log (``timestamp_utc,author,event,reply_to``).
    output : str or path-like, optional
        Write the observed results file here; without it the Dataset is
        returned only.
    format : {"telegram", "whatsapp", "csv"}, optional
        The export's format; detected when omitted.
    tz : str, optional
        IANA time zone of the calendar days (and of WhatsApp's local times).
    since : str or date, optional
        Count newcomers whose first post is on or after this date.
    salt : bytes or str, optional
        The pseudonymisation salt (random when omitted).
    overwrite : bool
        Replace an existing output file.
    **options
        Passed to the reader (``dayfirst`` for WhatsApp, ``chat`` for a
        Telegram account export).

    Returns
    -------
    xarray.Dataset
        One run, laid out as :func:`commsim.open` gives a simulated one.

    Raises
    ------
    FileNotFoundError, IsADirectoryError
        The export does not exist, or is a folder.
    commsim.InputError
        Not a chat export, an unreadable one (the message names the line or
        JSON path), or an output that cannot be written.
    """
    from .results import open as open_results

    events = chat.read_export(export, format=format, tz=tz, salt=salt, **options)
    observed = chat.observe(events, tz=tz, since=since)
    with tempfile.TemporaryDirectory(prefix="commsim-observed-") as scratch:
        path = Path(output) if output is not None else Path(scratch) / "observed.h5"
        write_observed(observed, path, events.source, overwrite=overwrite, since=since,
                       inputs=(export,))
        return open_results(path)


def main(argv: list[str]) -> int:
    """``commsim observe EXPORT -o observed.h5 ...`` (through ``python -m commsim``)."""
    parser = ArgumentParser(prog="commsim observe",
                            description="Read a chat export and write its observed metrics as a "
                                        "results file (no names or text are kept).")
    parser.add_argument("export", help="Telegram result.json, WhatsApp .txt, or CSV event log")
    parser.add_argument("-o", "--output", required=True, help="observed results file (HDF5)")
    parser.add_argument("--format", choices=["telegram", "whatsapp", "csv"],
                        help="the export's format (default: detected)")
    parser.add_argument("--tz", help="IANA time zone of the calendar days, such as Asia/Shanghai")
    parser.add_argument("--since", help="count newcomers whose first post is on or after this "
                                        "date (YYYY-MM-DD)")
    parser.add_argument("--dayfirst", choices=["yes", "no"],
                        help="WhatsApp dates: yes when the day comes before the month "
                             "(31/12/25), no when after (12/31/25); default: decided from the "
                             "file's dates")
    parser.add_argument("--chat", type=int, metavar="ID",
                        help="Telegram account export: the id of the chat to read (default: "
                             "its only group chat)")
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output")
    args = parser.parse_args(argv)
    options = {} if args.dayfirst is None else {"dayfirst": args.dayfirst == "yes"}
    if args.chat is not None:
        options["chat"] = args.chat
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", chat.ChatWarning)
        try:
            ds = observe(args.export, args.output, format=args.format, tz=args.tz,
                         since=args.since, overwrite=args.overwrite, **options)
        except (FileNotFoundError, IsADirectoryError, InputError, ValueError, TypeError) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        finally:
            for w in caught:
                if issubclass(w.category, chat.ChatWarning):
                    print(f"warning: {w.message}", file=sys.stderr)
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    days = int(ds.attrs.get("days", ds.sizes["day"]))
    # Day 0 is the first calendar day; `days` counts the days after it, as a
    # scenario's horizon does.
    print(f"{args.output}: observed community, {ds.sizes['day']} calendar days from "
          f"{ds.attrs['start_date']} ({ds.attrs['tz']}): days 0 to {days}")
    for name in VITAL_SIGNS:
        key = f"summary_{name}"
        if key in ds:
            print(f"  {name:34s} {float(ds[key].values[0]):.4g}")
    for note in filter(None, ds.attrs.get("notes", "").split("\n")):
        print(f"  note: {note}")
    return 0
