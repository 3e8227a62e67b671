"""What the Python half of the command line (``commsim compare``, ``commsim
report``) does with errors: every exception becomes one ``error: ...`` line on
stderr and an exit code, as the C++ half does (``cli/messages.cpp``): 1 for bad
input (arguments, files that are missing, foreign, damaged, or cannot be
written as asked), 2 for everything else (a full disk, lack of memory, a bug).
No traceback reaches the user; ``COMMSIM_TRACEBACK=1`` shows one for debugging.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import traceback
from typing import Callable, NoReturn

from ._core import Error, InputError

BAD_INPUT = 1
RUNTIME_FAILURE = 2

# Errors of a path the user gave; the others (a full disk, an I/O error) are
# the machine's.
_PATH_ERRNOS = {errno.ENOENT, errno.EACCES, errno.EPERM, errno.EROFS, errno.ENAMETOOLONG,
                errno.ELOOP, errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.EINVAL}


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage error exits 1 (bad input) with one ``error:`` line."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the problem; exit with the bad-input code.

        Parameters
        ----------
        message : str
            What is wrong with the arguments.
        """
        self.print_usage(sys.stderr)
        print(f"error: {self.prog}: {message}", file=sys.stderr)
        sys.exit(BAD_INPUT)


def describe(exc: BaseException) -> tuple[str, int]:
    """The message and exit code for an exception raised by a command.

    Parameters
    ----------
    exc : BaseException
        What the command raised.

    Returns
    -------
    message : str
        One line for ``error: ...``.
    code : int
        1 for bad input, 2 for any other failure.
    """
    if isinstance(exc, InputError):
        return str(exc), BAD_INPUT
    if isinstance(exc, KeyError):
        return str(exc.args[0] if exc.args else exc), BAD_INPUT
    if isinstance(exc, OSError) and exc.errno is None:
        return str(exc), BAD_INPUT  # raised by commsim's own checks, with a message
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else ""
        if exc.filename2 is not None:
            where = f"{where} -> {exc.filename2}"
        reason = exc.strerror or str(exc)
        message = f"{where}: {reason}" if where else reason
        return message, BAD_INPUT if exc.errno in _PATH_ERRNOS else RUNTIME_FAILURE
    if isinstance(exc, MemoryError):
        return "out of memory: the results are too large to analyse on this machine", \
            RUNTIME_FAILURE
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", RUNTIME_FAILURE
    if isinstance(exc, Error):
        return str(exc), RUNTIME_FAILURE
    return f"internal error: {type(exc).__name__}: {exc}", RUNTIME_FAILURE


def run_command(main: Callable[[list[str]], int], argv: list[str]) -> int:
    """Run a command's ``main(argv)``, mapping whatever it raises to a line and a code.

    Parameters
    ----------
    main : callable
        The command, returning its exit code.
    argv : list of str
        Its arguments.

    Returns
    -------
    int
        The exit code.
    """
    try:
        return main(argv)
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - every exception is mapped, none escapes
        if os.environ.get("COMMSIM_TRACEBACK"):
            traceback.print_exc()
        message, code = describe(exc)
        print(f"error: {message}", file=sys.stderr)
        return code
