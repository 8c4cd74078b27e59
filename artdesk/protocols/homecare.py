"""Home-care suggestions for a visit: from the protocols' structures actually treated."""

from __future__ import annotations

from collections.abc import Iterable

from artdesk.protocols.loader import Library
from artdesk.protocols.model import HomeCare


def suggest_home_care(library: Library, treated: Iterable[tuple[str, str]]) -> list[HomeCare]:
    """Suggestions for (protocol id, structure key) pairs, in order, each exercise once.

    A protocol no longer in the library (records are kept for years) is passed over.
    """
    seen: set[str] = set()
    suggestions: list[HomeCare] = []
    for protocol_id, structure_key in treated:
        protocol = library.protocols.get(protocol_id)
        if protocol is None:
            continue
        try:
            structure = protocol.structure(structure_key)
        except KeyError:
            continue
        for item in structure.home_care:
            if item.exercise not in seen:
                seen.add(item.exercise)
                suggestions.append(item)
    return suggestions
