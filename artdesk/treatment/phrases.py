"""Quick phrases for a note, by phase: one key picks one while the hands stay on the patient."""

from __future__ import annotations

from artdesk.treatment.state import Phase

QUICK_PHRASES: dict[Phase, tuple[str, ...]] = {
    Phase.LOCATE: (
        "Restriction found at the musculotendinous junction",
        "Restriction palpable mid-belly",
        "Texture thickened, tension increased",
        "No restriction found on palpation",
    ),
    Phase.CONTACT: (
        "Tender on contact",
        "Familiar pain reproduced",
        "Contact eased: less pressure",
    ),
    Phase.LENGTHEN: (
        "Release felt during lengthening",
        "Movement smoother than the last pass",
        "Guarding: slowed the movement",
        "Pins and needles: stopped the pass",
    ),
    Phase.COMPLETE: (
        "Tension reduced after the passes",
        "Texture smoother after the passes",
        "Tenderness reduced",
        "No change after the passes",
    ),
}

SKIP_REASONS: tuple[str, ...] = (
    "Too tender today",
    "Patient declined",
    "Not indicated after assessment",
    "Out of time",
)
