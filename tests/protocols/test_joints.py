"""The joint rule (issue 13 item 5): every structure names the joints it crosses and the
movement at each in the shortened and the lengthened position; ``--check`` refuses an unknown
joint or movement, a joint listed twice, and a lengthening that is not the opposite movement.
A joint the pass moves but the tissue does not cross says ``crossed = false``: where the pass
takes it, from a neutral start unless it says otherwise, with no opposite rule."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from artdesk.cli import main
from artdesk.protocols import Library, Structure, load_library
from artdesk.protocols.joints import (
    JOINTS,
    OPPOSITE,
    Joint,
    JointAction,
    Movement,
)
from artdesk.protocols.show import describe

# --- the vocabulary ------------------------------------------------------------------------


def test_every_movement_but_neutral_has_one_opposite_and_its_opposite_is_it() -> None:
    assert set(OPPOSITE) == set(Movement) - {Movement.NEUTRAL}
    for movement, opposite in OPPOSITE.items():
        assert opposite is not movement and OPPOSITE[opposite] is movement


def test_a_joint_that_makes_a_movement_also_makes_its_opposite() -> None:
    assert set(JOINTS) == set(Joint)
    for joint, kind in JOINTS.items():
        assert kind.movements and Movement.NEUTRAL not in kind.movements, joint
        for movement in kind.movements:
            assert OPPOSITE[movement] in kind.movements, (joint, movement)


def test_the_joints_read_as_a_clinician_writes_them() -> None:
    assert str(JointAction(Joint.HIP, (Movement.ABDUCTION,), (Movement.ADDUCTION,))) == (
        "hip: abduction → adduction"
    )
    two = JointAction(
        Joint.KNEE,
        (Movement.FLEXION, Movement.INTERNAL_ROTATION),
        (Movement.EXTENSION, Movement.EXTERNAL_ROTATION),
    )
    assert str(two) == "knee: flexion + internal rotation → extension + external rotation"
    assert str(JointAction(Joint.HIP, held=(Movement.FLEXION,))) == "hip: held in flexion"
    assert str(JointAction(Joint.SUBTALAR, held=(Movement.NEUTRAL,))) == "subtalar: held neutral"
    moved = JointAction(
        Joint.HIP, lengthened=(Movement.EXTENSION, Movement.ADDUCTION), crossed=False
    )
    assert str(moved) == "hip: → extension + adduction"  # from a neutral start


# --- the rule, on a clinic's own file ---------------------------------------------------------

_HEAD = """id = "demo"
version = 1
name = "Demo"
region = "demo"
regions = ["lateral-hip"]
plain_name = "demo"

[[structures]]
key = "demo"
name = "Demo"
plain_name = "a demo muscle"
start_position = "Side-lying, treated side up"
shortened_position = "Hip abducted"
contact = "Thumb just distal to the restriction; tension toward the origin"
lengthening = "Hip adduction"
mode = "passive"
passes = 3
seconds_per_pass = 6
sides = ["left", "right", "both"]
"""


def _joint(joint: str, **movements: str | list[str] | bool) -> str:
    lines = ["", "[[structures.joints]]", f'joint = "{joint}"']
    for name, value in movements.items():
        if isinstance(value, bool):
            lines.append(f"{name} = {'true' if value else 'false'}")
        elif isinstance(value, list):
            lines.append(f"{name} = [" + ", ".join(f'"{v}"' for v in value) + "]")
        else:
            lines.append(f'{name} = "{value}"')
    return "\n".join(lines) + "\n"


def _problems(tmp_path: Path, *entries: str) -> list[str]:
    (tmp_path / "demo.toml").write_text(_HEAD + "".join(entries), encoding="utf-8")
    return [str(p) for p in load_library(tmp_path).problems]


def _loads(tmp_path: Path, *entries: str) -> Structure:
    assert _problems(tmp_path, *entries) == []
    return load_library(tmp_path).get("demo").structure("demo")


def test_a_file_with_opposite_movements_loads_with_its_joints(tmp_path: Path) -> None:
    s = _loads(
        tmp_path,
        _joint("hip", shortened="abduction", lengthened="adduction"),
        _joint("knee", held="extension"),
    )
    assert s.joints == (
        JointAction(Joint.HIP, (Movement.ABDUCTION,), (Movement.ADDUCTION,)),
        JointAction(Joint.KNEE, held=(Movement.EXTENSION,)),
    )
    # several planes at one joint, in either order
    s = _loads(
        tmp_path,
        _joint("hip", shortened=["flexion", "abduction"], lengthened=["adduction", "extension"]),
    )
    assert s.joints[0].lengthened == (Movement.ADDUCTION, Movement.EXTENSION)
    assert _loads(tmp_path).joints == ()  # optional: a clinic's file may leave it out


def test_movements_that_are_not_opposite_are_refused_with_what_they_should_be(
    tmp_path: Path,
) -> None:
    assert _problems(tmp_path, _joint("hip", shortened="abduction", lengthened="abduction")) == [
        "demo.toml: structures[1].joints[1].lengthened: 'abduction' is not the opposite of the "
        "shortened 'abduction': lengthening the tissue at the hip takes it to 'adduction'"
    ]
    assert _problems(tmp_path, _joint("hip", shortened="flexion", lengthened="adduction")) == [
        "demo.toml: structures[1].joints[1].lengthened: 'adduction' is not the opposite of the "
        "shortened 'flexion': lengthening the tissue at the hip takes it to 'extension'"
    ]
    # one plane missing from the lengthening
    problems = _problems(
        tmp_path,
        _joint("knee", shortened=["flexion", "internal-rotation"], lengthened="extension"),
    )
    assert problems == [
        "demo.toml: structures[1].joints[1].lengthened: 'extension' is not the opposite of the "
        "shortened 'flexion' + 'internal-rotation': lengthening the tissue at the knee takes it "
        "to 'extension' + 'external-rotation'"
    ]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            [_joint("hipp", shortened="abduction", lengthened="adduction")],
            "joints[1].joint: 'hipp' is not a joint; the joints are: cervical-spine, ",
        ),
        (
            [_joint("hip", shortened="abdction", lengthened="adduction")],
            "joints[1].shortened: 'abdction' is not a known movement; the movements are: flexion",
        ),
        (
            [_joint("knee", shortened="abduction", lengthened="adduction")],
            "joints[1].shortened: 'abduction' is not a movement of the knee (it makes: flexion, "
            "extension, internal-rotation, external-rotation)",
        ),
        (
            [_joint("ankle", shortened="plantarflexion", lengthened="eversion")],
            "joints[1].lengthened: 'eversion' is not a movement of the ankle (it makes: "
            "dorsiflexion, plantarflexion)",
        ),
        (
            [
                _joint("hip", shortened="abduction", lengthened="adduction"),
                _joint("hip", shortened="flexion", lengthened="extension"),
            ],
            "joints[2].joint: 'hip' is listed twice: give all of its movements in one entry",
        ),
        (
            [_joint("hip", shortened="abduction")],
            "joints[1].lengthened: missing: the hip's movement in the lengthened position (the "
            "opposite of the shortened 'abduction': 'adduction')",
        ),
        (
            [_joint("hip")],
            "joints[1]: give the hip's movement in the shortened and in the lengthened position",
        ),
        (
            [_joint("hip", held="flexion", shortened="flexion", lengthened="extension")],
            "joints[1].held: the hip is either held through the pass or moved",
        ),
        (
            [_joint("hip", shortened="neutral", lengthened="adduction")],
            "joints[1].shortened: 'neutral' is only for a joint held still",
        ),
        (
            [_joint("hip", shortened=["flexion", "extension"], lengthened="adduction")],
            "joints[1].shortened: 'flexion' and 'extension' are opposites",
        ),
        (
            [_joint("hip", shortened="abduction", lengthened="adduction", slack="flexion")],
            "joints[1].slack: unknown field",
        ),
    ],
)
def test_unknown_or_impossible_joints_and_movements_are_refused(
    tmp_path: Path, entries: list[str], message: str
) -> None:
    problems = _problems(tmp_path, *entries)
    assert any(p.startswith("demo.toml: structures[1]." + message) for p in problems), problems


def test_protocols_check_reports_the_joint_rule_and_exits_1(tmp_path: Path) -> None:
    _problems(tmp_path, _joint("hip", shortened="abduction", lengthened="flexion"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["protocols", "--check", str(tmp_path)], out, err) == 1
    assert out.getvalue().splitlines() == [
        "demo.toml: structures[1].joints[1].lengthened: 'flexion' is not the opposite of the "
        "shortened 'abduction': lengthening the tissue at the hip takes it to 'adduction'"
    ]


def test_a_joint_moved_but_not_crossed_needs_no_start_and_no_opposite(tmp_path: Path) -> None:
    s = _loads(
        tmp_path,
        _joint(
            "lumbar-spine", shortened="lateral-flexion-toward", lengthened="lateral-flexion-away"
        ),
        _joint("hip", crossed=False, lengthened=["extension", "adduction"]),
        _joint("ankle", crossed=False, shortened="plantarflexion", lengthened="plantarflexion"),
        _joint("knee", crossed=False, held="extension"),
    )
    assert [j.crossed for j in s.joints] == [True, False, False, False]
    assert s.joints[1] == JointAction(
        Joint.HIP, lengthened=(Movement.EXTENSION, Movement.ADDUCTION), crossed=False
    )
    assert s.joints[2].shortened == s.joints[2].lengthened  # no opposite rule
    crossed = _loads(
        tmp_path, _joint("hip", crossed=True, shortened="abduction", lengthened="adduction")
    )
    assert crossed.joints == (JointAction(Joint.HIP, (Movement.ABDUCTION,), (Movement.ADDUCTION,)),)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (  # the vocabulary still holds
            _joint("hip", crossed=False, lengthened="dorsiflexion"),
            "joints[1].lengthened: 'dorsiflexion' is not a movement of the hip",
        ),
        (
            _joint("hip", crossed=False, lengthened="adducton"),
            "joints[1].lengthened: 'adducton' is not a known movement",
        ),
        (  # where the pass takes it is what it is listed for
            _joint("hip", crossed=False, shortened="flexion"),
            "joints[1].lengthened: missing: where the pass takes the hip (the tissue does not "
            "cross it",
        ),
        (
            _joint("hip", crossed=False, held="flexion", lengthened="extension"),
            "joints[1].held: the hip is either held through the pass or moved",
        ),
        (  # a joint crossed still needs both, opposite; the message says what else it may be
            _joint("hip", lengthened="adduction"),
            "joints[1].shortened: missing: the hip's movement in the shortened position (the "
            "opposite of the lengthened 'adduction': 'abduction'); a joint the tissue does not "
            "cross: crossed = false (Crossed unticked)",
        ),
        (
            _joint("hip", crossed=True, lengthened="adduction"),
            "joints[1].shortened: missing: the hip's movement in the shortened position",
        ),
        (
            '\n[[structures.joints]]\njoint = "hip"\ncrossed = "no"\nlengthened = "adduction"\n',
            "joints[1].crossed: must be true or false, not text",
        ),
    ],
)
def test_a_joint_not_crossed_is_still_checked(tmp_path: Path, entry: str, message: str) -> None:
    problems = _problems(tmp_path, entry)
    assert any(p.startswith("demo.toml: structures[1]." + message) for p in problems), problems


# --- the shipped library ----------------------------------------------------------------------

# The joints each shipped structure crosses (general anatomy), as the review reads them. A joint
# the pass keeps still is listed as held.
CROSSES = {
    "iliopsoas": {"hip", "lumbar-spine"},  # psoas from the lumbar vertebrae
    "rectus-femoris": {"hip", "knee"},
    "adductors": {"hip", "knee"},  # gracilis
    "adductor-longus-pubis": {"hip"},
    "gastrocnemius": {"knee", "ankle", "subtalar"},
    "soleus": {"ankle", "subtalar"},
    "achilles": {"ankle", "subtalar"},
    "piriformis": {"hip"},
    "gluteus-maximus": {"hip"},
    "gluteus-medius": {"hip"},
    "gluteus-minimus": {"hip"},
    "tfl-it-band": {"hip", "knee"},
    "distal-it-band-vastus-lateralis": {
        "hip",
        "knee",
    },  # the band crosses both, the vastus the knee
    "forearm-flexors": {"elbow", "forearm", "wrist", "fingers"},
    "forearm-extensors": {"elbow", "forearm", "wrist", "fingers"},
    "plantar-fascia": {"big-toe", "toes"},  # heel to the toes: not the ankle
    "quadratus-lumborum": {"lumbar-spine"},
    "lumbar-erectors": {"lumbar-spine"},
    "thoracic-erectors": {"thoracic-spine"},
    "upper-trapezius": {"scapula", "cervical-spine"},
    "scalenes": {"cervical-spine"},
    "hamstrings": {"hip", "knee"},
    "proximal-hamstring-tendon": {"hip", "knee"},
    "sciatic-nerve": {"hip", "knee", "ankle"},  # the ankle through its tibial and fibular parts
    "tibial-nerve-tarsal-tunnel": {"knee", "ankle", "subtalar", "big-toe", "toes"},
    "common-fibular-nerve": {"knee", "ankle", "subtalar"},
    "tibialis-anterior": {"ankle", "subtalar"},
    "tibialis-posterior": {"ankle", "subtalar"},
    "fibularis": {"ankle", "subtalar"},
    "fhl-fdl": {"ankle", "subtalar", "big-toe", "toes"},
    "popliteus": {"knee"},
    "patellar-tendon": {"knee"},
    "infraspinatus-teres-minor": {"shoulder"},
    "supraspinatus": {"shoulder"},
}

# The joints a pass moves that the tissue does not cross (``crossed = false``), to take it long
# through what they join: quadratus lumborum's top leg dropped behind and down and its arm
# overhead; the plantar fascia's ankle, dorsiflexed to tension it through the heel. Not here:
# infraspinatus's horizontal adduction and supraspinatus's hand behind the back are movements
# of the shoulder, which those muscles cross.
MOVED = {
    "quadratus-lumborum": {"hip", "shoulder"},
    "plantar-fascia": {"ankle"},
}

# The words a protocol's text uses for each movement: the joints must say what the text says.
_WORDS = {
    Movement.FLEXION: r"\bflex(?:ed|ion)?\b|\bbent\b|\bbends?\b|\bcurl(?:s|ed)?\b|\brounds\b",
    Movement.EXTENSION: r"\bextend(?:ed|s)?\b|\bextension\b|\bstraight(?:ens)?\b|\blifts\b",
    Movement.ABDUCTION: r"\babduct(?:ed|ion)\b",
    Movement.ADDUCTION: r"\badduct(?:ed|ion)\b",
    Movement.INTERNAL_ROTATION: r"\binternal(?:ly)? rotat|\brotated inward\b|\bturned in",
    Movement.EXTERNAL_ROTATION: r"\bexternal(?:ly)? rotat|\brotating outward\b",
    Movement.DORSIFLEXION: r"\bdorsiflex",
    Movement.PLANTARFLEXION: r"\bplantarflex",
    Movement.INVERSION: r"\binver(?:ted|sion)\b",
    Movement.EVERSION: r"\bever(?:ted|sion)\b",
    Movement.PRONATION: r"\bpronat",
    Movement.SUPINATION: r"\bsupinat",
    Movement.RADIAL_DEVIATION: r"\bradial(?:ly)? deviat",
    Movement.ULNAR_DEVIATION: r"\bulnar deviat",
    Movement.LATERAL_FLEXION_TOWARD: r"\bside-bent toward\b",
    Movement.LATERAL_FLEXION_AWAY: r"\bside-ben(?:d|ds|t) away\b",
    Movement.ELEVATION: r"\belevat",
    Movement.DEPRESSION: r"\bdepress",
}


def _shipped(library: Library) -> list[Structure]:
    return [s for p in library.sorted() for s in p.structures]


def test_the_shipped_library_passes_the_joint_rule(library: Library) -> None:
    assert library.problems == []


def test_every_shipped_structure_lists_every_joint_it_crosses(library: Library) -> None:
    structures = _shipped(library)
    assert {s.key for s in structures} == set(CROSSES)  # a new structure is reviewed here too
    for s in structures:
        assert s.joints, f"{s.key} lists no joints"
        assert {j.joint.value for j in s.joints if j.crossed} == CROSSES[s.key], s.key
        assert {j.joint.value for j in s.joints if not j.crossed} == MOVED.get(s.key, set()), s.key


def test_the_joints_say_what_the_positions_say(library: Library) -> None:
    """The joints are the text's movements, not another claim beside them: each shortened
    movement is in the shortened position's words, each lengthened one in the lengthening's,
    a held one in the start or the positions."""
    for s in _shipped(library):
        held_text = " ".join((s.start_position, s.shortened_position, s.lengthening))
        for action in s.joints:
            for movements, text in (
                (action.shortened, s.shortened_position),
                (action.lengthened, s.lengthening),
                (tuple(m for m in action.held if m is not Movement.NEUTRAL), held_text),
            ):
                for movement in movements:
                    assert re.search(_WORDS[movement], text, re.IGNORECASE), (
                        s.key,
                        str(action),
                        text,
                    )


def test_show_prints_each_structures_joints(library: Library) -> None:
    text = describe(library.get("lateral-hip"))
    assert "   joints:      hip: abduction → adduction\n" in text
    assert "hip: flexion + abduction → extension + adduction; knee: held in extension" in text
    assert "hip: abduction + internal rotation → adduction + external rotation" in text
    out, err = io.StringIO(), io.StringIO()
    assert main(["protocols", "--show", "low-back"], out, err) == 0
    assert (
        "   joints:      lumbar spine: lateral flexion toward → lateral flexion away\n"
        "   also moved (not crossed): hip: → extension + adduction; shoulder: → flexion\n"
    ) in out.getvalue()
    foot = describe(library.get("foot"))
    assert (
        "joints:      big toe: flexion → extension; toes (2nd–5th): flexion → extension\n" in foot
    )
    assert "also moved (not crossed): ankle: plantarflexion → dorsiflexion\n" in foot
    out, err = io.StringIO(), io.StringIO()
    assert main(["protocols", "--show", "posterior-knee"], out, err) == 0
    assert "joints:      knee: flexion + internal rotation → extension + external rotation" in (
        out.getvalue()
    )
