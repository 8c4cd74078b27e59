"""A clinic protocol file that does not load, fixed in the editor by keys (issue 13): listed as
broken with why, opened with what it has in the fields and every problem at its field (or, for
a file that is not TOML, as its text with the line marked, checked as it is typed), saved in
place one version on — and the library loaded again, the banner's line gone. The file is not
touched before Save; nothing typed is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library, load_library, load_shipped_library
from artdesk.protocols.clinic import load_with_clinic
from artdesk.protocols.joints import Joint
from artdesk.resources import protocols_dir
from tests.ui.conftest import type_into
from tests.ui.test_protocol_editor import (
    ALT,
    CTRL,
    focus_is,
    key,
    open_editor,
    problems,
    shown,
    standalone,
    type_here,
)
from ui.pages.protocol_editor import ProtocolEditorDialog
from ui.workspace import Workspace


@pytest.fixture
def library() -> Library:
    """A library of this test's own: a save reloads it in place."""
    return load_shipped_library()


def shipped_text(protocol_id: str) -> str:
    return (protocols_dir() / f"{protocol_id}.toml").read_text(encoding="utf-8")


def broken_calf(folder: Path) -> Path:
    """The clinic's own calf protocol, typed by hand: a joint misspelt, the soleus's contact
    left out."""
    text = shipped_text("calf-achilles").replace('id = "calf-achilles"', 'id = "our-calf"')
    text = text.replace('joint = "ankle"', 'joint = "ankel"', 1)
    text = re.sub(r'(?m)^contact = "Thumb beside the Achilles.*\n', "", text)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "our calf.toml"  # a name of the clinic's, not <id>.toml
    path.write_text(text, encoding="utf-8")
    return path


def open_broken_by_keys(qtbot: QtBot, dialog: ProtocolEditorDialog, name: str) -> None:
    key(qtbot, Qt.Key.Key_F, ALT)  # &Files that do not load
    focus_is(qtbot, dialog.library.broken)
    listed = [dialog.library.broken.item(n).text() for n in range(dialog.library.broken.count())]
    dialog.library.broken.setCurrentRow(0)
    for _ in range(next(n for n, text in enumerate(listed) if name in text)):
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)


def test_a_broken_clinic_file_is_listed_opened_fixed_and_saved_in_place(
    qtbot: QtBot, window: Workspace, library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "clinic protocols"
    path = broken_calf(folder)
    before = path.read_bytes()
    window.settings.set("protocol_folder", str(folder))
    window.toolbar.settings_applied.emit()  # the library loaded with the clinic's folder
    banner = window.file_care.banner
    assert any("our calf.toml" in line for line in banner.lines()) and banner.isVisible()
    dialog = open_editor(qtbot, window)

    # listed as broken, with why; opened by keys
    (listed,) = [dialog.library.broken.item(n).text() for n in range(dialog.library.broken.count())]
    assert listed.startswith(
        "⚠ our calf.toml — does not load\nstructure 1, joints: row 2, joint: 'ankel' is not a "
    )
    assert listed.endswith("… (and 1 more)")  # cut: the tooltip has every problem whole
    open_broken_by_keys(qtbot, dialog, "our calf.toml")
    focus_is(qtbot, dialog.form.fields["id"])
    assert "our calf.toml, which does not load" in dialog.about.text()
    assert "in place as version 4" in dialog.about.text()

    # everything the file has is in the fields; each problem at its field and in the list
    assert dialog.form.fields["id"].text() == "our-calf"
    gastrocnemius, soleus = dialog.structures.forms[:2]
    assert gastrocnemius.fields["joints"].item(1, 0).text() == "ankel"
    assert soleus.fields["lengthening"].toPlainText().startswith("Ankle dorsiflexion")
    assert problems(dialog) == [
        "Structure 1 (Gastrocnemius) · joints: row 2, joint: 'ankel' is not a joint; the joints "
        "are: " + ", ".join(j.value for j in Joint),
        "Structure 2 (Soleus) · contact: must not be empty",
    ]
    assert not dialog.save_button.isEnabled()

    # fixed by keys: Enter on a problem goes to its field
    dialog.problems.setFocus()
    dialog.problems.setCurrentRow(1)
    key(qtbot, Qt.Key.Key_Return)
    focus_is(qtbot, soleus.fields["contact"])
    assert shown(soleus.errors["contact"]) == "must not be empty"  # under the field
    assert dialog.structures.list.item(1).text().endswith("⚠")
    type_into(qtbot, soleus.fields["contact"], "Thumb beside the Achilles; tension toward the knee")
    dialog.problems.setFocus()
    qtbot.waitUntil(lambda: len(problems(dialog)) == 1, timeout=3000)
    dialog.problems.setCurrentRow(0)
    key(qtbot, Qt.Key.Key_Return)
    joints = gastrocnemius.fields["joints"]
    focus_is(qtbot, joints)
    assert (joints.currentRow(), joints.currentColumn()) == (1, 0)
    assert shown(gastrocnemius.errors["joints"]).startswith("row 2, joint: 'ankel' is not a joint")
    key(qtbot, Qt.Key.Key_F2)
    type_here(qtbot, "ankle")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    assert path.read_bytes() == before  # nothing written before Save

    # saved in place, one version on; the library loaded again and the banner's line gone
    with qtbot.waitSignal(dialog.saved, timeout=3000) as saved:
        key(qtbot, Qt.Key.Key_S, CTRL)
    assert Path(saved.args[0]) == path
    assert sorted(p.name for p in folder.iterdir()) == ["our calf.toml"]
    reloaded = load_library(folder)
    assert reloaded.problems == [] and reloaded.broken == []
    ours = reloaded.get("our-calf")
    assert ours.version == 4 and ours.structures[1].contact.startswith("Thumb beside")
    assert library.get("our-calf") == ours and library.broken == []  # the window's, in place
    assert not any("our calf.toml" in line for line in banner.lines())
    assert not banner.isVisible()
    assert not dialog.library.broken.isVisibleTo(dialog)
    assert "over the clinic's file" in dialog.about.text() and not dialog.changed()


def test_a_file_that_is_not_toml_is_fixed_as_its_text_then_in_the_form(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """A quote left open half-way: the text, its line marked, checked as typed; once it reads,
    Ctrl+E puts it in the form, where the problem left is at its field."""
    text = shipped_text("neck").replace('id = "neck"', 'id = "our-neck"')
    text = text.replace('key = "upper-trapezius"', 'key = "upper-trapezius', 1)
    text = re.sub(r"(?m)^passes = \d+$", "passes = 0", text, count=1)
    path = tmp_path / "our-neck.toml"
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('key = "upper-trapezius') + 1
    dialog = standalone(qtbot, load_with_clinic(tmp_path, library), tmp_path)
    dialog.library.broken.setFocus()
    key(qtbot, Qt.Key.Key_Return)

    pane = dialog.text_pane
    qtbot.waitUntil(lambda: dialog.views.currentWidget() is pane, timeout=3000)
    assert pane.text() == text and pane.marked() == [line]
    focus_is(qtbot, pane.edit)
    assert pane.edit.textCursor().blockNumber() + 1 == line  # the keys at the line marked
    assert f"Line {line} of" in pane.position.text() and "has a problem" in pane.position.text()
    (said,) = problems(dialog)
    assert said.startswith(f"Text · line {line}: invalid TOML:")
    assert not dialog.save_button.isEnabled()
    key(qtbot, Qt.Key.Key_E, CTRL)  # not yet: it does not read
    assert "cannot go in the form yet" in dialog.status.text()
    assert dialog.views.currentWidget() is pane

    # the quote typed: checked as typed, the line no longer marked, the rule's problem left
    key(qtbot, Qt.Key.Key_End)
    type_here(qtbot, '"')
    qtbot.waitUntil(lambda: pane.marked() == [], timeout=3000)
    assert problems(dialog) == [
        "Structure 1 (Upper trapezius) · passes: must be greater than zero, not 0"
    ]
    assert not dialog.save_button.isEnabled() and path.read_text(encoding="utf-8") == text
    key(qtbot, Qt.Key.Key_E, CTRL)  # in the form now, the problem at its field
    qtbot.waitUntil(lambda: dialog.views.currentWidget() is dialog.tabs, timeout=3000)
    assert dialog.changed()  # the quote typed in the text is a change to save
    dialog.problems.setFocus()
    dialog.problems.setCurrentRow(0)
    key(qtbot, Qt.Key.Key_Return)
    passes = dialog.structures.forms[0].fields["passes"]
    focus_is(qtbot, passes)
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_into(qtbot, passes, "3")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    assert path.read_text(encoding="utf-8") == text  # still as it was
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    ours = load_library(tmp_path).get("our-neck")
    neck = library.get("neck")
    assert ours.version == neck.version + 1 and ours.structures[0].passes == 3
    assert ours.structures[1:] == neck.structures[1:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["our-neck.toml"]


def test_the_text_saved_keeps_its_comments_with_the_version_moved_on(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    text = shipped_text("shin").replace("version = ", "# our clinic's shin\nversion = ")
    text = text.replace('name = "', 'name = "Shin (ours), ', 1).replace("\nsides =", "\nsides", 1)
    path = tmp_path / "shin.toml"
    path.write_text(text, encoding="utf-8")
    dialog = standalone(qtbot, load_with_clinic(tmp_path, library), tmp_path)
    dialog.open_chosen_broken()
    pane = dialog.text_pane
    (line,) = pane.marked()
    assert text.splitlines()[line - 1].startswith("sides [")
    focus_is(qtbot, pane.edit)
    key(qtbot, Qt.Key.Key_Home)
    for _ in range(len("sides")):
        key(qtbot, Qt.Key.Key_Right)
    type_here(qtbot, " =")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    assert "in place as version" in dialog.about.text()
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    version = load_shipped_library().get("shin").version + 1
    written = path.read_text(encoding="utf-8")
    fixed = text.replace("\nsides [", "\nsides = [", 1)
    assert written == re.sub(r"(?m)^version = \d+$", f"version = {version}", fixed, count=1)
    assert (
        "# our clinic's shin\n" in written
        and version == load_shipped_library().get("shin").version + 1
    )
    assert pane.text() == written and not dialog.changed()  # the version as written


def test_nothing_typed_is_lost_and_nothing_written_before_save(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """Another file chosen with changes typed asks first (Cancel keeps them); a field the form
    has no place for (a misspelt name) is kept, said, and removed in the text."""
    path = broken_calf(tmp_path)
    other = tmp_path / "zz-unknown.toml"
    other.write_text(
        shipped_text("foot")
        .replace('id = "foot"', 'id = "our-foot"')
        .replace("sides = [", "sidse = [", 1),
        encoding="utf-8",
    )
    files = {p: p.read_bytes() for p in (path, other)}
    dialog = standalone(qtbot, load_with_clinic(tmp_path, library), tmp_path)
    dialog.library.broken.setCurrentRow(0)
    dialog.open_chosen_broken()
    type_into(qtbot, dialog.form.fields["name"], " — typed")
    typed = dialog.form.fields["name"].text()
    dialog.library.broken.setFocus()
    dialog.library.broken.setCurrentRow(1)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.question is not None, timeout=3000)
    box = dialog.question
    assert box is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=3000)
    key(qtbot, Qt.Key.Key_Escape)  # Cancel: keep editing
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    assert dialog.form.fields["name"].text() == typed
    assert {p: p.read_bytes() for p in files} == files

    # the other, with Discard: the unknown field said, kept, and taken out in the text
    dialog.library.broken.setCurrentRow(1)
    dialog.open_chosen_broken()
    box = dialog.question
    assert box is not None and box is not dialog.structures.question
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=3000)
    key(qtbot, Qt.Key.Key_D, ALT)  # &Discard the changes
    qtbot.waitUntil(lambda: dialog.form.fields["id"].text() == "our-foot", timeout=3000)
    listed = problems(dialog)
    assert (
        "Structure 1 (Plantar fascia / toe flexors) · sidse: unknown field: Ctrl+E shows "
        in (listed[0])
    )
    assert any("· sides: must be a non-empty list" in p for p in listed)
    key(qtbot, Qt.Key.Key_E, CTRL)
    pane = dialog.text_pane
    qtbot.waitUntil(lambda: dialog.views.currentWidget() is pane, timeout=3000)
    assert "\nsidse = [" in pane.text()  # kept: the form wrote it back
    fixed = pane.text().replace("\nsides = []", "", 1).replace("\nsidse = [", "\nsides = [", 1)
    pane.edit.setPlainText(fixed)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    assert {p: p.read_bytes() for p in files} == files
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    assert load_library(tmp_path).get("our-foot").structures[0].sides
    assert path.read_bytes() == files[path]  # the calf file, untouched


def test_a_file_not_utf8_shows_its_unread_characters_to_type_again(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    text = shipped_text("foot").replace('id = "foot"', 'id = "our-foot"')
    text = text.replace('name = "', 'name = "Pied — clinique ', 1)
    path = tmp_path / "our-foot.toml"
    path.write_bytes(text.encode("cp1252"))  # saved by an old editor: not UTF-8
    dialog = standalone(qtbot, load_with_clinic(tmp_path, library), tmp_path)
    dialog.open_chosen_broken()
    pane = dialog.text_pane
    assert dialog.views.currentWidget() is pane
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "clinique" in t)
    assert line in pane.marked()
    assert any(
        p.startswith(f"Text · line {line}: a character here could not be read")
        for p in problems(dialog)
    )
    assert not dialog.save_button.isEnabled()
    pane.edit.setPlainText(pane.text().replace("\ufffd", "—"))
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    assert dialog.save()
    assert load_library(tmp_path).get("our-foot").name.startswith("Pied — clinique")


def test_a_file_the_form_shows_as_it_is_is_said_to_be_shown_whole(
    qtbot: QtBot, library: Library
) -> None:
    """What the form 'shows otherwise than the file' is only what differs: every shipped file
    read by hand (a joint's one movement as text, not a list) shows in the form as it is."""
    from artdesk.protocols.fixing import differences, toml_table

    dialog = standalone(qtbot, library, None)
    for row, protocol in enumerate(library.sorted()):
        table = toml_table(shipped_text(protocol.id))
        assert table is not None
        dialog.library_list.setCurrentRow(row)
        dialog.copy_chosen()
        dialog.views.show_table(table)  # the file as read, not as the library built it
        shown = dialog.table()
        table.pop("version"), shown.pop("version")
        assert differences(table, shown) == [], protocol.id
