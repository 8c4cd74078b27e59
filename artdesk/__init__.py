"""ART Desk core: protocols, the visit runner, storage and the command line.

Nothing in this package imports Qt or the ``ui`` package; the window is a thin layer over it.
"""

__version__ = "0.1.0"
