"""Protocol library: dataclasses and the TOML loader/validator (``resources/protocols``)."""

from artdesk.protocols.loader import Library, load_library, load_shipped_library
from artdesk.protocols.model import HomeCare, MovementMode, Protocol, Side, Structure
from artdesk.schema import Problem

__all__ = [
    "HomeCare",
    "Library",
    "MovementMode",
    "Problem",
    "Protocol",
    "Side",
    "Structure",
    "load_library",
    "load_shipped_library",
]
