"""The protocol editor in the window (issue 13 item 3), driven by keys as a clinician does:
copy a shipped protocol, change a structure, see a problem at its field and Save disabled, fix
it, reorder and remove structures, save with Ctrl+S into the clinic folder (version bumped),
and a failed write that keeps everything typed."""

from __future__ import annotations

import dataclasses
import errno
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library, load_library, load_shipped_library
from artdesk.protocols.clinic import REPLACES, load_with_clinic
from artdesk.protocols.loader import parse_protocol
from artdesk.protocols.saving import save_protocol
from artdesk.protocols.toml_out import to_toml
from tests.ui.conftest import type_into, wait_for_dialog
from ui.pages.protocol_editor import ProtocolEditorDialog
from ui.workspace import Workspace

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NO = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def library() -> Library:
    """A library of this test's own: a save reloads it in place."""
    return load_shipped_library()


def shown(label: QLabel) -> str:
    return label.text() if label.isVisibleTo(label.window()) else ""


def key(qtbot: QtBot, k: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    """A key pressed where the keyboard focus is."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    qtbot.keyClick(QApplication.focusWidget(), k, modifier)


def type_here(qtbot: QtBot, text: str) -> None:
    """Type where the focus is, key by key (in a table the first key opens the cell's editor,
    which takes the rest)."""
    for ch in text:
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
        type_into(qtbot, QApplication.focusWidget(), ch)


def focus_is(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def problems(dialog: ProtocolEditorDialog) -> list[str]:
    return [dialog.problems.item(n).text() for n in range(dialog.problems.count())]


def open_editor(qtbot: QtBot, window: Workspace) -> ProtocolEditorDialog:
    window.show_patients()
    qtbot.waitUntil(lambda: window.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    key(qtbot, Qt.Key.Key_L, CTRL | SHIFT)  # Protocols…
    dialog = wait_for_dialog(qtbot, window, ProtocolEditorDialog)
    assert QApplication.focusWidget() is dialog.library_list  # the keys start in the list
    return dialog  # type: ignore[return-value]


def standalone(qtbot: QtBot, library: Library, folder: Path | None) -> ProtocolEditorDialog:
    """The editor on its own, shown and active (the window test opens it from the toolbar)."""
    dialog = ProtocolEditorDialog(library, folder, lambda _path: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


def copy_by_keys(qtbot: QtBot, dialog: ProtocolEditorDialog, protocol_id: str) -> None:
    listed = [dialog.library_list.item(n).data(256) for n in range(dialog.library_list.count())]
    dialog.library_list.setCurrentRow(0)
    for _ in range(listed.index(protocol_id)):
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)  # Enter copies the chosen one
    focus_is(qtbot, dialog.form.fields["id"])


def test_copy_edit_reorder_remove_and_save_by_keyboard(
    qtbot: QtBot, window: Workspace, library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "clinic protocols"
    window.settings.set("protocol_folder", str(folder))
    shipped = library.get("calf-achilles")
    dialog = open_editor(qtbot, window)
    origins = [dialog.library_list.item(n).text() for n in range(dialog.library_list.count())]
    assert any(f"calf-achilles · v{shipped.version} · shipped" in text for text in origins)
    copy_by_keys(qtbot, dialog, "calf-achilles")
    assert "replaces the shipped protocol" in dialog.about.text()
    assert str(folder / "calf-achilles.toml") in dialog.about.text()
    assert problems(dialog) == [] and dialog.save_button.isEnabled()

    # the first structure's contact, emptied by keys: the problem appears at the field
    key(qtbot, Qt.Key.Key_T, ALT)  # S&tructures
    qtbot.waitUntil(lambda: dialog.tabs.currentIndex() == 1)
    assert dialog.structures.current() == 0
    first = dialog.structures.forms[0]
    assert first.title() == "Gastrocnemius"
    key(qtbot, Qt.Key.Key_C, ALT)  # &Contact
    focus_is(qtbot, first.fields["contact"])
    key(qtbot, Qt.Key.Key_A, CTRL)
    key(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: shown(first.errors["contact"]) == "must not be empty", timeout=3000)
    assert not dialog.save_button.isEnabled()
    assert problems(dialog) == ["Structure 1 (Gastrocnemius) · contact: must not be empty"]
    assert dialog.structures.list.item(0).text().endswith("⚠")
    contact = "Thumb just distal to the restriction; tension toward the knee 🏃 <b>&"
    type_into(qtbot, first.fields["contact"], contact)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    assert shown(first.errors["contact"]) == "" and problems(dialog) == []

    # passes 0: said at the passes field; 5 is fine
    key(qtbot, Qt.Key.Key_A, ALT)  # P&asses
    focus_is(qtbot, first.fields["passes"])
    key(qtbot, Qt.Key.Key_A, CTRL)
    type_into(qtbot, first.fields["passes"], "0")
    qtbot.waitUntil(lambda: "greater than zero" in shown(first.errors["passes"]), timeout=3000)
    assert not dialog.save_button.isEnabled()
    key(qtbot, Qt.Key.Key_Backspace)
    type_into(qtbot, first.fields["passes"], "5")
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)

    # reorder: the gastrocnemius after the soleus; remove the last structure (after asking)
    key(qtbot, Qt.Key.Key_R, ALT)  # structures in the o&rder treated
    focus_is(qtbot, dialog.structures.list)
    key(qtbot, Qt.Key.Key_Down, ALT)
    titles = [f.title() for f in dialog.structures.forms]
    assert titles[:2] == ["Soleus", "Gastrocnemius"] and dialog.structures.current() == 1
    assert dialog.structures.list.item(1).text() == "2. Gastrocnemius"
    key(qtbot, Qt.Key.Key_End)
    removed = dialog.structures.forms[-1].title()
    key(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: dialog.structures.question is not None, timeout=3000)
    box = dialog.structures.question
    assert box is not None and removed in box.text()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=3000)
    key(qtbot, Qt.Key.Key_Return)  # the default keeps it: a stray Enter loses nothing
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    assert len(dialog.structures.forms) == len(shipped.structures)
    focus_is(qtbot, dialog.structures.list)
    key(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: dialog.structures.question is not box, timeout=3000)
    box = dialog.structures.question
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=3000)
    key(qtbot, Qt.Key.Key_R, ALT)  # &Remove
    qtbot.waitUntil(lambda: len(dialog.structures.forms) == len(shipped.structures) - 1)

    # Ctrl+S: written to the clinic folder, one version on, the library reloaded in place
    with qtbot.waitSignal(dialog.saved, timeout=3000) as saved:
        key(qtbot, Qt.Key.Key_S, CTRL)
    path = Path(saved.args[0])
    assert path == folder / "calf-achilles.toml"
    loaded = load_library(folder)
    assert loaded.problems == []
    mine = loaded.get("calf-achilles")
    assert mine.version == shipped.version + 1
    gastrocnemius = dataclasses.replace(shipped.structures[0], contact=contact, passes=5)
    expected = (shipped.structures[1], gastrocnemius, *shipped.structures[2:-1])
    assert mine == dataclasses.replace(shipped, version=mine.version, structures=expected)
    assert "Saved" in dialog.status.text() and str(path) in dialog.status.text()
    assert library.origins["calf-achilles"] == REPLACES  # the window's library, in place
    assert library.get("calf-achilles").version == mine.version
    chosen = dialog.library_list.currentItem()
    assert chosen is not None
    assert f"calf-achilles · v{mine.version} · clinic (replaces shipped)" in chosen.text()
    assert "over the clinic's file" in dialog.about.text()

    # saved again: one more version; nothing unsaved, so Esc closes at once
    assert not dialog.changed()
    dialog.tabs.setCurrentIndex(0)
    dialog.form.focus("name")
    type_into(qtbot, dialog.form.fields["name"], " (clinic)")
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    assert load_library(folder).get("calf-achilles").version == mine.version + 1
    assert sorted(p.name for p in folder.iterdir()) == ["calf-achilles.toml"]
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.dialog is None, timeout=3000)


def test_a_failed_write_keeps_the_typed_edits_and_says_why(
    qtbot: QtBot, window: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "protocols"
    window.settings.set("protocol_folder", str(folder))
    dialog = open_editor(qtbot, window)
    copy_by_keys(qtbot, dialog, "shin")
    key(qtbot, Qt.Key.Key_N, ALT)  # &Name
    key(qtbot, Qt.Key.Key_End)
    type_into(qtbot, dialog.form.fields["name"], " — Łódź clinic")
    typed = dialog.form.fields["name"].text()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert "the disk is full" in dialog.status.text()
    assert "Everything you typed is still here" in dialog.status.text()
    assert dialog.isVisible() and dialog.form.fields["name"].text() == typed
    assert not folder.exists() or list(folder.iterdir()) == []  # no half file, no .part

    # Esc asks; Cancel keeps everything typed
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.question is not None, timeout=3000)
    box = dialog.question
    assert box is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=3000)
    labels = {b.text() for b in box.buttons()}
    assert labels == {"&Save", "&Discard the changes", "&Cancel: keep editing"}
    key(qtbot, Qt.Key.Key_Escape)  # = Cancel
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    assert dialog.isVisible() and dialog.form.fields["name"].text() == typed

    # space again: Esc, then Save in the question, saves and closes
    monkeypatch.undo()
    key(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.question is not box, timeout=3000)
    box = dialog.question
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box, timeout=3000)
    key(qtbot, Qt.Key.Key_Return)  # the default: Save
    qtbot.waitUntil(lambda: window.dialog is None, timeout=3000)
    assert load_library(folder).get("shin").name == typed.strip()


def test_without_a_clinic_folder_saving_is_off_and_says_where_to_set_one(
    qtbot: QtBot, library: Library
) -> None:
    saved: list[Path] = []
    dialog = ProtocolEditorDialog(library, None, saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "set a clinic protocol folder in Settings" in shown(dialog.folder_note)
    dialog.copy_chosen()
    assert problems(dialog) == [] and not dialog.save_button.isEnabled()
    type_into(qtbot, dialog.form.fields["region"], " (ours)")
    assert not dialog.save()
    assert "set a clinic protocol folder in Settings" in dialog.status.text() and saved == []
    dialog.reject()  # changes that cannot be saved: Discard or Cancel, no Save
    box = dialog.question
    assert box is not None
    assert box.button(QMessageBox.StandardButton.Save) is None
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)


def test_a_new_protocol_lists_what_to_fill_and_refuses_a_clinic_id(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    ours = dataclasses.replace(library.get("foot"), id="our-foot", name="Our foot")
    save_protocol(tmp_path, to_toml(ours))
    both = load_with_clinic(tmp_path, library)
    dialog = standalone(qtbot, both, tmp_path)
    assert any(f"our-foot · v{ours.version} · clinic" in dialog.library_list.item(n).text()
               for n in range(dialog.library_list.count()))  # fmt: skip
    qtbot.keyClick(dialog.library_list, Qt.Key.Key_N, CTRL)
    focus_is(qtbot, dialog.form.fields["id"])
    listed = problems(dialog)
    assert "Protocol · id: must not be empty" in listed
    assert "Structure 1 ((new structure)) · contact: must not be empty" in listed
    assert "Structure 1 ((new structure)) · mode: missing required field" in listed
    assert shown(dialog.form.errors["id"]) == "must not be empty"
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, dialog.form.fields["id"], "our-foot")
    qtbot.waitUntil(lambda: "already the clinic's protocol" in shown(dialog.form.errors["id"]))
    dialog.form.fields["id"].setText("calf-achilles")
    qtbot.waitUntil(lambda: "is the shipped" in dialog.about.text(), timeout=3000)
    assert shown(dialog.form.errors["id"]) == ""  # a shipped id may be replaced
    # Enter on a problem goes to its field, on the tab it is on
    dialog.problems.setFocus()
    row = next(n for n, text in enumerate(problems(dialog)) if "contact" in text)
    dialog.problems.setCurrentRow(row)
    key(qtbot, Qt.Key.Key_Return)
    focus_is(qtbot, dialog.structures.forms[0].fields["contact"])
    assert dialog.tabs.currentIndex() == 1


def test_tab_walks_into_structures_added_later(qtbot: QtBot, library: Library) -> None:
    dialog = standalone(qtbot, library, None)
    dialog.copy_chosen()
    dialog.tabs.setCurrentIndex(1)
    dialog.structures.list.setFocus()
    focus_is(qtbot, dialog.structures.list)
    key(qtbot, Qt.Key.Key_Insert)  # a new structure after the first, its key field ready
    new = dialog.structures.current_form()
    assert new is not None and dialog.structures.current() == 1
    focus_is(qtbot, new.fields["key"])
    type_into(qtbot, new.fields["key"], "popliteus")
    dialog.structures.down_button.setFocus()
    key(qtbot, Qt.Key.Key_Tab)
    focus_is(qtbot, new.fields["key"])  # not the Save button: the chain was mended
    for name in ("name", "plain_name", "start_position"):
        key(qtbot, Qt.Key.Key_Tab)
        focus_is(qtbot, new.fields[name])


def test_every_shipped_protocol_reads_back_unchanged_through_the_form(
    qtbot: QtBot, library: Library
) -> None:
    """A copy saved without a change is the same protocol, one version on: every field
    (joints, home care, the regions' order) survives the editor's widgets."""
    dialog = ProtocolEditorDialog(library, None, lambda _path: None)
    qtbot.addWidget(dialog)
    for row, protocol in enumerate(library.sorted()):
        dialog.library_list.setCurrentRow(row)
        dialog.copy_chosen()
        again, problems_found = parse_protocol(dialog.text(), protocol.id)
        assert problems_found == [], protocol.id
        assert again == dataclasses.replace(protocol, version=protocol.version + 1)
        assert not dialog.changed()


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_the_editor_fits_a_small_screen_with_its_buttons_in_view(
    qtbot: QtBot, library: Library, size: tuple[int, int]
) -> None:
    from PySide6.QtCore import QRect

    dialog = ProtocolEditorDialog(library, None, lambda _path: None)
    qtbot.addWidget(dialog)
    dialog.resize(size[0] - 24, size[1] - 48)  # what ui.fitting leaves on such a screen
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.copy_chosen()
    inside = QRect(0, 0, dialog.width(), dialog.height())
    for button in (dialog.save_button, dialog.close_button, dialog.copy_button):
        place = QRect(button.mapTo(dialog, button.rect().topLeft()), button.size())
        assert inside.contains(place), button.text()


def test_joints_are_edited_by_keys_and_checked_for_opposite_movements(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    dialog = standalone(qtbot, library, tmp_path)
    dialog.library.list.setCurrentRow([p.id for p in library.sorted()].index("calf-achilles"))
    dialog.copy_chosen()
    key(qtbot, Qt.Key.Key_T, ALT)  # S&tructures: the gastrocnemius
    form = dialog.structures.forms[0]
    joints = form.fields["joints"]
    key(qtbot, Qt.Key.Key_J, ALT)  # &Joints
    focus_is(qtbot, joints)
    labels = [joints.item(row, 0).text() for row in range(joints.rowCount())]
    assert labels == ["knee", "ankle", "subtalar"]
    assert joints.item(1, 2).text() == "plantarflexion"  # after the joint and "crossed"
    # the ankle's lengthening typed wrong: the rule says what it should be, at the row
    joints.setCurrentCell(1, 3)
    type_here(qtbot, "plantarflexion")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "is not the opposite" in shown(form.errors["joints"]), timeout=3000)
    assert shown(form.errors["joints"]).startswith("row 2, lengthened:")
    assert "'dorsiflexion'" in shown(form.errors["joints"])
    assert not dialog.save_button.isEnabled()
    type_here(qtbot, "dorsiflexion")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)

    # Ctrl+Ins: a joint of its own; chosen from the vocabulary in a list while editing
    key(qtbot, Qt.Key.Key_Insert, CTRL)
    assert joints.rowCount() == 4 and joints.currentRow() == 3
    key(qtbot, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor.metaObject().className() == "QComboBox"
    type_into(qtbot, editor, "hip")
    key(qtbot, Qt.Key.Key_Return)  # the table takes it once the editor closes
    qtbot.waitUntil(lambda: joints.item(3, 0).text() == "hip", timeout=3000)
    qtbot.waitUntil(lambda: "give the hip's movement" in shown(form.errors["joints"]), timeout=3000)
    joints.setCurrentCell(3, 4)
    type_here(qtbot, "neutral")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    with qtbot.waitSignal(dialog.saved, timeout=3000):
        key(qtbot, Qt.Key.Key_S, CTRL)
    saved = load_library(tmp_path).get("calf-achilles").structures[0]
    assert [str(j) for j in saved.joints] == [
        "knee: flexion → extension",
        "ankle: plantarflexion → dorsiflexion",
        "subtalar: held neutral",
        "hip: held neutral",
    ]
    # Ctrl+Del removes the current row
    joints.setFocus()
    key(qtbot, Qt.Key.Key_Delete, CTRL)
    assert joints.rowCount() == 3
    qtbot.waitUntil(lambda: dialog.changed(), timeout=3000)


def test_typing_and_loading_lose_no_reference_to_true(qtbot: QtBot, library: Library) -> None:
    """PySide6 6.12 drops a reference to True at each Python ``emit()``; the interpreter
    aborts ('deallocating True or False') once a few thousand were made. The editor's
    per-key and per-field news travel as C++ signals only."""
    dialog = standalone(qtbot, library, None)
    dialog.copy_chosen()
    dialog.tabs.setCurrentIndex(1)
    field = dialog.structures.forms[0].fields["contact"]
    field.setFocus()
    before = sys.getrefcount(True)
    type_into(qtbot, field, " and more" * 20)
    joints = dialog.structures.forms[0].fields["joints"]
    joints.setFocus()
    for _ in range(20):
        key(qtbot, Qt.Key.Key_Insert, CTRL)
        key(qtbot, Qt.Key.Key_Delete, CTRL)
    dialog.check()
    assert sys.getrefcount(True) >= before - 10


def test_enter_on_another_protocol_with_changes_asks_and_the_key_answers_nothing(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """The Enter that copies is not also the question's Save (the dialog passes an Enter the
    list leaves on to every default button it holds): the question waits for an answer."""
    dialog = standalone(qtbot, library, tmp_path)
    copy_by_keys(qtbot, dialog, "shin")
    type_into(qtbot, dialog.form.fields["name"], " (ours)")
    dialog.library_list.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    assert list(tmp_path.iterdir()) == [] and dialog.form.fields["name"].text().endswith("(ours)")
