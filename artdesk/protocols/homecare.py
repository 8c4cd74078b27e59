"""Home-care suggestions for a visit: from the protocols' structures actually treated, with
what the safety screen rules out taken away."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from artdesk.protocols.loader import Library
from artdesk.protocols.model import HomeCare

# screening item → exercises it rules out. Each is said to the clinician (``left_out``), who
# may still add the exercise by hand after judging it safe.
RULED_OUT = {
    # DOMAIN.md §7 item 6: no flexion loading of the spine in osteoporosis
    "osteoporosis": re.compile(
        r"knees?[- ]to[- ]chest|sit[- ]?ups?|crunch|toe[- ]touch|forward bend", re.IGNORECASE
    ),
    # later pregnancy: lying flat on the back presses on the great veins (faintness), lying on
    # the front on the bump; the side-lying or standing version is the usual alternative
    "pregnancy": re.compile(
        r"lying on (?:your|the) (?:back|front)|knees?[- ]to[- ]chest", re.IGNORECASE
    ),
    # a patient who cannot feel the pressure cannot dose rolling on a ball or roller
    "reduced-sensation": re.compile(r"roll(?:ing)?.*(?:ball|roller)", re.IGNORECASE),
    # fluoroquinolone antibiotics weaken tendons (Achilles rupture): no heavy tendon loading
    # until the clinician has judged it — heel drops, loaded or single-leg calf raises, the
    # patellar tendon's wall sit and squats
    "fluoroquinolone": re.compile(
        r"heel drops|with a weight|single-leg heel raise|lower a light weight|wall sit|squat",
        re.IGNORECASE,
    ),
}


def ruled_out_by(item: HomeCare, answered: Collection[str]) -> list[str]:
    """The screening answers that rule ``item`` out (none: it may be suggested)."""
    return [
        k for k, pattern in RULED_OUT.items() if k in answered and pattern.search(item.exercise)
    ]


def ruled_out(item: HomeCare, answered: Collection[str]) -> bool:
    return bool(ruled_out_by(item, answered))


def suggest_home_care(
    library: Library, treated: Iterable[tuple[str, str]], answered: Collection[str] = ()
) -> list[HomeCare]:
    """Suggestions for (protocol id, structure key) pairs, in order, each exercise once;
    ``answered``: the screening items that apply (some rule exercises out).

    A protocol no longer in the library (records are kept for years) is passed over.
    """
    return [item for item in _candidates(library, treated) if not ruled_out(item, answered)]


def left_out(
    library: Library, treated: Iterable[tuple[str, str]], answered: Collection[str]
) -> list[str]:
    """What the screen kept out of the suggestions, and why: 'Knees-to-chest… (osteoporosis)'
    — said to the clinician, never dropped silently."""
    out = []
    for item in _candidates(library, treated):
        reasons = ruled_out_by(item, answered)
        if reasons:
            out.append(f"{item.exercise} ({', '.join(reasons)})")
    return out


def _candidates(library: Library, treated: Iterable[tuple[str, str]]) -> list[HomeCare]:
    seen: set[str] = set()
    items: list[HomeCare] = []
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
                items.append(item)
    return items
