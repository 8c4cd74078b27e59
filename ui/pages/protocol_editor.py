"""The clinic's protocol editor (issue 13 item 3): copy a shipped or clinic protocol, or start
a new one, edit it, and save it as TOML in the clinic's protocol folder.

The library is listed on the left with where each protocol comes from (shipped, clinic, clinic
replacing a shipped one) and the files that did not load. What is typed is checked as it is
typed — the form is written as TOML and read back by ``parse_protocol``, the same rules as
``python main.py protocols --check`` — and each problem is shown at its field and in the list
at the bottom; Save stays disabled until there is none. A save writes version n+1 of the id
atomically; a failed save says why and keeps everything typed. Closing with changes asks.

A clinic file that does not load opens to be fixed: in the form when it reads as TOML (every
value in its field, every problem at its field), else as its text (``protocol_text``), the
line with the problem marked and checked as it is typed; Ctrl+E goes between the two. Saving
writes it over itself; the file is not touched until then.

Keys: the list has the keys first (Up/Down, Enter or Ctrl+D copies, Ctrl+N starts a new one);
Alt+F the files that do not load (Enter opens one); Alt+P / Alt+T the Protocol and Structures
tabs; each field's underlined letter with Alt; in the structure list Insert, Delete, Alt+Up,
Alt+Down; in a table Ctrl+Ins, Ctrl+Del; Alt+B the problems (Enter goes to the field or the
line); Ctrl+E the text or the form; Ctrl+S saves; Esc closes (asking when there are changes).
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
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols import Library
from artdesk.protocols.draft import Place, place_of, problem_words
from artdesk.protocols.editing import Edit, Start
from artdesk.protocols.fixing import check_text, differences, toml_table, unread_characters
from artdesk.protocols.loader import BrokenFile, parse_protocol
from artdesk.protocols.saving import ProtocolInvalid, ProtocolNotSaved, save_protocol
from artdesk.protocols.toml_out import as_table, dumps
from ui.fitting import fitted
from ui.pages.library_pane import LibraryPane
from ui.pages.problem_list import ProblemList
from ui.pages.protocol_form import NOTE_STYLE
from ui.pages.protocol_views import ProtocolViews
from ui.pages.structure_form import blank_structure
from ui.pages.unsaved_question import ask_unsaved
from ui.style import ERROR_STYLE, error_label, show_error

ID = Qt.ItemDataRole.UserRole
TYPE_POINTS = 11
CHECK_AFTER_MS = 300  # the pause in typing after which the protocol is checked
UNKNOWN = "unknown field"
TO_TEXT = "Edit as text  (Ctrl+E)"  # no Alt letter: the fields have them all
TO_FORM = "Open in the form  (Ctrl+E)"
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
        self._valid_text: str | None = None  # the text Save writes; None while it has problems
        self._typed_id = ""  # the id of what is typed (the form's field, or the text's id)
        self._baseline = ""
        self._places: list[tuple[Place, str]] = []
        self._text_baseline = ""
        self._carried = False  # changes typed before switching between the form and the text
        self._decoded = True  # False: a file not UTF-8 is open, its unread characters marked
        self._unshown: list[str] = []  # what the form shows otherwise than the file has it
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
        self.views = ProtocolViews()  # the form's tabs, or the file's text
        self.form, self.form_scroll = self.views.form, self.views.form_scroll
        self.structures, self.tabs = self.views.structures, self.views.tabs
        self.text_pane = self.views.text_pane
        self.problems = ProblemList()
        self.problems_caption = self.problems.caption
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.about)
        right.addWidget(self.folder_note)
        right.addWidget(self.views, 1)
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
        self.text_button = QPushButton(TO_TEXT)
        self.text_button.setToolTip("The protocol as its file's text, or back in the form")
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.text_button)
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
        self.library.fix_requested.connect(self.open_chosen_broken)
        self.text_button.clicked.connect(self.switch_view)
        self.problems.itemActivated.connect(self._on_problems_item_activated)
        for keys, slot in (
            ("Ctrl+S", self._on_save_requested),
            ("Ctrl+D", self.copy_chosen),
            ("Ctrl+N", self.new_protocol),
            ("Ctrl+E", self.switch_view),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self.views.changed.connect(self._on_typed)
        self.views.reshaped.connect(self._fix_tab_order)
        self._check_timer.timeout.connect(self.check)

    def _fix_tab_order(self) -> None:
        """Tab walks the window top to bottom, also through structures added since it opened
        (a widget made later goes last in Qt's chain)."""
        chain: list[QWidget] = [*self.library.focus_widgets(), *self.views.focus_widgets()]
        chain += [self.problems, self.text_button, self.save_button, self.close_button]
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

    @Slot()
    def open_chosen_broken(self) -> None:
        """Open the chosen clinic file that does not load, to fix it."""
        broken = self.library.chosen_broken()
        if broken is None:
            return
        if broken.text is None:
            self._say(f"{broken.path} cannot be opened: {broken.problems[0].message}.", error=True)
            return
        self._after_asking(lambda: self._start_broken(broken))

    def _start(self, edit: Edit) -> None:
        self._edit, self._decoded = edit, True
        if edit.start.id:
            self._load(as_table(self._library.get(edit.start.id)))
        else:
            self._load({"regions": [], "structures": [blank_structure()]})

    def _start_new(self) -> None:
        self._start(Edit(Start("", 0, None, ""), self._library, self._folder))

    def _start_broken(self, broken: BrokenFile) -> None:
        """In the form when it reads as TOML, else as its text; the file is not touched."""
        self._edit = Edit.of_broken(broken, self._library, self._folder)
        self._decoded = broken.decoded
        text = (broken.text or "").removeprefix("\ufeff")  # a mark Notepad writes, unseen
        table = toml_table(text) if broken.decoded else None
        if table is None:
            self._load_text(text)
        else:
            self._load_file_table(table)

    def _load(self, table: dict[str, Any]) -> None:
        """The form shows ``table`` (as an edit starts: nothing changed yet)."""
        self._carried, self._unshown = False, []
        self.views.show_table(table)
        self._fix_tab_order()
        self.check()
        self._baseline = self._typed()
        self._say("")
        self._show_editing()
        self.form.focus("id")

    def _load_file_table(self, table: dict[str, Any]) -> None:
        """The form shows a file's table, and says what it cannot show as the file has it."""
        self._load(table)
        shown = self.table()
        self._unshown = differences(
            {k: v for k, v in table.items() if k != "version"},
            {k: v for k, v in shown.items() if k != "version"},
        )
        self._show_editing()

    def _load_text(self, text: str) -> None:
        """The text pane shows ``text``, the keys at the first line with a problem."""
        self._carried, self._unshown = False, []
        self.views.show_text(text)
        self.check()
        self._text_baseline = self.text_pane.text()
        self._say("")
        first = next(((p, m) for p, m in self._places if p.line is not None), None)
        if first is not None:
            self.go_to(first[0], first[1])
        else:
            self.text_pane.go_to(1)

    @Slot()
    def switch_view(self) -> None:
        """Ctrl+E: the form as its text, or the text in the form (once it reads as TOML);
        what was typed goes with it, and still counts as a change."""
        if self._edit is None:
            return
        self.views.commit_editing()
        self.check()
        carried = self.changed()
        if not self.views.text_mode:
            self._load_text(self.text())
        else:
            text = self.text_pane.text()
            table = toml_table(text)
            if table is None or (not self._decoded and unread_characters(text, "")):
                self._say(
                    "The text cannot go in the form yet: fix the lines marked first "
                    "(the problem list says what is wrong).",
                    error=True,
                )
                return
            self._load_file_table(table)
        self._carried = carried

    # --- reading and checking the form ---------------------------------------------------------
    def table(self) -> dict[str, Any]:
        """The protocol as typed, as the TOML table it is saved as."""
        assert self._edit is not None
        return self.views.table(self._edit.version(self.form.typed_id()))

    def text(self) -> str:
        assert self._edit is not None
        return dumps(self.table(), self._edit.comment())

    def _typed(self) -> str:
        """Everything typed, the version aside (it follows the id): to tell a change."""
        table = self.table()
        table.pop("version", None)
        return dumps(table)

    def changed(self) -> bool:
        if self._edit is None:
            return False
        if self.views.text_mode:
            return self._carried or self.text_pane.text() != self._text_baseline
        return self._carried or self._typed() != self._baseline

    @Slot()
    def _on_typed(self) -> None:
        self._check_timer.start()  # once typing pauses; restarted by each key

    @Slot()
    def check(self) -> None:
        """Check the form now: each problem at its field and in the list; Save follows."""
        self._check_timer.stop()
        if self._edit is None:
            return
        text: str | None
        if self.views.text_mode:
            checked = check_text(self.text_pane.text(), self._edit.version, decoded=self._decoded)
            text, typed, problems = checked.saving, checked.typed_id, checked.problems
            self.views.text_table = checked.table
        else:
            text, typed = self.text(), self.form.typed_id()
            protocol, problems = parse_protocol(text, "(editing)")
            text = text if protocol is not None else None
        places = [(place_of(p.field), self._said(p.message)) for p in problems]
        clash = self._edit.clash(typed)
        if clash:
            places.insert(0, (Place(None, "id"), clash))
        self._valid_text, self._typed_id = (text if not clash else None), typed
        self.views.show_problems(places)  # at their fields, and in the list at the bottom
        self._places = places
        said = [f"{self.views.where(p)}: {problem_words(p, message)}" for p, message in places]
        to = "its line" if self.views.text_mode else "its field"
        self.problems.show_lines(said, self.width() - 300, to)
        self._show_editing()

    def _said(self, message: str) -> str:
        if message == UNKNOWN and not self.views.text_mode:  # a name the form has no field for
            return f"{UNKNOWN}: Ctrl+E shows the text, to rename it or take it out"
        return message

    @Slot(QListWidgetItem)
    def _on_problems_item_activated(self, item: QListWidgetItem) -> None:
        self.go_to(*self._places[item.data(ID)])

    def go_to(self, place: Place, message: str = "") -> None:
        """Show the field (or the line of the text) a problem belongs to, the keys in it."""
        if not self.views.go_to(place, message):
            self._say("That problem is at a field: Ctrl+E opens the text in the form.")

    def _show_editing(self) -> None:
        """What is being edited, what saving does, and whether it can be saved now."""
        edit = self._edit
        self.tabs.setEnabled(edit is not None)
        self.text_button.setEnabled(edit is not None)
        self.text_button.setText(TO_FORM if self.views.text_mode else TO_TEXT)
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
        said = f"{edit.start.words} {edit.note(self._typed_id)}"
        unshown = self.views.unshown_words(self._unshown) if not self.views.text_mode else ""
        self.about.setText(f"{said} {unshown}".strip())

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
        self.views.commit_editing()
        self.check()
        if self._folder is None:
            self._say(f"Not saved: {NO_FOLDER}", error=True)
            return False
        if self._valid_text is None:
            self._say("Not saved: fix the problems listed first (nothing was written).", error=True)
            if self._places:
                self.go_to(*self._places[0])
            return False
        typed = self._typed_id
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
        self._decoded, self._carried, self._unshown = True, False, []
        self._on_saved(path)
        self.library.fill(select=protocol.id)
        self._fix_tab_order()
        if self.views.text_mode:  # the version line as written, the cursor where it was
            self.text_pane.set_text(text, keep_cursor=True)
            self._text_baseline = self.text_pane.text()
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
        self.question = ask_unsaved(self, self._folder is not None, self.save, then)

    def reject(self) -> None:
        """Esc, Close and the window's ×: close at once with nothing unsaved, else ask."""
        self._after_asking(lambda: QDialog.reject(self))
