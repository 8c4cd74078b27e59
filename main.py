"""ART Desk entry point: ``python main.py [--db DB]`` opens the window; ``python main.py COMMAND``
runs headless (``python main.py --help`` lists the commands)."""

from __future__ import annotations

import sys


def run() -> int:
    from artdesk.commands import is_command_line

    if is_command_line(sys.argv[1:]):
        from artdesk.cli import main

        return main(sys.argv[1:])
    from ui.app import run_gui

    return run_gui(sys.argv)


if __name__ == "__main__":
    sys.exit(run())
