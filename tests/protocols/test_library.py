from __future__ import annotations

import re
from pathlib import Path

import pytest

from artdesk.protocols import Library, MovementMode, Side, load_library
from artdesk.resources import protocols_dir

DOMAIN_STRUCTURES = {
    "hamstrings",
    "gluteus-medius",
    "gluteus-maximus",
    "piriformis",
    "tfl-it-band",
    "rectus-femoris",
    "iliopsoas",
    "adductors",
    "gastrocnemius",
    "soleus",
    "achilles",
    "plantar-fascia",
    "tibialis-anterior",
    "tibialis-posterior",
    "fibularis",
    "quadratus-lumborum",
    "lumbar-erectors",
    "sciatic-nerve",
    "infraspinatus-teres-minor",
    "supraspinatus",
    "forearm-flexors",
    "forearm-extensors",
    "upper-trapezius",
    "scalenes",
}

# Each muscle's action decides its shortened position; the lengthening movement is the
# opposite. (words that must appear in the shortened position, words in the lengthening)
ACTIONS = {
    # supine 90/90 (review item 5): the hip is held flexed, the pass lengthens at the knee
    "hamstrings": (
        ["knee flexed", "hip held at 90° flexion"],
        ["knee extension", "hip kept flexed"],
    ),
    "gluteus-medius": (["abducted"], ["adduction", "extension"]),
    "gluteus-maximus": (["extended"], ["flexion", "adduction"]),
    "piriformis": (["external rotation"], ["internal rotation"]),
    "tfl-it-band": (["flexed", "abducted"], ["extension", "adduction"]),
    "rectus-femoris": (["knee extended", "hip flexed"], ["knee flexion", "hip extended"]),
    "iliopsoas": (["hip flexed"], ["hip extension"]),
    "adductors": (["adducted"], ["abduction"]),
    "gastrocnemius": (["plantarflexed", "knee slightly flexed"], ["dorsiflexion", "knee straight"]),
    "soleus": (["plantarflexed", "knee flexed"], ["dorsiflexion", "knee kept flexed"]),
    "achilles": (["plantarflexed"], ["dorsiflexion"]),
    "plantar-fascia": (["toes flexed", "plantarflexed"], ["toes extended", "dorsiflexed"]),
    "tibialis-anterior": (["dorsiflexed", "inverted"], ["plantarflexion", "eversion"]),
    "tibialis-posterior": (["plantarflexed", "inverted"], ["dorsiflexion", "eversion"]),
    "fibularis": (["everted", "plantarflexed"], ["inversion", "dorsiflexion"]),
    "quadratus-lumborum": (["side-bent toward"], ["side-bend away"]),
    "lumbar-erectors": (["extended"], ["flexion"]),
    "sciatic-nerve": (
        ["hip extended", "knee flexed", "plantarflexed"],
        ["hip flexion", "knee extension", "dorsiflexion"],
    ),
    "infraspinatus-teres-minor": (["externally rotated"], ["internal rotation"]),
    "supraspinatus": (["abducted"], ["adduction"]),
    "forearm-flexors": (["wrist flexed", "fingers flexed"], ["wrist and finger extension"]),
    "forearm-extensors": (
        ["wrist extended", "radially deviated"],
        ["wrist flexion", "ulnar deviation", "fingers curled"],
    ),
    "upper-trapezius": (["elevated", "side-bent toward"], ["depressed", "side-bent away"]),
    "scalenes": (["side-bent toward", "flexed"], ["side-bend away", "extension"]),
}


def test_shipped_library_loads_whole(library: Library) -> None:
    assert library.problems == []
    assert len(library.protocols) >= 11
    assert library.structure_count >= 24
    keys = {s.key for p in library.protocols.values() for s in p.structures}
    assert keys >= DOMAIN_STRUCTURES


def test_runners_regions_are_covered(library: Library) -> None:
    regions = {
        "posterior-thigh",
        "lateral-hip",
        "deep-gluteal",
        "calf-achilles",
        "foot",
        "shin",
        "anterior-hip-thigh",
        "low-back",
        "sciatic-nerve",
        "shoulder",
        "elbow-forearm",
        "neck",
    }
    assert regions <= set(library.protocols)


@pytest.mark.parametrize("key", sorted(ACTIONS))
def test_shortened_and_lengthened_positions_agree_with_the_action(
    library: Library, key: str
) -> None:
    structures = [s for p in library.protocols.values() for s in p.structures if s.key == key]
    assert structures, key
    short_words, long_words = ACTIONS[key]
    for s in structures:
        for word in short_words:
            assert word in s.shortened_position.lower(), (key, word, s.shortened_position)
            assert word not in s.lengthening.lower(), (key, word)
        for word in long_words:
            assert word in s.lengthening.lower(), (key, word, s.lengthening)


def test_the_two_cited_studies_sit_on_their_protocols(library: Library) -> None:
    glute = library.get("lateral-hip")
    assert any("Tak" in e and "gluteus medius" in e for e in glute.evidence)
    assert glute.structure("gluteus-medius").evidence
    hamstrings = library.get("posterior-thigh")
    assert any("Ravichandran" in e and "2017;5(1):71–74" in e for e in hamstrings.evidence)


def test_every_structure_is_complete_enough_to_treat_and_to_send_home(library: Library) -> None:
    for protocol in library.protocols.values():
        assert protocol.plain_name and protocol.complaints, protocol.id
        for s in protocol.structures:
            assert 3 <= s.passes <= 7 and 3 <= s.seconds_per_pass <= 10, s.key
            assert s.mode in set(MovementMode)
            assert set(s.sides) <= set(Side)
            assert s.home_care, f"{s.key} has no home-care suggestion"
            for h in s.home_care:
                assert h.sets > 0 and h.reps > 0 and h.hold_seconds >= 0 and h.frequency


def test_search_by_name_region_or_complaint(library: Library) -> None:
    assert [p.id for p in library.search("Achilles")] == ["calf-achilles"]
    assert "lateral-hip" in [p.id for p in library.search("iliotibial")]
    assert {p.id for p in library.search("low back pain")} >= {"low-back", "lateral-hip"}


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def _good(pid: str = "demo") -> str:
    """foot.toml with another id, its version and first home-care sets fixed for the edits below."""
    text = (protocols_dir() / "foot.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version = \d+$", "version = 1", text)
    text = re.sub(r"(?m)^sets = \d+$", "sets = 3", text, count=1)
    return text.replace('id = "foot"', f'id = "{pid}"')


def test_a_broken_file_never_stops_the_others(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", _good("a"))
    _write(tmp_path, "b.toml", "id = [broken\n")
    _write(tmp_path, "c.toml", _good("c"))
    library = load_library(tmp_path)
    assert set(library.protocols) == {"a", "c"}
    assert [p.file for p in library.problems] == ["b.toml"]


def test_problems_name_file_field_and_what_is_wrong(tmp_path: Path) -> None:
    good = _good()
    _write(tmp_path, "01-invalid.toml", good.replace("version = 1", 'version = 1\nname = "x'))
    _write(tmp_path, "02-empty.toml", "  \n")
    _write(tmp_path, "03-missing.toml", re.sub(r"(?m)^region = .*\n", "", _good("m")))
    _write(tmp_path, "04-unknown.toml", 'colour = "blue"\n' + _good("u"))
    _write(tmp_path, "05-type.toml", _good("t").replace("version = 1", 'version = "one"'))
    _write(tmp_path, "06-zero.toml", _good("z").replace("passes = 4", "passes = 0"))
    _write(
        tmp_path,
        "07-negative.toml",
        _good("n").replace("seconds_per_pass = 6", "seconds_per_pass = -3"),
    )
    _write(tmp_path, "08-dupe.toml", _good("demo"))
    _write(tmp_path, "09-latin1.toml", "")
    (tmp_path / "09-latin1.toml").write_bytes('name = "Zoë"'.encode("latin-1"))
    lines = [str(p) for p in load_library(tmp_path).problems]
    text = "\n".join(lines)
    assert re.search(r"^01-invalid\.toml: line \d+: invalid TOML", text, re.M), text
    assert "02-empty.toml: (file): empty file" in text
    assert "03-missing.toml: region: missing required field" in text
    assert "04-unknown.toml: colour: unknown field" in text
    assert "05-type.toml: version: must be a whole number, not text" in text
    assert "06-zero.toml: structures[1].passes: must be greater than zero, not 0" in text
    assert "07-negative.toml: structures[1].seconds_per_pass: must be greater than zero" in text
    assert "09-latin1.toml: (file): not UTF-8" in text
    # 08 repeats id "demo" from 01? 01 is invalid, so the first "demo" is 08 itself: no dupe
    assert "08-dupe" not in text


def test_duplicate_id_across_files_is_reported_on_the_later_file(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", _good("same"))
    _write(tmp_path, "b.toml", _good("same"))
    library = load_library(tmp_path)
    assert [str(p) for p in library.problems] == [
        "b.toml: id: duplicate id 'same' (also in a.toml)"
    ]
    assert library.sources["same"] == "a.toml"


def test_nested_fields_and_enumerations_are_checked(tmp_path: Path) -> None:
    text = _good("x").replace('mode = "patient-active"', 'mode = "telekinesis"')
    text = text.replace('sides = ["left", "right", "both"]', 'sides = ["left", "midline"]')
    text = text.replace("sets = 3", "sets = 3.5", 1)
    text = text.replace('key = "plantar-fascia"', 'key = "Plantar Fascia"')
    _write(tmp_path, "x.toml", text)
    messages = "\n".join(str(p) for p in load_library(tmp_path).problems)
    assert "structures[1].mode: 'telekinesis' is not one of passive" in messages
    assert "structures[1].sides: midline cannot be combined" in messages
    assert "structures[1].home_care[1].sets: must be a whole number, not a decimal" in messages
    assert "structures[1].key: 'Plantar Fascia' must be lower-case" in messages
