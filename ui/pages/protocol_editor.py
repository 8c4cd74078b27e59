"""The clinic's protocol editor (issue 13 item 3): copy a shipped or clinic protocol, or start
a new one, edit it, and save it as TOML in the clinic's protocol folder.

The library is listed on the left with where each protocol comes from (shipped, clinic, clinic
replacing a shipped one) and the files that did not load. What is typed is checked as it is
typed — the form is written as TOML and read back by ``parse_protocol``, the same rules as
``python main.py protocols --check`` — and each problem is shown at its field and in the list
at the bottom; Save stays disabled until there is none. A save writes version n+1 of the id
atomically; a failed save says why and keeps everything typed. Closing with changes asks.

Keys: the list has the keys first (Up/Down, Enter or Ctrl+D copies, Ctrl+N starts a new one);
Alt+P / Alt+T the Protocol and Structures tabs; each field's underlined letter with Alt; in
the structure list Insert, Delete, Alt+Up, Alt+Down; in a table Ctrl+Ins, Ctrl+Del; Alt+B the
problems (Enter goes to the field); Ctrl+S saves; Esc closes (asking when there are changes).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols import Library
from artdesk.protocols.draft import Place, place_of, problem_words
from artdesk.protocols.editing import Edit, Start
from artdesk.protocols.loader import parse_protocol
from artdesk.protocols.saving import ProtocolInvalid, ProtocolNotSaved, save_protocol
from artdesk.protocols.toml_out import as_table, dumps
from ui.fitting import fitted
from ui.pages.follow_focus import follow_focus
from ui.pages.library_pane import LibraryPane
from ui.pages.protocol_fields import wrapped_lines
from ui.pages.protocol_form import NOTE_STYLE, ProtocolForm
from ui.pages.structure_form import blank_structure
from ui.pages.structures_editor import StructuresEditor
from ui.style import ERROR_STYLE, error_label, show_error

ID = Qt.ItemDataRole.UserRole
TYPE_POINTS = 11
CHECK_AFTER_MS = 300  # the pause in typing after which the protocol is checked
NO_FOLDER = (
    "This database has no clinic protocol folder (it is on a server): set a clinic protocol "
    "folder in Settings to save protocols. You can still look and try edits here."
)


class ProtocolEditorDialog(QDialog):
    """Signals: ``saved(str)`` with the path written."""

    saved = Signal(str)

    def __init__(
        self,
        library: Library,
        folder: Path | None,
        on_saved: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._folder = folder
        self._on_saved = on_saved
        self._edit: Edit | None = None
        self._valid_text: str | None = None
        self._baseline = ""
        self._places: list[tuple[Place, str]] = []
        self.question: QMessageBox | None = None  # Save / Discard / Cancel while open
        self.setWindowTitle("Protocols — the clinic's library")
        # read at arm's length at a treatment table; a style sheet, not setFont: a label with a
        # style sheet of its own (the problem lines) does not inherit a parent's setFont
        self.setStyleSheet(f"QWidget {{ font-size: {TYPE_POINTS}pt; }}")
        self._build()
        self._say("")
        self._connect()
        self.library.fill()
        self._show_editing()
        self._fix_tab_order()
        fitted(self, 1300, 780)
        self.library_list.setFocus()

    # --- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.library = LibraryPane(self._library)
        self.library_list = self.library.list
        self.copy_button = self.library.copy_button
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setStyleSheet(NOTE_STYLE)
        self.folder_note = error_label()
        self.form = ProtocolForm()
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form)
        follow_focus(self.form_scroll)
        self.structures = StructuresEditor()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form_scroll, "&Protocol")
        self.tabs.addTab(self.structures, "S&tructures")
        self.problems_caption = QLabel("Pro&blems")
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems_caption.setBuddy(self.problems)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.about)
        right.addWidget(self.folder_note)
        right.addWidget(self.tabs, 1)
        right.addWidget(self.problems_caption)
        right.addWidget(self.problems)
        right_widget = QWidget()
        right_widget.setLayout(right)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(right_widget)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([270, 1000])
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # plain buttons, not a button box: its accept button turns default when shown, and
        # Enter in the library list (or any field) would save
        self.save_button = QPushButton("Save  (Ctrl+S)")
        self.close_button = QPushButton("Close  (Esc)")
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        self.buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(self.buttons)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_AFTER_MS)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self._on_save_requested)
        self.close_button.clicked.connect(self.reject)
        self.library.copy_requested.connect(self.copy_chosen)
        self.library.new_requested.connect(self.new_protocol)
        self.problems.itemActivated.connect(self._on_problems_item_activated)
        for keys, slot in (
            ("Ctrl+S", self._on_save_requested),
            ("Ctrl+D", self.copy_chosen),
            ("Ctrl+N", self.new_protocol),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self.form.changed.connect(self._on_typed)
        self.structures.changed.connect(self._on_typed)
        self.structures.reshaped.connect(self._fix_tab_order)
        self._check_timer.timeout.connect(self.check)

    def _fix_tab_order(self) -> None:
        """Tab walks the window top to bottom, also through structures added since it opened
        (a widget made later goes last in Qt's chain)."""
        chain: list[QWidget] = [*self.library.focus_widgets(), self.tabs.tabBar()]
        chain += self.form.focus_widgets()
        chain += [*self.structures.focus_widgets(), self.problems]
        chain += [self.save_button, self.close_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        for button in self.findChildren(QPushButton):  # Enter in a field never clicks one
            button.setAutoDefault(False)

    # --- the library ---------------------------------------------------------------------------
    @Slot()
    def copy_chosen(self) -> None:
        chosen = self.library.chosen()
        if chosen is not None:
            self._after_asking(lambda: self._start(Edit.of(chosen, self._library, self._folder)))

    @Slot()
    def new_protocol(self) -> None:
        self._after_asking(self._start_new)

    def _start(self, edit: Edit) -> None:
        self._edit = edit
        if edit.start.id:
            self._load(as_table(self._library.get(edit.start.id)))
        else:
            self._load({"regions": [], "structures": [blank_structure()]})

    def _start_new(self) -> None:
        self._start(Edit(Start("", 0, None, ""), self._library, self._folder))

    def _load(self, table: dict[str, Any]) -> None:
        self.form.set_table(table)
        self.structures.set_structures(table.get("structures", []))
        self._fix_tab_order()
        self.check()
        self._baseline = self._typed()
        self._say("")
        self.tabs.setCurrentIndex(0)
        self._show_editing()
        self.form.focus("id")

    # --- reading and checking the form ---------------------------------------------------------
    def table(self) -> dict[str, Any]:
        """The protocol as typed, as the TOML table it is saved as."""
        assert self._edit is not None
        self.form.keep("version", self._edit.version(self.form.typed_id()))
        self.form.keep("structures", self.structures.tables())
        return self.form.table()

    def text(self) -> str:
        assert self._edit is not None
        return dumps(self.table(), self._edit.comment())

    def _typed(self) -> str:
        """Everything typed, the version aside (it follows the id): to tell a change."""
        table = self.table()
        table.pop("version", None)
        return dumps(table)

    def changed(self) -> bool:
        return self._edit is not None and self._typed() != self._baseline

    @Slot()
    def _on_typed(self) -> None:
        self._check_timer.start()  # once typing pauses; restarted by each key

    @Slot()
    def check(self) -> None:
        """Check the form now: each problem at its field and in the list; Save follows."""
        self._check_timer.stop()
        if self._edit is None:
            return
        text = self.text()
        protocol, problems = parse_protocol(text, "(editing)")
        places = [(place_of(p.field), p.message) for p in problems]
        clash = self._edit.clash(self.form.typed_id())
        if clash:
            places.insert(0, (Place(None, "id"), clash))
        self._valid_text = text if protocol is not None and not clash else None
        self._show_problems(places)
        self._show_editing()

    def _show_problems(self, places: list[tuple[Place, str]]) -> None:
        own: dict[str, list[str]] = {}
        rest: list[tuple[Place, str]] = []
        for place, message in places:
            if place.structure is None and place.field != "structures":
                field = place.field if place.field in self.form.fields else ""
                own.setdefault(field, []).append(problem_words(place, message))
            else:
                rest.append((place, message))
        self.form.show_problems(own)
        self.structures.show_problems(rest)
        self._places = places
        self.problems.clear()
        for n, (place, message) in enumerate(places):
            item = QListWidgetItem(f"{self._where(place)}: {problem_words(place, message)}")
            item.setData(ID, n)
            self.problems.addItem(item)
        count = len(places)
        self.problems.setVisible(bool(count))
        width = self.problems.viewport().width() or self.width() - 300
        said = sum(
            wrapped_lines(self.problems, self.problems.item(n).text(), width) for n in range(count)
        )
        line = self.problems.fontMetrics().lineSpacing()
        self.problems.setFixedHeight(line * min(max(said, 1), 4) + 10)  # up to 4 lines, then scroll
        self.problems_caption.setText(
            f"Pro&blems ({count}): fix them to save — Enter on one goes to its field"
            if count
            else "Pro&blems: none — ready to save"
        )
        self.tabs.setTabText(1, f"S&tructures ({len(self.structures.forms)})")

    def _where(self, place: Place) -> str:
        field = place.field.replace("_", " ")
        if place.structure is None:
            return f"Protocol · {field or 'file'}"
        forms = self.structures.forms
        title = forms[place.structure].title() if place.structure < len(forms) else ""
        return f"Structure {place.structure + 1} ({title}) · {field or 'structure'}"

    @Slot(QListWidgetItem)
    def _on_problems_item_activated(self, item: QListWidgetItem) -> None:
        self.go_to(self._places[item.data(ID)][0])

    def go_to(self, place: Place) -> None:
        """Show the field a problem belongs to, with the keys in it."""
        if place.structure is None and place.field in self.form.fields:
            self.tabs.setCurrentIndex(0)
            self.form.focus(place.field)
        else:
            self.tabs.setCurrentIndex(1)
            self.structures.focus_place(place)

    def _show_editing(self) -> None:
        """What is being edited, what saving does, and whether it can be saved now."""
        edit = self._edit
        self.tabs.setEnabled(edit is not None)
        show_error(self.folder_note, NO_FOLDER if self._folder is None else None)
        self.save_button.setEnabled(
            edit is not None and self._folder is not None and self._valid_text is not None
        )
        if edit is None:
            self.about.setText(
                "Choose a protocol in the library and copy it (Enter or Ctrl+D) to change it, "
                "or start a new one (Ctrl+N). The shipped files are never changed: the clinic's "
                "protocols are saved in its own folder."
            )
            return
        self.about.setText(f"{edit.start.words} {edit.note(self.form.typed_id())}".strip())

    # --- saving and closing --------------------------------------------------------------------
    @Slot()
    def _on_save_requested(self) -> None:
        # a slot returns nothing: PySide6 6.12 miscounts a bool a slot returns to Qt, and the
        # interpreter aborts at exit ('deallocating True or False')
        self.save()

    def save(self) -> bool:
        """Save now (Ctrl+S): True when written. A problem or a failed write keeps the dialog
        and everything typed, and says why."""
        if self._edit is None:
            return False
        self.check()
        if self._folder is None:
            self._say(f"Not saved: {NO_FOLDER}", error=True)
            return False
        if self._valid_text is None:
            self._say("Not saved: fix the problems listed first (nothing was written).", error=True)
            if self._places:
                self.go_to(self._places[0][0])
            return False
        typed = self.form.typed_id()
        text = self._valid_text
        try:
            path = save_protocol(self._folder, text, self._edit.file_name(typed))
        except (ProtocolNotSaved, ProtocolInvalid) as exc:
            reason = exc.reason if isinstance(exc, ProtocolNotSaved) else str(exc)
            self._say(f"Not saved: {reason}. Everything you typed is still here.", error=True)
            return False
        protocol, _ = parse_protocol(text, path.name)
        assert protocol is not None
        self._edit.saved_as(protocol.id, protocol.version, protocol.name, path)
        self._on_saved(path)
        self.library.fill(select=protocol.id)
        self._fix_tab_order()
        self.check()
        self._baseline = self._typed()
        self._say(f"Saved “{protocol.name}” as version {protocol.version} in {path}.")
        self.saved.emit(str(path))
        return True

    def _say(self, message: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.status.setText(message)
        self.status.setVisible(bool(message))

    def _after_asking(self, then: Callable[[], None]) -> None:
        """Run ``then`` at once when nothing typed would be lost, else ask first: Save (then
        go on, only if it saved), Discard (go on), Cancel (stay, everything kept)."""
        if not self.changed():
            then()
            return
        buttons = QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        text = "The protocol has changes that are not saved. Save them first?"
        if self._folder is None:
            text = "The protocol has changes that cannot be saved here (no clinic folder)."
        else:
            buttons |= QMessageBox.StandardButton.Save
        box = QMessageBox(QMessageBox.Icon.Question, "Save the changes?", text, buttons, self)
        if self._folder is not None:
            box.button(QMessageBox.StandardButton.Save).setText("&Save")
            box.setDefaultButton(QMessageBox.StandardButton.Save)
        else:
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Discard).setText("&Discard the changes")
        box.button(QMessageBox.StandardButton.Cancel).setText("&Cancel: keep editing")

        def answered(button: QPushButton) -> None:
            chosen = box.standardButton(button)
            saved = chosen == QMessageBox.StandardButton.Save and self.save()
            if saved or chosen == QMessageBox.StandardButton.Discard:
                then()

        box.buttonClicked.connect(answered)
        box.finished.connect(lambda _result: self.activateWindow())  # the keys back here
        self.question = box
        box.open()

    def reject(self) -> None:
        """Esc, Close and the window's ×: close at once with nothing unsaved, else ask."""
        self._after_asking(lambda: QDialog.reject(self))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
