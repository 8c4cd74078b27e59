"""The body chart as data (issue 13 item 6): every region drawn in each of its views on each
side, the sides where the convention puts them, hit-testing, and a broken file refused with a
message that says what is wrong."""

from __future__ import annotations

import pytest

from artdesk.protocols import body_chart, regions
from artdesk.protocols.body_chart import BodyChartError, hit, marks_words, parse, placements
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from artdesk.protocols.regions import View
from artdesk.resources import resource_dir

FOLDER = resource_dir("body_chart")
TEXT = (FOLDER / "body_chart.toml").read_text(encoding="utf-8")


def test_every_region_is_drawn_in_each_of_its_views_on_each_side() -> None:
    chart = body_chart.shipped()
    for region in regions.shipped().values():
        sides = (MarkSide.LEFT, MarkSide.RIGHT) if region.sided else (MarkSide.MIDLINE,)
        for view in View:
            for side in sides:
                drawn = [p.id for p in chart.of_view(view) if p.shape(region.id, side)]
                if view in region.views:  # once: in the panel of that view showing it
                    assert len(drawn) == 1, f"{region.id} ({side}) in the {view} view: {drawn}"
                else:
                    assert not drawn, f"{region.id} drawn in the {view} view it is not seen in"
    shapes = sum(len(p.shapes) for p in chart.panels)
    assert shapes == sum(2 * len(r.views) for r in regions.shipped().values())


def test_the_front_shows_the_patients_right_on_the_viewers_left() -> None:
    chart = body_chart.shipped()
    front, back = chart.panel("front"), chart.panel("back")
    shin = front.shape("anterior-shin", MarkSide.RIGHT)
    calf = back.shape("calf", MarkSide.RIGHT)
    assert shin is not None and calf is not None
    assert shin.centre[0] < front.width / 2  # facing the patient: their right on your left
    assert calf.centre[0] > back.width / 2  # from behind: their right on your right
    assert [(t.text, t.at[0] < front.width / 2) for t in front.letters] == [
        ("R", True),
        ("L", False),
    ]
    right = chart.panel("side-right")
    assert right.shows is MarkSide.RIGHT
    assert {s.side for s in right.shapes if not s.far} == {MarkSide.RIGHT}
    assert {(s.region, s.side) for s in right.shapes if s.far} == {("medial-shin", MarkSide.LEFT)}


def test_the_licence_and_the_convention_are_beside_the_drawing() -> None:
    licence = (FOLDER / "LICENSE").read_text(encoding="utf-8")
    assert "CC0 1.0" in licence and "ART Desk" in licence
    assert "their right on your left" in TEXT and "CC0-1.0" in TEXT


def test_a_point_finds_the_region_and_side_under_it() -> None:
    chart = body_chart.shipped()
    for panel in chart.panels:
        for shape in panel.shapes:
            assert hit(panel, *shape.centre) == (shape.region, shape.side)
        assert hit(panel, 0.5, 0.5) is None  # the corner: off the body
    front = chart.panel("front")
    head = (front.width / 2, 12.0)
    assert hit(front, *head) is None  # on the body but no region there
    outer = front.shape("lateral-lower-leg", MarkSide.RIGHT)
    assert outer is not None
    x, y = min(outer.points)  # its leftmost point: the leg's outer edge
    assert hit(front, x - 1.5, y) is None
    assert hit(front, x - 1.5, y, tolerance=2.0) == ("lateral-lower-leg", MarkSide.RIGHT)


def test_the_keyboard_walks_rows_head_to_foot() -> None:
    back = body_chart.shipped().panel("back")
    names = [[s.name for s in row] for row in back.rows()]
    assert names[0] == ["left neck", "right neck"]  # from behind: their left on your left
    assert names[-3:] == [
        ["left calf", "right calf"],
        ["left Achilles tendon and heel cord", "right Achilles tendon and heel cord"],
        ["left sole of the foot and heel", "right sole of the foot and heel"],
    ]
    assert sorted(s.name for s in back.in_order()) == sorted(s.name for s in back.shapes)


def test_marks_in_words_and_what_a_small_chart_shows() -> None:
    chart = body_chart.shipped()
    calf = BodyMark("calf", MarkSide.LEFT, Feeling.PAIN)
    sole = BodyMark("plantar-foot", MarkSide.LEFT, Feeling.NUMBNESS)
    thigh = BodyMark("lateral-thigh", MarkSide.RIGHT, Feeling.STIFFNESS)
    assert marks_words([calf, sole]) == "pain, left calf; numbness, left sole of the foot and heel"
    shown = placements(chart, [calf, sole, thigh])
    assert [p.id for p, _ in shown] == ["back", "side-right"]  # the outer thigh: side only
    back = dict(shown)[chart.panel("back")]
    assert {s.key: f for s, f in back.items()} == {
        ("calf", MarkSide.LEFT): [Feeling.PAIN],
        ("plantar-foot", MarkSide.LEFT): [Feeling.NUMBNESS],
    }
    hip = BodyMark("lateral-hip", MarkSide.RIGHT, Feeling.PAIN)  # front, back and side
    assert [p.id for p, _ in placements(chart, [hip])] == ["front", "back"]
    both = [calf, BodyMark("calf", MarkSide.LEFT, Feeling.NUMBNESS)]
    ((_, shapes),) = placements(chart, both)
    assert list(shapes.values()) == [[Feeling.PAIN, Feeling.NUMBNESS]]
    retired = BodyMark("kneecap", MarkSide.LEFT, Feeling.PAIN)  # read back from an old record
    assert [p.id for p, s in placements(chart, [retired])] == ["front"]


SHAPE = 'region = "{region}"\nside = "{side}"\npoints = "10,100 30,100 30,130 10,130"'


def _one_panel(shape: str, view: str = "front", extra: str = "") -> str:
    return (
        f'[[panels]]\nid = "p"\nview = "{view}"\ncaption = "P"\nsize = [80, 240]\n{extra}\n'
        '[[panels.outline]]\npoints = "2,2 78,2 78,238 2,238"\n\n'
        f"[[panels.shapes]]\n{shape}\n"
    )


def _without_shape(region: str, side: str, panel: str) -> str:
    """The shipped file with one shape of one panel taken out (tables are blank-line apart)."""
    blocks = TEXT.split("\n\n")
    at = next(n for n, b in enumerate(blocks) if f'id = "{panel}"' in b)
    head = f'[[panels.shapes]]\nregion = "{region}"\nside = "{side}"\n'
    gone = next(n for n, b in enumerate(blocks) if n > at and b.startswith(head))
    return "\n\n".join(blocks[:gone] + blocks[gone + 1 :])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[panels]\nid = 1", "not valid TOML"),
        ("", "no panels"),
        (_one_panel(SHAPE.format(region="kneecap", side="left")), "unknown body region 'kneecap'"),
        (
            _one_panel(SHAPE.format(region="calf", side="left")),
            "calf is not seen in the front view (body_regions.toml: back)",
        ),
        (
            _one_panel(SHAPE.format(region="anterior-shin", side="midline")),
            "anterior-shin is marked left or right, not midline",
        ),
        (
            _one_panel(SHAPE.format(region="anterior-shin", side="left")),
            "anterior-shin (left) is on the wrong side: the front shows the patient's right",
        ),
        (
            _one_panel(
                SHAPE.format(region="anterior-shin", side="right").replace("30,130", "30,250")
            ),
            "point 3 [30, 250] is outside the panel's 80 × 240",
        ),
        (
            _one_panel(
                SHAPE.format(region="anterior-shin", side="right").replace("30,130", "30;1")
            ),
            "point 3 '30;1' is not x,y numbers",
        ),
        (
            _one_panel(SHAPE.format(region="lateral-thigh", side="right"), view="side"),
            "a side view says which side it shows",
        ),
        (
            _one_panel(
                SHAPE.format(region="lateral-thigh", side="left"), "side", 'shows = "right"'
            ),
            "this panel shows the right side",
        ),
        (
            _one_panel(SHAPE.format(region="anterior-shin", side="right"))
            + "\n[[panels.shapes]]\n"
            + SHAPE.format(region="anterior-shin", side="right"),
            "anterior-shin (right) is drawn twice",
        ),
        (_without_shape("calf", "left", "back"), "no shape for calf (left) in the back view"),
    ],
)
def test_a_broken_chart_is_refused_and_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(BodyChartError) as caught:
        parse(text, "clinic/body_chart.toml")
    assert str(caught.value).startswith("clinic/body_chart.toml: ")
    assert message in str(caught.value)


def test_the_drawing_is_what_its_script_draws() -> None:
    """The shipped file is what make_chart.py writes (no hand edit drifted from the script)."""
    import runpy

    made = runpy.run_path(str(FOLDER / "make_chart.py"), run_name="body_chart_script")
    assert made["render"]() == TEXT
