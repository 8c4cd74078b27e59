"""Controlled body regions (issue 13 item 1): every protocol names its regions from one
vocabulary, and a protocol folder check refuses one it does not know."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from artdesk.cli import main
from artdesk.protocols import Library
from artdesk.protocols import regions as body
from artdesk.resources import protocols_dir


def test_every_shipped_protocol_names_known_regions(library: Library) -> None:
    known = body.shipped()
    assert len(known) >= 20 and all(r.views for r in known.values())
    for protocol in library.protocols.values():
        assert protocol.regions, protocol.id
        assert all(r in known for r in protocol.regions), protocol.id
    # where it hurts → what to treat
    assert [p.id for p in library.for_region("posterior-thigh")] == [
        "posterior-thigh",
        "proximal-hamstring",
        "sciatic-nerve",
    ]
    assert [p.id for p in library.for_region("calf")] == ["calf-achilles"]


def _with_regions(tmp_path: Path, line: str | None) -> Path:
    text = (protocols_dir() / "foot.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^regions = .*$", line or "", text)
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "foot-copy.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('regions = ["plantar-foot", "sole"]', "regions: unknown body region 'sole'"),
        ('regions = "plantar-foot"', "regions: must be a list of body region ids"),
        ("regions = []", "regions: must be a list of body region ids"),
        ('regions = ["calf", "calf"]', "regions: names a body region twice"),
        (None, "regions: missing required field"),
    ],
)
def test_protocols_check_refuses_an_unknown_or_missing_region(
    tmp_path: Path, line: str | None, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = main(["protocols", "--check", str(_with_regions(tmp_path, line))], out, err)
    assert code == 1
    assert any(message in row for row in out.getvalue().splitlines()), out.getvalue()


def test_a_good_region_list_passes_the_check(tmp_path: Path) -> None:
    import io

    out, err = io.StringIO(), io.StringIO()
    folder = _with_regions(tmp_path, 'regions = ["plantar-foot", "achilles"]')
    assert main(["protocols", "--check", str(folder)], out, err) == 0, out.getvalue()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("regions = [", "not valid TOML"),
        ('[[regions]]\nid = "a"\nname = "A"\nviews = ["top"]\nsided = true\n', "views are"),
        (
            '[[regions]]\nid = "a"\nname = "A"\nviews = ["front"]\nsided = true\n' * 2,
            "used twice",
        ),
        ('[[regions]]\nid = "a"\nviews = ["front"]\nsided = true\n', "missing or wrong"),
        ("", "no regions"),
    ],
)
def test_a_broken_regions_file_is_named_with_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(body.RegionFileError, match=message) as caught:
        body.parse(text, "body_regions.toml")
    assert str(caught.value).startswith("body_regions.toml")
