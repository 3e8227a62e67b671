"""How fast the chat-export readers and the observed metrics are.

Writes synthetic exports of every format with N messages (default 10^6) to
a scratch folder, then reads each in a fresh process and reports the wall
time of reading, of computing the metrics, and the process's peak resident
memory (which includes the ~100 MB of an interpreter with NumPy and pandas).

    PYTHONPATH=build/dev/python python3 bench/observe_speed.py [--messages N] [--keep DIR]

The exports look like real ones: Telegram JSON with entity-list texts,
replies, edits and service joins; WhatsApp Android and iOS exports with
multi-line messages, media placeholders and system lines; the generic CSV
with replies and joins.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

START = 1_600_000_000  # 2020-09-13


def _times(n: int, rng: np.random.Generator) -> np.ndarray:
    # about two years, a message every ~60 s on average
    return START + np.cumsum(rng.integers(0, 120, n))


def write_telegram(path: Path, n: int, rng: np.random.Generator) -> None:
    times = _times(n, rng)
    authors = rng.zipf(1.6, n) % 5000
    with open(path, "w", encoding="utf-8") as f:
        f.write('{\n "name": "Synthetic group",\n "type": "private_supergroup",\n'
                ' "id": 1234567890,\n "messages": [\n')
        for i in range(n):
            t = int(times[i])
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t))
            a = int(authors[i])
            if i % 50 == 7:
                m = {"id": i + 1, "type": "service", "date": stamp, "date_unixtime": str(t),
                     "actor": f"Person {a}", "actor_id": f"user{a}",
                     "action": "join_group_by_link", "inviter": "Group", "text": "",
                     "text_entities": []}
            elif i % 50 == 8:
                m = {"id": i + 1, "type": "service", "date": stamp, "date_unixtime": str(t),
                     "actor": "Person 1", "actor_id": "user1", "action": "invite_members",
                     "members": [f"Person {a}"], "text": "", "text_entities": []}
            else:
                m = {"id": i + 1, "type": "message", "date": stamp, "date_unixtime": str(t),
                     "from": f"Person {a}", "from_id": f"user{a}"}
                if i % 3 == 0 and i > 10:
                    m["reply_to_message_id"] = int(i - rng.integers(1, 10))
                if i % 10 == 0:
                    m["edited"] = stamp
                    m["edited_unixtime"] = str(t + 60)
                if i % 4 == 0:
                    m["text"] = ["see ", {"type": "link", "text": "https://example.org"},
                                 " for the details"]
                    m["text_entities"] = [{"type": "plain", "text": "see "},
                                          {"type": "link", "text": "https://example.org"},
                                          {"type": "plain", "text": " for the details"}]
                else:
                    m["text"] = "a message of some length, like most are in a busy group"
                    m["text_entities"] = [{"type": "plain", "text": m["text"]}]
            f.write(json.dumps(m, ensure_ascii=False, indent=1).replace("\n", "\n   "))
            f.write(",\n" if i < n - 1 else "\n")
        f.write(" ]\n}\n")


def write_whatsapp(path: Path, n: int, rng: np.random.Generator, ios: bool = False) -> None:
    times = _times(n, rng)
    authors = rng.zipf(1.6, n) % 5000
    stamps = np.datetime_as_string(times.astype("datetime64[s]"), unit="s")
    system = "Group: \u200e" if ios else ""  # iOS: system lines under the group's name
    media = "\u200eimage omitted" if ios else "<Media omitted>"
    with open(path, "w", encoding="utf-8") as f:
        f.write(("[13/09/2020, 12:26:40] Group: \u200e" if ios else "13/09/2020, 12:26 - ")
                + "Messages and calls are end-to-end encrypted. No one outside of this chat, "
                "not even WhatsApp, can read or listen to them.\n")
        for i in range(n):
            s = str(stamps[i])
            head = (f"\u200e[{s[8:10]}/{s[5:7]}/{s[0:4]}, {s[11:19]}] " if ios
                    else f"{s[8:10]}/{s[5:7]}/{s[0:4]}, {s[11:16]} - ")
            a = int(authors[i])
            if i % 50 == 7:
                f.write(f"{head}{system}Person {a} joined using this group's invite link\n")
            elif i % 50 == 8:
                f.write(f"{head}{system}Person 1 added Person {a}\n")
            elif i % 20 == 0:
                f.write(f"{head}Person {a}: {media}\n")
            elif i % 7 == 0:
                f.write(f"{head}Person {a}: a message\nthat goes on\non three lines\n")
            else:
                f.write(f"{head}Person {a}: a message of some length, like most are\n")


def write_whatsapp_ios(path: Path, n: int, rng: np.random.Generator) -> None:
    write_whatsapp(path, n, rng, ios=True)


def write_csv(path: Path, n: int, rng: np.random.Generator) -> None:
    times = _times(n, rng)
    authors = rng.zipf(1.6, n) % 5000
    stamps = np.char.add(np.datetime_as_string(times.astype("datetime64[s]"), unit="s"), "Z")
    event = np.where(np.arange(n) % 50 == 7, "join", "post")
    reply = np.full(n, "", dtype=object)
    rows = np.arange(n)
    candidates = rows[(rows % 3 == 0) & (rows > 10) & (event == "post")]
    targets = candidates - rng.integers(1, 10, candidates.size)
    ok = event[targets] == "post"
    reply[candidates[ok]] = targets[ok].astype(str)
    with open(path, "w", encoding="utf-8") as f:
        f.write("timestamp_utc,author,event,reply_to\n")
        for s, a, e, r in zip(stamps.tolist(), authors.tolist(), event.tolist(), reply.tolist()):
            f.write(f"{s},u{a},{e},{r}\n")


WRITERS = {"telegram": (write_telegram, "result.json"),
           "whatsapp": (write_whatsapp, "_chat.txt"),
           "whatsapp-ios": (write_whatsapp_ios, "_chat_ios.txt"),
           "csv": (write_csv, "events.csv")}


def measure(fmt: str, path: Path) -> None:
    """Child process: read one export, compute the metrics, print figures as JSON."""
    import warnings

    from commsim import chat

    warnings.simplefilter("ignore", chat.ChatWarning)
    t0 = time.perf_counter()
    c0 = time.process_time()
    reader = fmt.split("-")[0]
    events = chat.read_export(path, format=reader, salt="bench", **(
        {"dayfirst": True} if reader == "whatsapp" else {}))
    t1 = time.perf_counter()
    c1 = time.process_time()
    read_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chat.observe(events)
    t2 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"format": fmt, "events": len(events), "read_s": round(t1 - t0, 2),
                      "read_cpu_s": round(c1 - c0, 2), "load": round(os.getloadavg()[0], 1),
                      "metrics_s": round(t2 - t1, 2), "peak_read_mib": round(read_rss),
                      "peak_mib": round(peak)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the exports here and keep them")
    parser.add_argument("--formats", nargs="*", default=list(WRITERS))
    parser.add_argument("--measure", nargs=2, metavar=("FORMAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]))
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(1)
        for fmt in args.formats:
            writer, name = WRITERS[fmt]
            path = folder / name
            if not path.exists():
                writer(path, args.messages, rng)
            size = path.stat().st_size / 2**20
            out = subprocess.run([sys.executable, __file__, "--measure", fmt, str(path)],
                                 check=True, capture_output=True, text=True, env=os.environ)
            figures = json.loads(out.stdout)
            print(f"{fmt:9s} {args.messages:>9,} messages, {size:7.1f} MiB: read "
                  f"{figures['read_s']:5.2f} s (CPU {figures['read_cpu_s']:5.2f} s, load "
                  f"{figures['load']}), metrics {figures['metrics_s']:5.2f} s, peak "
                  f"memory {figures['peak_read_mib']} MiB after reading, {figures['peak_mib']} "
                  f"MiB in all ({figures['events']:,} events)")


if __name__ == "__main__":
    main()
