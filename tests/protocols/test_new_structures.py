"""The structures the review found missing for runners (issue 13 item 5), each at the library's
bar: a name a patient understands, home care in plain words, body regions, the joints it
crosses with the muscle's actual action at each, and the cautions of what lies beside it."""

from __future__ import annotations

import pytest

from artdesk.protocols import Library, Protocol, Structure

# key → (protocol, a body region the protocol names, the joints as --show prints them)
NAMED = {
    # the tendon is loaded and lengthened as the knee bends
    "patellar-tendon": ("anterior-knee", "anterior-knee", {"knee: extension → flexion"}),
    # the vastus lateralis crosses the knee only; the band also crosses the hip, held for the pass
    "distal-it-band-vastus-lateralis": (
        "lateral-knee",
        "lateral-knee",
        {"hip: held in extension + adduction", "knee: extension → flexion"},
    ),
    # both cross the ankle and the subtalar joint; FHL the big toe, FDL the other toes
    "fhl-fdl": (
        "medial-ankle",
        "ankle",
        {
            "ankle: plantarflexion → dorsiflexion",
            "subtalar: inversion → eversion",
            "big toe: flexion → extension",
            "toes (2nd–5th): flexion → extension",
        },
    ),
    # knee flexion with the tibia rotated inward on the femur shortens it
    "popliteus": (
        "posterior-knee",
        "posterior-knee",
        {"knee: flexion + internal rotation → extension + external rotation"},
    ),
    # abducts, and its front fibres turn the hip inward
    "gluteus-minimus": (
        "lateral-hip",
        "lateral-hip",
        {"hip: abduction + internal rotation → adduction + external rotation"},
    ),
}

MORE = {
    "adductor-longus-pubis": ("groin", {"hip: adduction + flexion → abduction + extension"}),
    "proximal-hamstring-tendon": (
        "proximal-hamstring",
        {"hip: held in extension", "knee: flexion → extension"},
    ),
    "tibial-nerve-tarsal-tunnel": (
        "medial-ankle",
        {
            "knee: held in extension",
            "ankle: plantarflexion → dorsiflexion",
            "subtalar: inversion → eversion",
            "big toe: flexion → extension",
            "toes (2nd–5th): flexion → extension",
        },
    ),
    "common-fibular-nerve": (
        "lateral-knee",
        {
            "knee: flexion → extension",
            "ankle: dorsiflexion → plantarflexion",
            "subtalar: eversion → inversion",
        },
    ),
    "thoracic-erectors": (
        "upper-back",
        {"thoracic spine: extension + lateral flexion toward → flexion + lateral flexion away"},
    ),
}


def _find(library: Library, key: str) -> tuple[Protocol, Structure]:
    found = [(p, s) for p in library.sorted() for s in p.structures if s.key == key]
    assert len(found) == 1, key
    return found[0]


def test_the_library_reaches_17_protocols_and_32_structures(library: Library) -> None:
    assert library.problems == []
    assert len(library.protocols) >= 17
    assert library.structure_count >= 32


@pytest.mark.parametrize("key", sorted(NAMED))
def test_each_named_structure_is_there_with_a_plain_name_home_care_and_regions(
    library: Library, key: str
) -> None:
    protocol_id, region, joints = NAMED[key]
    protocol, s = _find(library, key)
    assert protocol.id == protocol_id
    assert region in protocol.regions
    assert protocol in library.for_region(region)  # where it hurts offers it
    assert s.plain_name.startswith(("the ", "your ")) and "(" in s.plain_name, s.plain_name
    assert s.home_care and all(h.exercise and h.frequency for h in s.home_care)
    assert {str(j) for j in s.joints} == joints


@pytest.mark.parametrize("key", sorted(MORE))
def test_the_other_new_structures_cross_their_joints_the_right_way(
    library: Library, key: str
) -> None:
    protocol_id, joints = MORE[key]
    protocol, s = _find(library, key)
    assert protocol.id == protocol_id and s.home_care and s.plain_name
    assert {str(j) for j in s.joints} == joints


def _cautions(library: Library, key: str) -> str:
    return " | ".join(_find(library, key)[1].precautions).casefold()


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("patellar-tendon", ["rupture", "stop and refer"]),
        ("patellar-tendon", ["growth-plate", "never on the bony bump"]),
        ("popliteus", ["popliteal artery", "tibial nerve", "no pressure"]),
        ("popliteus", ["dvt", "emergency care now"]),
        ("fhl-fdl", ["tarsal tunnel", "tibial nerve", "no pressure"]),
        ("fhl-fdl", ["compartment syndrome", "emergency care"]),
        ("distal-it-band-vastus-lateralis", ["common fibular nerve", "above the knee joint line"]),
        ("gluteus-minimus", ["gluteal tendinopathy", "adduction short of the midline"]),
        ("adductor-longus-pubis", ["femoral triangle", "stop if you feel a pulse"]),
        ("adductor-longus-pubis", ["consent", "chaperone"]),
        ("proximal-hamstring-tendon", ["no stretching into hip flexion"]),
        ("proximal-hamstring-tendon", ["avulsion", "stop and refer"]),
        ("tibial-nerve-tarsal-tunnel", ["worsening neurological deficit", "no tensioning"]),
        ("common-fibular-nerve", ["worsening neurological deficit", "no tensioning"]),
        ("common-fibular-nerve", ["never a thumb pressing it against the bone"]),
        ("thoracic-erectors", ["chest pain", "emergency care now"]),
        ("thoracic-erectors", ["osteoporosis", "no spinal flexion under pressure"]),
    ],
)
def test_each_new_structure_carries_the_cautions_of_what_lies_beside_it(
    library: Library, key: str, words: list[str]
) -> None:
    cautions = _cautions(library, key)
    assert all(w in cautions for w in words), (key, words)


@pytest.mark.parametrize("key", ["tibial-nerve-tarsal-tunnel", "common-fibular-nerve"])
def test_a_nerve_pass_is_a_tensioner_from_slack_with_a_light_contact(
    library: Library, key: str
) -> None:
    s = _find(library, key)[1]
    assert s.shortened_position.startswith("Nerve slack")
    assert s.lengthening.startswith("Tensioner") and "stop before symptoms" in s.lengthening
    assert s.contact.startswith("Broad, light contact")
    assert any("slider" in h.exercise for h in s.home_care)  # the home version glides, gently


def test_the_tarsal_tunnel_contact_keeps_off_the_pulse(library: Library) -> None:
    contact = _find(library, "tibial-nerve-tarsal-tunnel")[1].contact.casefold()
    assert "never on the pulse" in contact and "no deep pressure" in contact
    fhl = _find(library, "fhl-fdl")[1].contact.casefold()
    # the tibial nerve and artery lie just inside the Achilles, then behind the inner ankle bone
    assert "not just inside the achilles tendon nor in the hollow behind the inner ankle" in fhl


NEW_PROTOCOLS = {
    "anterior-knee",
    "lateral-knee",
    "posterior-knee",
    "medial-ankle",
    "groin",
    "upper-back",
    "proximal-hamstring",
}


# a new protocol changed since it was added: one version on per change
CHANGED_SINCE_ADDED = {"anterior-knee": 2}  # the patellar tendon's evidence (Rio et al. 2015 …)


def test_new_protocols_start_at_version_1_and_changed_ones_moved_on(library: Library) -> None:
    assert set(library.protocols) >= NEW_PROTOCOLS
    for protocol in library.sorted():
        if protocol.id in NEW_PROTOCOLS:
            assert protocol.version == CHANGED_SINCE_ADDED.get(protocol.id, 1), protocol.id
        else:  # reviewed (version 2), then the joints went into every file
            assert protocol.version >= 3, protocol.id
