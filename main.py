"""ART Desk entry point: no arguments opens the window; a command runs headless (see --help)."""

from __future__ import annotations

import sys


def run() -> int:
    if len(sys.argv) > 1:
        from artdesk.cli import main

        return main(sys.argv[1:])
    from ui.app import run_gui

    return run_gui(sys.argv)


if __name__ == "__main__":
    sys.exit(run())
