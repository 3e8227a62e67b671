"""Chat exports as observed data: readers, one event stream, observed metrics.

One small reader per format turns a file into the same
:class:`EventStream` (time, pseudonymous author, post / join / leave, reply
target, how a join or leave came about); :func:`observe` computes the
observed metrics from any stream with the community model's names.
:func:`event_log` gives a simulated community's run as such a stream, so it
can be written out as an export and read back (the round trip).

Examples
--------
>>> from commsim import chat
>>> events = chat.read_export("result.json", tz="Europe/Berlin")
>>> observed = chat.observe(events, since="2021-01-01")
>>> observed.summary["posts_gini"], observed.timeseries["members"][-1]
"""

from .dispatch import detect_format, read_export
from .eventlog import read_csv, write_csv
from .events import CAUSES, JOIN, KINDS, LEAVE, POST, ChatWarning, EventStream
from .metrics import ObservedMetrics, inequality, observe
from .simulated import event_log
from .telegram import read_telegram
from .whatsapp import read_whatsapp

__all__ = [
    "CAUSES",
    "ChatWarning",
    "EventStream",
    "JOIN",
    "KINDS",
    "LEAVE",
    "ObservedMetrics",
    "POST",
    "detect_format",
    "event_log",
    "inequality",
    "observe",
    "read_csv",
    "read_export",
    "read_telegram",
    "read_whatsapp",
    "write_csv",
]
