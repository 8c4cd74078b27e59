"""The joints table's "Crossed" column in the protocol editor, by keys: a joint the pass moves
but the tissue does not cross (quadratus lumborum's hip and shoulder) shows unticked with no
shortened movement; Space ticks it (and the opposite rule asks for the shortened movement) or
unticks it; a new row unticked is saved as ``crossed = false``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library, load_library, load_shipped_library
from artdesk.protocols.joints import Joint, JointAction, Movement
from tests.ui.conftest import type_into
from tests.ui.test_protocol_editor import ALT, CTRL, focus_is, key, shown, standalone, type_here


@pytest.fixture
def library() -> Library:
    return load_shipped_library()


def test_a_joint_not_crossed_is_shown_ticked_off_and_edited_by_keys(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    dialog = standalone(qtbot, library, tmp_path)
    dialog.library.list.setCurrentRow([p.id for p in library.sorted()].index("low-back"))
    dialog.copy_chosen()
    key(qtbot, Qt.Key.Key_T, ALT)  # S&tructures: quadratus lumborum
    form = dialog.structures.forms[0]
    joints = form.fields["joints"]
    key(qtbot, Qt.Key.Key_J, ALT)  # &Joints
    focus_is(qtbot, joints)
    headers = [joints.horizontalHeaderItem(n).text() for n in range(joints.columnCount())]
    assert headers == ["Joint", "Crossed", "Shortened", "Lengthened", "Held in"]
    rows = [
        [joints.item(row, n).text() for n in range(joints.columnCount())]
        for row in range(joints.rowCount())
    ]
    assert rows == [
        ["lumbar spine", "yes", "lateral flexion toward", "lateral flexion away", ""],
        ["hip", "no", "", "extension + adduction", ""],
        ["shoulder", "no", "", "flexion", ""],
    ]
    unticked = Qt.CheckState.Unchecked
    assert [joints.item(r, 1).checkState() == unticked for r in range(3)] == [False, True, True]
    assert dialog.problems.count() == 0 and dialog.save_button.isEnabled()

    # Space ticks the hip: a joint crossed needs its shortened movement, the opposite
    joints.setCurrentCell(1, 1)
    key(qtbot, Qt.Key.Key_Space)
    assert joints.item(1, 1).text() == "yes"
    qtbot.waitUntil(lambda: "missing: the hip's movement in the shortened" in shown(
        form.errors["joints"]), timeout=3000)  # fmt: skip
    assert shown(form.errors["joints"]).startswith("row 2, shortened:")
    assert not dialog.save_button.isEnabled()
    key(qtbot, Qt.Key.Key_Space)  # and unticks it again
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=3000)
    assert joints.item(1, 1).text() == "no"

    # a new joint, unticked by keys, with where the pass takes it
    key(qtbot, Qt.Key.Key_Insert, CTRL)
    assert (joints.rowCount(), joints.currentRow()) == (4, 3)
    assert joints.item(3, 1).text() == "yes"  # a new joint is one the tissue crosses
    key(qtbot, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None
    type_into(qtbot, editor, "elbow")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: joints.item(3, 0).text() == "elbow", timeout=3000)
    focus_is(qtbot, joints)
    key(qtbot, Qt.Key.Key_Right)
    key(qtbot, Qt.Key.Key_Space)
    assert joints.item(3, 1).checkState() == unticked
    key(qtbot, Qt.Key.Key_Right)
    key(qtbot, Qt.Key.Key_Right)  # Lengthened
    type_here(qtbot, "flexion")  # the cell's editor still open: Ctrl+S saves what it holds
    with qtbot.waitSignal(dialog.saved, timeout=3000) as saved:
        key(qtbot, Qt.Key.Key_S, CTRL)
    written = Path(saved.args[0]).read_text(encoding="utf-8")
    assert 'joint = "elbow"\ncrossed = false\nlengthened = "flexion"\n' in written
    assert "crossed = true" not in written
    ql = load_library(tmp_path).get("low-back").structure("quadratus-lumborum")
    assert ql.joints[1:] == (
        JointAction(Joint.HIP, lengthened=(Movement.EXTENSION, Movement.ADDUCTION), crossed=False),
        JointAction(Joint.SHOULDER, lengthened=(Movement.FLEXION,), crossed=False),
        JointAction(Joint.ELBOW, lengthened=(Movement.FLEXION,), crossed=False),
    )
