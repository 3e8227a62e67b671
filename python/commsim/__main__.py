"""``python -m commsim SUBCOMMAND ...``: the parts of the command line that
are analysis, and so live in Python. The ``commsim`` executable hands
``commsim compare`` and ``commsim report`` to ``python3 -m commsim ...``.
Whatever a command raises becomes one ``error:`` line and an exit code
(``_cli``), never a traceback."""

import sys

from . import comparison, observed, report, validation
from ._cli import BAD_INPUT, run_command

COMMANDS = {"compare": comparison.main, "observe": observed.main, "report": report.main,
            "validation": validation.main}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: python -m commsim {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        return BAD_INPUT
    return run_command(COMMANDS[argv[0]], argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
