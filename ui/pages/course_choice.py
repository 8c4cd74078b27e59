"""Which course of care a new visit belongs to: the patient's active episode ("Continue: low back
pain — visit 4 of 6"), a new episode, or a new episode on a course template (Tak et al.,
Ravichandran et al., the clinic's own). Each option carries what the set-up prefills: the
complaint, the protocols with their structures, the measures to take and their sides.

The options are made by :mod:`ui.course_wiring` from the core (no store here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.pages.measure_fields import narrow
from ui.pages.measures_entry import RowSpec
from ui.style import CAUTION_STYLE


@dataclass(frozen=True, slots=True)
class CourseOption:
    label: str  # what the list says
    detail: str = ""  # the line under it: diagnosis, plan, source
    episode_id: int | None = None  # continue this episode (None: a new one is opened)
    template: object | None = None  # the course template a new episode follows
    complaint: str = ""
    protocols: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (protocol, side, structures)
    measures: tuple[RowSpec, ...] = ()  # measures before treatment to fill
    sides: tuple[str, ...] = ()  # the episode's sides (a sided measure defaults to them)
    activities: tuple[str, ...] = ()  # PSFS activities the episode keeps
    course: str = ""  # the template id it follows
    side: str = ""  # the treated side a template's episode is set up on
    # a template with a treated side: the option as it is on each side ("left", "right")
    by_side: tuple[tuple[str, CourseOption], ...] = ()
    closes: str = ""  # a new episode: the active one it closes, said (the core's notice)

    @property
    def new(self) -> bool:
        return self.episode_id is None


def sides_of(protocols: Sequence[tuple[str, str, tuple[str, ...]]], *more: str) -> tuple[str, ...]:
    """left/right, in that order, from protocol sides ("both" is both) and measure sides."""
    found: set[str] = set()
    for side in [p[1] for p in protocols] + list(more):
        if side == "both":
            found |= {"left", "right"}
        elif side in ("left", "right"):
            found.add(side)
    return tuple(s for s in ("left", "right") if s in found)


class CoursePicker(QWidget):
    """Signals: ``option_chosen(object)`` with the :class:`CourseOption` picked."""

    option_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Course of care")
        narrow(self.combo, 20)
        self.side = QComboBox()  # the treated side, for a course template that needs one
        self.side.setAccessibleName("Treated side")
        self.side.setToolTip("The side the course treats and measures")
        self.side_caption = QLabel("treated side")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setStyleSheet("color: #444;")
        self.closes = QLabel()  # what starting a new episode closes: in view, never in grey
        self.closes.setWordWrap(True)
        self.closes.setTextFormat(Qt.TextFormat.PlainText)
        self.closes.setStyleSheet(CAUTION_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        line = QHBoxLayout()
        line.addWidget(self.combo, 1)
        line.addWidget(self.side_caption)
        line.addWidget(self.side)
        layout.addLayout(line)
        layout.addWidget(self.detail)
        layout.addWidget(self.closes)
        self._options: list[CourseOption] = []
        self.combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        self.side.currentIndexChanged.connect(self._on_combo_current_index_changed)

    def set_options(self, options: Sequence[CourseOption], current: int = 0) -> None:
        self.combo.blockSignals(True)
        try:
            self.combo.clear()
            self._options = list(options)
            for option in self._options:
                self.combo.addItem(option.label)
            self.combo.setCurrentIndex(current if 0 <= current < len(options) else 0)
        finally:
            self.combo.blockSignals(False)
        self._show()

    def option(self) -> CourseOption | None:
        """The option chosen, on the treated side chosen when its template needs one."""
        at = self.combo.currentIndex()
        if not 0 <= at < len(self._options):
            return None
        option = self._options[at]
        sides = dict(option.by_side)
        return sides.get(str(self.side.currentData()), option) if sides else option

    def options(self) -> list[CourseOption]:
        return list(self._options)

    def choose(self, index: int) -> None:
        self.combo.setCurrentIndex(index)

    def _show(self) -> None:
        at = self.combo.currentIndex()
        base = self._options[at] if 0 <= at < len(self._options) else None
        sides = [s for s, _ in base.by_side] if base else []
        if sides != [self.side.itemData(i) for i in range(self.side.count())]:
            self.side.blockSignals(True)
            self.side.clear()
            for side in sides:
                self.side.addItem(side, side)
            self.side.blockSignals(False)
        self.side.setVisible(bool(sides))
        self.side_caption.setVisible(bool(sides))
        option = self.option()
        self.detail.setText(option.detail if option else "")
        self.detail.setVisible(bool(option and option.detail))
        self.closes.setText(option.closes if option else "")
        self.closes.setVisible(bool(option and option.closes))

    def _on_combo_current_index_changed(self, _index: int) -> None:
        self._show()
        option = self.option()
        if option is not None:
            self.option_chosen.emit(option)
