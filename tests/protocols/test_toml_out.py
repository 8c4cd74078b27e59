"""The protocol writer (issue 13 item 3): what it writes, the loader reads back equal."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from artdesk.protocols import (
    HomeCare,
    Library,
    MovementMode,
    Protocol,
    Side,
    Structure,
    load_shipped_library,
)
from artdesk.protocols.loader import parse_protocol
from artdesk.protocols.toml_out import as_table, dumps, to_toml, toml_string

TRICKY = [
    'the "short" position',
    "back\\slash \\n not a newline",
    "three quotes \"\"\" and '''",
    "two lines\nof text\r\nand a tab\there",
    "Smith & Sons <b>bold</b> <img src='http://example.com/x.png'>",
    "runner 🏃‍♀️ with a 👩🏽‍⚕️ and ❤️",
    "מתיחה של השוק",  # Hebrew: right to left
    "تمدد عضلة الساق",  # Arabic
    "abc \u202edcba\u202c end",  # a right-to-left override
    "Zoë Ægir-Łukasiewicz, Γιώργος, Жанна, Nguyễn",
    "a bell \x07 and a delete \x7f",
    "# not a comment ] [[structures]] key = 1",
]


def test_every_shipped_protocol_reads_back_equal(library: Library) -> None:
    assert len(library.protocols) >= 11
    for protocol in library.sorted():
        text = to_toml(protocol)
        again, problems = parse_protocol(text, f"{protocol.id}.toml")
        assert problems == [], (protocol.id, problems)
        assert again == protocol
        assert again.text == text  # the file as written is the version kept with a visit
        assert len(again.structures) == len(protocol.structures)


def test_a_joint_not_crossed_is_written_as_such_and_a_crossed_one_as_before(
    library: Library,
) -> None:
    text = to_toml(library.get("low-back"))
    hip = '[[structures.joints]]\njoint = "hip"\ncrossed = false\nlengthened = ["extension", '
    assert hip + '"adduction"]\n' in text  # right after the joint: how the entry reads
    assert "crossed = true" not in text  # the default, left out as the shipped files leave it
    again, _ = parse_protocol(text, "low-back.toml")
    assert again is not None
    moved = again.structure("quadratus-lumborum").joints[1]
    assert (moved.joint.value, moved.crossed, moved.shortened) == ("hip", False, ())


def test_strings_that_need_escaping_read_back_exactly() -> None:
    for text in TRICKY:
        assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text
    written = toml_string("abc \u202edcba\u202c")
    assert "\u202e" not in written and "\\u202E" in written  # shown, not obeyed, in an editor
    assert toml_string("🏃 <b>&") == '"🏃 <b>&"'  # readable text is written as it is
    with pytest.raises(ValueError, match="broken character"):
        toml_string("half an emoji \ud83c")


@given(st.text())
def test_any_text_reads_back_exactly(text: str) -> None:
    assert tomllib.loads(f"x = {toml_string(text)}")["x"] == text


def _minimal() -> Protocol:
    structure = Structure(
        key="soleus",
        name="Soleus",
        plain_name="the deep calf muscle",
        start_position="Side-lying, knee bent",
        shortened_position="Ankle plantarflexed, knee flexed",
        contact="Thumb beside the Achilles; tension toward the knee",
        lengthening="Ankle dorsiflexion with the knee kept flexed",
        mode=MovementMode.PASSIVE,
        passes=3,
        seconds_per_pass=8,
        sides=(Side.LEFT, Side.RIGHT),
    )
    return Protocol(
        id="calf-short",
        version=1,
        name="Calf",
        region="calf",
        plain_name="your calf",
        structures=(structure,),
        regions=("calf",),
    )


def test_optional_fields_are_left_out_when_empty() -> None:
    protocol = _minimal()
    text = to_toml(protocol)
    for absent in ("complaints", "evidence", "precautions", "home_care", "level", "digest"):
        assert absent not in text
    assert 'mode = "passive"' in text and 'sides = ["left", "right"]' in text
    again, problems = parse_protocol(text, "calf-short.toml")
    assert problems == [] and again == protocol


def test_a_comment_goes_first_and_is_not_data() -> None:
    text = to_toml(_minimal(), comment="Calf\nsaved by the editor")
    assert text.startswith("# Calf\n# saved by the editor\nid = ")
    again, _ = parse_protocol(text, "x.toml")
    assert again == _minimal()


def test_new_fields_and_nested_rows_carry_through() -> None:
    """The writer walks the dataclass fields: a field it has never heard of is written, and
    nested rows become [[parent.child]] tables under the right parent."""

    @dataclasses.dataclass(frozen=True)
    class Row:
        joint: str
        shortened: str

    @dataclasses.dataclass(frozen=True)
    class Part:
        key: str
        rows: tuple[Row, ...] = ()
        count: int | None = None

    @dataclasses.dataclass(frozen=True)
    class Whole:
        id: str
        parts: tuple[Part, ...]
        flag: bool = False

    whole = Whole("w", (Part("a", (Row("knee", "flexion"), Row("ankle", "plantarflexion"))),
                        Part("b", count=2)), flag=True)  # fmt: skip
    table = as_table(whole)
    assert table["parts"][1] == {"key": "b", "count": 2}  # empty rows left out
    read = tomllib.loads(dumps(table))
    assert read == {
        "id": "w",
        "flag": True,
        "parts": [
            {
                "key": "a",
                "rows": [
                    {"joint": "knee", "shortened": "flexion"},
                    {"joint": "ankle", "shortened": "plantarflexion"},
                ],
            },
            {"key": "b", "count": 2},
        ],
    }
    assert "[[parts.rows]]" in dumps(table)


def test_the_form_as_typed_is_written_as_typed() -> None:
    """The editor hands ``dumps`` what is typed: a wrong kind of value stays wrong, an empty
    required list stays empty, so the loader says what is wrong where."""
    table = as_table(_minimal())
    table["structures"][0]["passes"] = "three"
    table["regions"] = []
    _, problems = parse_protocol(dumps(table), "typed")
    assert {(p.field, p.message) for p in problems} >= {
        ("structures[1].passes", "must be a whole number, not text"),
        ("regions", "must be a list of body region ids (see resources/body_regions.toml)"),
    }


SHIPPED = load_shipped_library()
clean_text = (
    st.one_of(st.text(min_size=1, max_size=60), st.sampled_from(TRICKY)).map(str.strip).filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(
    name=clean_text,
    plain=clean_text,
    complaints=st.lists(clean_text, max_size=4),
    structure_name=clean_text,
    precaution=clean_text,
    exercise=clean_text,
    frequency=clean_text,
    passes=st.integers(1, 10_000),
    hold=st.integers(0, 10_000),
    level=st.one_of(st.none(), st.integers(1, 4)),
)
def test_protocols_with_any_text_read_back_equal(
    name: str,
    plain: str,
    complaints: list[str],
    structure_name: str,
    precaution: str,
    exercise: str,
    frequency: str,
    passes: int,
    hold: int,
    level: int | None,
) -> None:
    shipped = SHIPPED.get("calf-achilles")
    first = shipped.structures[0]
    structure = dataclasses.replace(
        first,
        name=structure_name,
        passes=passes,
        level=level,
        precautions=(*first.precautions, precaution),
        home_care=(HomeCare(exercise, 3, 10, hold, frequency),),
    )
    protocol = dataclasses.replace(
        shipped,
        name=name,
        plain_name=plain,
        complaints=tuple(complaints),
        structures=(structure, *shipped.structures[1:]),
    )
    again, problems = parse_protocol(to_toml(protocol), "any.toml")
    assert problems == []
    assert again == protocol


keys = st.text(min_size=1, max_size=8)
scalars = st.one_of(st.text(max_size=20), st.integers(-(2**63), 2**63 - 1), st.booleans())
leaf_tables = st.dictionaries(keys, st.one_of(scalars, st.lists(st.text(max_size=10))), max_size=4)
tables = st.recursive(
    leaf_tables,
    lambda inner: st.dictionaries(
        keys, st.one_of(scalars, st.lists(inner, min_size=1, max_size=3)), max_size=4
    ),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None)
@given(tables)
def test_any_table_of_the_schema_kinds_reads_back_equal(table: dict[str, Any]) -> None:
    assert tomllib.loads(dumps(table)) == table
