"""Where the shipped data files are, found through ``importlib.resources``.

Going through the ``resources`` package (not ``__file__`` arithmetic) keeps a wheel or a frozen
build working the same as a source checkout.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_dir(*parts: str) -> Path:
    """Return a real filesystem path to a folder inside ``resources/``."""
    root = resources.files("resources")
    target = root.joinpath(*parts)
    return Path(str(target))


def protocols_dir() -> Path:
    return resource_dir("protocols")
