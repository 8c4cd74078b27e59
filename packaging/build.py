"""Build the one-folder app: ``python packaging/build.py [--windowed] [--icon FILE]``.

The same command on Linux, Windows and macOS (PyInstaller builds for the system it runs on).
The folder lands in ``dist/artdesk/`` at the top of the repository; ``build/`` holds
PyInstaller's work files. Both are git-ignored. Needs ``pip install -e '.[build]'``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "artdesk.spec"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="also build 'ART Desk', a windowed program (Windows, macOS)",
    )
    parser.add_argument("--icon", help="program icon: .ico on Windows, .icns on macOS")
    args = parser.parse_args(argv)
    spec_options = []
    if args.windowed:
        spec_options.append("--windowed")
    if args.icon:
        spec_options += ["--icon", str(Path(args.icon).resolve())]
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",  # replace an earlier dist/artdesk
        "--clean",  # no stale cache from an earlier build with other contents
        "--log-level",
        "WARN",
        "--distpath",
        str(ROOT / "dist"),
        "--workpath",
        str(ROOT / "build"),
    ]
    if spec_options:
        command += ["--", *spec_options]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode != 0:
        print(f"build failed (exit {done.returncode})", file=sys.stderr)
        return done.returncode
    folder = ROOT / "dist" / "artdesk"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"built {folder} in {time.perf_counter() - started:.0f} s ({size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
