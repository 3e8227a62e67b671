"""Progress of long runs: a line that updates in place in a notebook or a terminal.

:func:`commsim.run` calls a progress callable as ``progress(done, total,
elapsed_seconds)`` from the calling thread about five times a second. The
displays here show runs done, elapsed time and an estimate of the time left;
in a notebook the line is one output that updates (and stays, finished, in a
saved notebook).
"""

from __future__ import annotations

import sys
from typing import Callable

ProgressCallback = Callable[[int, int, float], None]

#: Work shorter than this shows no progress unless asked for.
QUIET_SECONDS = 1.0


def _duration(seconds: float) -> str:
    seconds = max(seconds, 0.0)
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, seconds = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def describe(done: int, total: int, elapsed: float, width: int = 24) -> str:
    """One progress line: bar, runs done / total, elapsed and remaining time."""
    fraction = done / total if total else 1.0
    filled = int(round(width * fraction))
    line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} runs, {_duration(elapsed)}"
    if done == total:
        return line
    if done:
        return f"{line} elapsed, about {_duration(elapsed * (total - done) / done)} left"
    return f"{line} elapsed"


class NotebookProgress:
    """Shows progress as one notebook output that updates in place.

    Nothing appears for work that takes less than ``delay`` seconds.
    """

    def __init__(self, delay: float = 0.0) -> None:
        self._delay = delay
        self._handle = None
        self._last = ""

    def __call__(self, done: int, total: int, elapsed: float) -> None:
        self.show(describe(done, total, elapsed), elapsed)

    def show(self, line: str, elapsed: float) -> None:
        """Replace the displayed line (once ``delay`` seconds have passed)."""
        if elapsed < self._delay:
            return
        if self._handle is None:
            from IPython.display import display

            self._handle = display({"text/plain": line}, raw=True, display_id=True)
        elif line != self._last:
            self._handle.update({"text/plain": line}, raw=True)
        self._last = line

    def done(self) -> None:
        """The work ended: the last line stays as it is."""


class TerminalProgress:
    """Shows progress on one line of a terminal (stderr), ending with a newline.

    Nothing appears for work that takes less than ``delay`` seconds.
    """

    def __init__(self, stream=None, delay: float = 0.0) -> None:
        self._stream = stream or sys.stderr
        self._delay = delay
        self._shown = False
        self._finished = False

    def __call__(self, done: int, total: int, elapsed: float) -> None:
        if self._finished:
            return
        self.show(describe(done, total, elapsed), elapsed)
        if done == total and self._shown:
            self.done()

    def show(self, line: str, elapsed: float) -> None:
        """Redraw the line (once ``delay`` seconds have passed)."""
        if self._finished or elapsed < self._delay:
            return
        self._stream.write(f"\r{line}\033[K")
        self._stream.flush()
        self._shown = True

    def done(self) -> None:
        """The work ended: end the line so later output starts afresh."""
        if self._shown and not self._finished:
            self._stream.write("\n")
            self._stream.flush()
        self._finished = True


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell"


def display_for(progress: bool | ProgressCallback | None) -> ProgressCallback | None:
    """The callable :func:`commsim.run` should report to.

    ``None`` picks one: a notebook display inside Jupyter, a terminal line
    when stderr is a terminal, nothing otherwise (logs, CI); either appears
    only once the work has taken a second, so quick runs stay quiet.
    ``True`` forces a display from the start, ``False`` turns it off, and a
    callable is used as it is.
    """
    if callable(progress):
        return progress
    if progress is False:
        return None
    if progress is not None and progress is not True:
        raise TypeError(f"progress must be True, False, None or a callable, got {progress!r}")
    delay = 0.0 if progress else QUIET_SECONDS
    if _in_notebook():
        return NotebookProgress(delay)
    if progress or sys.stderr.isatty():
        return TerminalProgress(delay=delay)
    return None
