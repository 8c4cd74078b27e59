"""No copyrighted questionnaire ships (DOMAIN.md §4): neither the Oswestry Disability Index,
the Neck Disability Index nor the QuickDASH as a recordable instrument, and none of their
item wording anywhere in what the program ships (artdesk/, resources/). The LEFS is not
shipped either until its licence is cleared (docs/measures.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from artdesk.measures import INSTRUMENTS

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ("artdesk", "resources")

# Several item phrases from each, so that a copy of any part of a form is caught. Compared
# on letters alone (case, spacing, punctuation and line breaks do not hide a copy).
LICENSED = {
    "ODI (Oswestry Disability Index)": [
        "I can tolerate the pain I have without having to use pain killers",
        "The pain is bad but I manage without taking pain killers",
        "I can look after myself normally without causing extra pain",
        "Pain prevents me from sitting more than",
        "I can only sit in my favourite chair as long as I like",
        "I can only sit in my favorite chair as long as I like",
        "I am in bed most of the time and have to crawl to the toilet",
        "Pain does not prevent me walking any distance",
        "I can stand as long as I want without extra pain",
    ],
    "NDI (Neck Disability Index)": [
        "I can read as much as I want to with no pain in my neck",
        "I can read as much as I want to with slight pain in my neck",
        "I can concentrate fully when I want to with no difficulty",
        "I have a fair degree of difficulty in concentrating when I want to",
        "I can drive my car without any neck pain",
        "I can drive my car as long as I want with slight pain in my neck",
    ],
    "QuickDASH": [
        "Open a tight or new jar",
        "Do heavy household chores (e.g., wash walls, floors)",
        "Carry a shopping bag or briefcase",
        "Use a knife to cut food",
        "Recreational activities in which you take some force or impact through your arm",
        "Tingling (pins and needles) in your arm, shoulder or hand",
    ],
    "LEFS (Lower Extremity Functional Scale)": [
        "Any of your usual work, housework, or school activities",
        "Lifting an object, like a bag of groceries from the floor",
        "Going up or down 10 stairs (about 1 flight of stairs)",
        "Making sharp turns while running fast",
    ],
}
TEXT_SUFFIXES = {".py", ".toml", ".txt", ".md", ".json", ".csv", ".html", ".qss", ".ui", ""}


def letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def found(folders: list[Path]) -> list[str]:
    """Every (file, instrument, phrase) where licensed wording appears."""
    phrases = [(name, p, letters(p)) for name, ps in LICENSED.items() for p in ps]
    hits = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES:
                continue
            try:
                text = letters(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                continue  # fonts, sounds: not text
            hits += [f"{path}: {name}: {p!r}" for name, p, key in phrases if key in text]
    return hits


def test_no_licensed_item_wording_ships() -> None:
    folders = [ROOT / f for f in SHIPPED]
    assert all(f.is_dir() for f in folders)
    assert found(folders) == []


def test_the_scan_finds_a_copied_item_however_it_is_written(tmp_path: Path) -> None:
    (tmp_path / "form.toml").write_text(
        'item = """I can READ as much as I want to\nwith no pain in my neck."""\n', encoding="utf-8"
    )
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "q.py").write_text("Q = 'open a tight-or-new JAR'\n", encoding="utf-8")
    hits = found([tmp_path])
    assert len(hits) == 2 and "NDI" in hits[0] and "QuickDASH" in hits[1]


@pytest.mark.parametrize(
    "name",
    [
        "oswestry",
        "neck disability",
        "dash",
        "disabilities of the arm",
        "lefs",
        "lower extremity functional",
    ],
)
def test_no_licensed_instrument_is_recordable(name: str) -> None:
    for code, spec in INSTRUMENTS.items():
        assert name not in f"{code} {spec.name} {spec.short}".lower()
    assert not {"ODI", "NDI", "QUICKDASH", "DASH", "LEFS"} & {c.upper() for c in INSTRUMENTS}
