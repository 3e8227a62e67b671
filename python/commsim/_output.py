"""Files the Python commands write (the report page, compare's plot): claimed
with the same check and lock as ``commsim run``'s results (``_core.claim_output``:
a regular file in a writable folder, none of the command's inputs, not being
written by another command), written under a temporary name beside the target
and renamed over it, so that the target appears whole or not at all and a
failure (a full disk) leaves nothing behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from . import _core


def write_output(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]],
                 overwrite: bool, label: str, write: Callable[[Path], None]) -> Path:
    """Claim ``path``, have ``write`` fill a temporary file, then rename it into place.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    inputs : iterable of str or path-like
        The files the command reads; ``path`` may be none of them.
    overwrite : bool
        Replace an existing file.
    label : str
        How the command names ``path`` in messages (``"--plot"``, ``"output"``).
    write : callable
        Called with the temporary path to write to.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    commsim.ScenarioError
        When ``path`` cannot be written as asked (see ``_core.claim_output``).
    """
    target = Path(path)
    with _core.claim_output(os.fspath(path), [os.fspath(i) for i in inputs], bool(overwrite),
                            label):
        partial = target.with_name(f".{target.name}.partial")
        try:
            write(partial)
            os.replace(partial, target)
        except OSError as e:
            partial.unlink(missing_ok=True)
            if e.filename is None and e.errno is not None:
                # Name the file the user asked for, not a nameless write.
                raise OSError(e.errno, e.strerror, os.fspath(target)) from e
            raise
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return target
