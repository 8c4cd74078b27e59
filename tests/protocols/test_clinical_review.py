"""The clinical review's corrections (DOMAIN.md §7, 2026-11) as they land in the protocol data,
and the ``--check`` rules that keep them from coming back in any clinic's own files.

Each content test names its review item and fails on the content shipped before the review.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from artdesk.protocols import Library, Protocol, Structure, load_library


def _structure(library: Library, key: str) -> Structure:
    found = [s for p in library.protocols.values() for s in p.structures if s.key == key]
    assert len(found) == 1, key
    return found[0]


def _precautions(s: Structure) -> str:
    return " | ".join(s.precautions).casefold()


def _exercises(s: Structure) -> list[str]:
    return [h.exercise for h in s.home_care]


def _tension(contact: str) -> str:
    """The words from 'tension' on: where the clinician takes the tissue."""
    return contact[contact.casefold().index("tension") :].casefold()


def test_1_iliopsoas_contact_is_away_from_the_femoral_nerve(library: Library) -> None:
    s = _structure(library, "iliopsoas")
    contact = s.contact.casefold()
    assert "2–3 cm lateral to the femoral pulse" in contact
    assert "near the front of the hip bone" in contact
    assert "lateral to the rectus abdominis" in contact
    # no bare "lateral to the pulse" anywhere: that is where the nerve lies
    for text in (s.contact, *s.precautions):
        assert not re.search(r"(?<!cm )lateral to the (femoral )?pulse", text), text
    cautions = _precautions(s)
    assert "aortic aneurysm" in cautions and "anticoagulants" in cautions
    assert "tingling" in cautions and "front of the thigh" in cautions and "stop" in cautions


def test_5_hamstrings_start_supine_90_90_and_rectus_femoris_side_lying(
    library: Library,
) -> None:
    hamstrings = _structure(library, "hamstrings")
    assert hamstrings.start_position.startswith("Supine")
    assert "90/90" in hamstrings.start_position
    assert "prone only for knee-only work" in hamstrings.start_position
    assert "hip extended" not in hamstrings.shortened_position  # the hip is held at 90°
    rectus = _structure(library, "rectus-femoris")
    assert rectus.start_position.startswith("Side-lying")
    assert "prone only for knee-only work" in rectus.start_position


def test_7_tibialis_posterior_contact_is_behind_the_tibia_or_on_the_tendon(
    library: Library,
) -> None:
    contact = _structure(library, "tibialis-posterior").contact.casefold()
    assert "behind the medial border of the tibia" in contact
    assert "lower third" in contact and "deep and outward" in contact
    assert "tendon behind the medial malleolus" in contact


def test_8_suspected_achilles_rupture_is_stop_and_refer(library: Library) -> None:
    cautions = [p for p in _structure(library, "achilles").precautions if "rupture" in p]
    assert cautions and all("stop and refer" in p and "not at the site" not in p for p in cautions)


def test_9_shin_protocols_carry_a_compartment_syndrome_caution(library: Library) -> None:
    shin_structures = [*library.get("shin").structures, _structure(library, "soleus")]
    for s in shin_structures:
        cautions = _precautions(s)
        assert "compartment syndrome" in cautions, s.key
        assert "emergency care" in cautions, s.key


def test_10_prone_or_supine_starts_give_a_pregnancy_alternative(library: Library) -> None:
    lying_flat = [
        s
        for p in library.protocols.values()
        for s in p.structures
        if re.search(r"\b(prone|supine)\b", s.start_position, re.I)
    ]
    assert len(lying_flat) >= 15
    for s in lying_flat:
        pregnancy = [p for p in s.precautions if p.startswith("Pregnancy:")]
        assert pregnancy, s.key
        assert any(re.search(r"side-lying|seated|sitting", p) for p in pregnancy), s.key


def test_11_supraspinatus_home_exercise_loads_supraspinatus(library: Library) -> None:
    exercises = _exercises(_structure(library, "supraspinatus"))
    assert any("Scaption to shoulder height" in e for e in exercises)
    assert not any("external rotation" in e.casefold() for e in exercises)


def test_12_tak_citation_names_its_authors_and_what_they_measured(library: Library) -> None:
    glute = library.get("lateral-hip")
    tak = [e for e in glute.evidence if e.startswith("Tak")]
    assert len(tak) == 1
    citation = tak[0]
    assert citation.startswith("Tak S, Lee Y, Choi W, Lee G.")
    assert "The effects of active release technique on the gluteus medius" in citation
    assert "Accepted 15 June 2013, published 26 January 2014" in citation  # the record's dates
    assert "JAKO201304164263470" in citation  # where a reader finds it
    assert "to be confirmed" not in citation
    assert "pressure pain threshold" in citation and "gluteus medius trigger points" in citation
    assert "Lee J" not in citation and "Lee S." not in citation
    assert glute.structure("gluteus-medius").evidence[0].startswith("Tak S, Lee Y, Choi W, Lee G")


def test_13_gastrocnemius_short_with_the_knee_bent_long_with_it_straight(
    library: Library,
) -> None:
    s = _structure(library, "gastrocnemius")
    assert "knee slightly flexed" in s.shortened_position
    assert "knee straight" not in s.shortened_position
    assert s.lengthening.endswith("ending with the knee straight")
    assert "knee straight" not in s.start_position


@pytest.mark.parametrize(
    ("key", "toward"),
    [
        ("piriformis", "toward the sacrum"),
        ("infraspinatus-teres-minor", "medially toward the inner (vertebral) border"),
        ("supraspinatus", "medially along the fossa"),
    ],
)
def test_14_tension_is_taken_toward_the_origin(library: Library, key: str, toward: str) -> None:
    tension = _tension(_structure(library, key).contact)
    assert toward in tension
    assert "trochanter" not in tension and "spine" not in tension


def test_15_gluteus_medius_has_no_pillow_and_limits_adduction_in_trochanteric_pain(
    library: Library,
) -> None:
    s = _structure(library, "gluteus-medius")
    assert "no pillow between the knees during the pass" in s.start_position
    trochanteric = [p for p in s.precautions if "trochanter" in p]
    assert trochanteric and any("adduction short of the midline" in p for p in trochanteric)


def test_16_quadratus_lumborum_arm_at_the_side_then_overhead(library: Library) -> None:
    s = _structure(library, "quadratus-lumborum")
    assert "top arm resting along the side" in s.start_position
    assert "overhead" not in s.start_position
    assert "arm reaches overhead" in s.lengthening


def test_17_sciatic_nerve_pass_is_a_tensioner_never_with_a_worsening_deficit(
    library: Library,
) -> None:
    protocol = library.get("sciatic-nerve")
    s = protocol.structure("sciatic-nerve")
    assert "glide" not in protocol.name.casefold()
    assert s.lengthening.startswith("Tensioner")
    # "hip extended" belongs to the supine start; slump sitting keeps the hip flexed
    assert s.start_position.startswith("Supine")
    assert "slump sitting: the hip stays flexed" in s.start_position
    assert any(
        p.startswith("Worsening neurological deficit") and "no tensioning" in p
        for p in s.precautions
    )


def test_18_achilles_heel_drops_twice_a_day_knee_straight_and_bent_and_insertional(
    library: Library,
) -> None:
    items = _structure(library, "achilles").home_care
    drops = [h for h in items if h.exercise.startswith("Heel drops on a step")]
    assert {"knee straight", "knee bent"} <= {
        word for h in drops for word in ("knee straight", "knee bent") if word in h.exercise
    }
    insertional = [h for h in items if h.exercise.startswith("Insertional")]
    assert len(insertional) == 1 and "not below the step" in insertional[0].exercise
    for h in [*drops, *insertional]:
        assert h.frequency == "twice a day" and (h.sets, h.reps) == (3, 15)


def test_19_the_side_lying_adductor_lift_is_not_called_copenhagen(library: Library) -> None:
    exercises = [
        h.exercise for p in library.protocols.values() for s in p.structures for h in s.home_care
    ]
    assert not any("copenhagen" in e.casefold() for e in exercises)
    assert any(
        e.startswith("Side-lying adductor lift")
        for e in _exercises(_structure(library, "adductors"))
    )


def test_20_plantar_fascia_stretch_10_x_10_s_and_rolling_for_1_to_2_minutes(
    library: Library,
) -> None:
    items = {h.exercise: h for h in _structure(library, "plantar-fascia").home_care}
    stretch = next(h for e, h in items.items() if "stretch" in e)
    assert (stretch.reps, stretch.hold_seconds) == (10, 10)
    assert stretch.sets == 1 and stretch.frequency.startswith("three times a day")
    rolling = items["Roll the arch over a ball for 1–2 minutes"]
    assert (rolling.sets, rolling.reps, rolling.hold_seconds) == (1, 1, 0)  # no "hold" to roll
    from artdesk.reports.summary import exercise_line

    line = exercise_line(rolling.exercise, 1, 1, 0, rolling.frequency)
    assert "hold" not in line and "for 1–2 minutes — once" in line


def test_21_shoulder_gives_the_cross_body_stretch_not_the_sleeper_stretch(
    library: Library,
) -> None:
    exercises = [h.exercise for s in library.get("shoulder").structures for h in s.home_care]
    assert any(e.startswith("Cross-body stretch") for e in exercises)
    assert not any("sleeper" in e.casefold() for e in exercises)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("soleus", ["dvt", "deep calf veins"]),
        ("adductors", ["femoral triangle"]),
        ("scalenes", ["dizziness", "stop at once"]),
        ("hamstrings", ["sciatic nerve", "biceps femoris"]),
        ("gluteus-medius", ["gluteal tendinopathy", "adduction"]),
        ("tfl-it-band", ["gluteal tendinopathy", "adduction"]),
        ("hamstrings", ["proximal hamstring tendinopathy", "no stretching"]),
    ],
)
def test_22_local_cautions_sit_on_their_structures(
    library: Library, key: str, words: list[str]
) -> None:
    cautions = _structure(library, key).precautions
    assert any(all(w in p.casefold() for w in words) for p in cautions), (key, words)


REVIEWED = (
    "anterior-hip-thigh",
    "calf-achilles",
    "deep-gluteal",
    "elbow-forearm",
    "foot",
    "lateral-hip",
    "low-back",
    "neck",
    "posterior-thigh",
    "sciatic-nerve",
    "shin",
    "shoulder",
)


def test_every_reviewed_protocol_carries_a_new_version(library: Library) -> None:
    # visits store the version they ran: content changed by the review must not reuse version 1
    # (protocols added after the review start at version 1)
    assert all(library.get(pid).version >= 2 for pid in REVIEWED)


# --- the --check rules -------------------------------------------------------------------

_STRUCTURE = {
    "key": "demo",
    "name": "Demo",
    "plain_name": "a demo muscle",
    "start_position": "Side-lying, treated side up",
    "shortened_position": "Hip abducted",
    "contact": "Thumb just distal to the restriction; tension toward the origin",
    "lengthening": "Hip adduction",
    "mode": "passive",
    "passes": 3,
    "seconds_per_pass": 6,
}


def _protocol_text(**fields: str | list[str]) -> str:
    values: dict[str, str | int | list[str]] = {**_STRUCTURE, **fields}
    lines = [
        'id = "demo"',
        "version = 1",
        'name = "Demo"',
        'region = "demo"',
        'regions = ["calf"]',
        'plain_name = "demo"',
        "",
        "[[structures]]",
    ]
    for name, value in values.items():
        if isinstance(value, str):
            lines.append(f'{name} = "{value}"')
        elif isinstance(value, list):
            lines.append(f"{name} = [" + ", ".join(f'"{v}"' for v in value) + "]")
        else:
            lines.append(f"{name} = {value}")
    lines.append('sides = ["left", "right", "both"]')
    return "\n".join(lines) + "\n"


def _problems(tmp_path: Path, **fields: str | list[str]) -> list[str]:
    (tmp_path / "demo.toml").write_text(_protocol_text(**fields), encoding="utf-8")
    return [str(p) for p in load_library(tmp_path).problems]


def _loads(tmp_path: Path, **fields: str | list[str]) -> Protocol:
    assert _problems(tmp_path, **fields) == []
    return load_library(tmp_path).get("demo")


def test_the_rule_example_itself_is_clean(tmp_path: Path) -> None:
    assert _loads(tmp_path).structure("demo").mode == "passive"


def test_check_contact_beside_the_femoral_pulse(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        contact="Fingertips below the inguinal ligament lateral to the pulse; tension up",
        precautions=["Contact just lateral to the femoral pulse, never over it"],
    )
    assert problems == [
        "demo.toml: structures[1].contact: 'lateral to the pulse' puts the fingers on the femoral "
        "nerve, which lies directly lateral to the artery: give the distance "
        "(e.g. '2–3 cm lateral to the pulse') or another route",
        "demo.toml: structures[1].precautions[1]: 'lateral to the pulse' puts the fingers on the "
        "femoral nerve, which lies directly lateral to the artery: give the distance "
        "(e.g. '2–3 cm lateral to the pulse') or another route",
    ]
    _loads(tmp_path, contact="Fingertips 2–3 cm lateral to the femoral pulse; tension up")


def test_check_a_prone_start_that_needs_hip_flexion(tmp_path: Path) -> None:
    bad = {
        "start_position": "Prone, knee at the table edge (or supine, hip at 90°)",
        "shortened_position": "Knee flexed",
        "lengthening": "Knee extension with the hip flexed",
        "precautions": ["Pregnancy: side-lying"],
    }
    assert _problems(tmp_path, **bad) == [
        "demo.toml: structures[1].start_position: a prone start holds the hip extended, but the "
        "lengthening needs the hip flexed: start supine or side-lying (keep prone as an option "
        "in the text)"
    ]
    rectus = {
        **bad,
        "shortened_position": "Knee extended, hip flexed",
        "lengthening": "Knee flexion",
    }
    assert "but the shortened position needs the hip flexed" in _problems(tmp_path, **rectus)[0]
    # prone as an option, supine by default, is what the review asks for
    _loads(tmp_path, **{**bad, "start_position": "Supine, 90/90 (prone only for knee-only work)"})


def test_check_a_sitting_start_with_the_hip_extended(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        start_position="Slump sitting at the table edge",
        shortened_position="Nerve slack: hip extended, knee flexed",
        lengthening="Knee extension",
    )
    assert problems == [
        "demo.toml: structures[1].shortened_position: a seated or slump-sitting start holds the "
        "hip flexed; the shortened position cannot be 'hip extended'"
    ]


def test_check_the_mode_agrees_with_who_moves(tmp_path: Path) -> None:
    passive = _problems(tmp_path, mode="passive", lengthening="Patient pulls the foot up")
    assert passive == [
        "demo.toml: structures[1].mode: is 'passive' (the clinician moves), but the lengthening "
        "has the patient move"
    ]
    active = _problems(
        tmp_path, mode="patient-active", lengthening="The clinician takes the leg into adduction"
    )
    assert active == [
        "demo.toml: structures[1].mode: is 'patient-active' (the patient moves), but the "
        "lengthening has the clinician move"
    ]
    _loads(
        tmp_path,
        mode="patient-active",
        lengthening="Toes extended, by the patient or the clinician",
    )


def test_check_a_pillow_between_the_knees_against_adduction(tmp_path: Path) -> None:
    problems = _problems(tmp_path, start_position="Side-lying, pillow between the knees")
    assert problems == [
        "demo.toml: structures[1].start_position: a pillow between the knees blocks the "
        "adduction the lengthening needs: take it away for the pass"
    ]
    _loads(tmp_path, start_position="Side-lying; no pillow between the knees during the pass")


def test_check_a_prone_or_supine_start_without_a_pregnancy_alternative(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, start_position="Supine", precautions=["Osteoporosis: light contact"]
    )
    assert problems == [
        "demo.toml: structures[1].precautions: the start is prone or supine: add a pregnancy "
        "alternative (e.g. 'Pregnancy: side-lying, …')"
    ]
    _loads(tmp_path, start_position="Supine", precautions=["Pregnancy: side-lying instead"])


def test_cauda_equina_in_a_protocol_is_an_emergency_as_on_the_screen(library: Library) -> None:
    """Second review: two protocols said 'stop and refer' where the screen says emergency."""
    for protocol in library.sorted():
        for structure in protocol.structures:
            for caution in structure.precautions:
                if "bladder" in caution or "saddle" in caution.casefold():
                    assert "emergency care now" in caution, (protocol.id, caution)
                    assert "stop and refer" not in caution, (protocol.id, caution)


def test_achilles_steroid_injection_is_not_at_the_site_and_fluoroquinolones_are_named(
    library: Library,
) -> None:
    cautions = " ".join(_structure(library, "achilles").precautions)
    assert "Steroid injection near the tendon in the last 2 weeks: not at the site" in cautions
    assert "fluoroquinolone" in cautions


def test_tibialis_posterior_warns_of_the_tarsal_tunnel(library: Library) -> None:
    cautions = " ".join(_structure(library, "tibialis-posterior").precautions)
    assert "tibial nerve" in cautions and "tingling in the sole" in cautions
