"""Where it hurts, at set-up: the body chart (``BodyChartView``) with, beside it, the feeling
to mark with, which side the side view shows, what is highlighted and what is marked in words
("pain, left calf"), and a button that clears the chart."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols.body_chart import FEELING_COLOURS, FEELING_SYMBOLS, BodyChart, marks_words
from artdesk.protocols.marks import BodyMark, Feeling, MarkSide
from ui.pages.body_chart_paint import LOOKS, draw_symbol, texture
from ui.pages.body_chart_view import BodyChartView
from ui.style import sized


def feeling_icon(feeling: Feeling, size: int = 18) -> QIcon:
    """The feeling's swatch: its fill pattern with its symbol on it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    painter.fillRect(QRectF(0, 0, size, size), texture(feeling))
    painter.setPen(QColor(LOOKS[feeling].colour))
    painter.drawRect(0, 0, size - 1, size - 1)
    draw_symbol(painter, feeling, QRectF(0, 0, size, size).center(), size * 0.5)
    painter.end()
    return QIcon(pixmap)


def mark_line(mark: BodyMark) -> str:
    """One mark for the list beside the chart: its symbol in its colour, then its words."""
    colour, symbol = FEELING_COLOURS[mark.feeling], FEELING_SYMBOLS[mark.feeling]
    return f'<span style="color:{colour}">{symbol}</span> {escape(mark.words)}'


class BodyChartPanel(QWidget):
    """Signals: ``marks_changed()``."""

    marks_changed = Signal()

    def __init__(self, chart: BodyChart | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = BodyChartView(chart)
        self.feelings = QButtonGroup(self)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        self.feeling_buttons: dict[Feeling, QPushButton] = {}
        for feeling in Feeling:
            look = LOOKS[feeling]
            button = QPushButton(
                feeling_icon(feeling), f"{feeling.value.capitalize()} ({look.key})"
            )
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the chart has the keys: P, N, S
            button.setToolTip(f"Mark {feeling.value} ({look.symbol}); key {look.key}")
            button.setStyleSheet("text-align: left; padding: 2px 6px;")
            self.feelings.addButton(button)
            self.feeling_buttons[feeling] = button
            buttons.addWidget(button)
        self.side_buttons: dict[MarkSide, QPushButton] = {}
        sides = QHBoxLayout()
        sides.setSpacing(2)
        self.sides = QButtonGroup(self)
        for side in (MarkSide.RIGHT, MarkSide.LEFT):
            button = QPushButton(f"{side.value.capitalize()} ({side.value[0].upper()})")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(f"The side view shows the patient's {side.value} side")
            self.sides.addButton(button)
            self.side_buttons[side] = button
            sides.addWidget(button)
        self.highlighted = QLabel()
        self.highlighted.setWordWrap(True)
        self.highlighted.setTextFormat(Qt.TextFormat.PlainText)
        self.marked = QLabel()
        self.marked.setWordWrap(True)
        self.marked.setTextFormat(Qt.TextFormat.RichText)
        self.marked.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        marked = QScrollArea()  # many marks scroll here: the buttons above always show
        marked.setWidgetResizable(True)
        marked.setFrameShape(QFrame.Shape.NoFrame)
        marked.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        marked.setWidget(self.marked)
        marked.setMinimumHeight(40)
        self.clear_button = QPushButton("Clear the chart")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.offer_button = QPushButton()  # a returning patient: the last visit's marks again
        self.offer_button.setVisible(False)
        self._offered: tuple[BodyMark, ...] = ()
        note = QLabel("R, L: the patient's right and left. Tab here: arrows, Space, Delete.")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(buttons)
        column.addWidget(QLabel("Side view shows"))
        column.addLayout(sides)
        column.addWidget(self.highlighted)
        column.addWidget(sized(QLabel("Marked"), 10, bold=True))
        column.addWidget(marked, 1)
        column.addWidget(self.offer_button)
        column.addWidget(self.clear_button)
        column.addWidget(note)
        side_column = QWidget()
        side_column.setLayout(column)
        side_column.setMinimumWidth(160)
        side_column.setMaximumWidth(250)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 4)
        layout.addWidget(side_column, 1)

        self.view.marks_changed.connect(self._on_view_marks_changed)
        self.view.state_changed.connect(self._on_view_state_changed)
        self.feelings.buttonClicked.connect(self._on_feelings_button_clicked)
        self.sides.buttonClicked.connect(self._on_sides_button_clicked)
        self.clear_button.clicked.connect(self.clear)
        self.offer_button.clicked.connect(self._on_offer_button_clicked)
        self._show_state()
        self._show_marks()

    def marks(self) -> tuple[BodyMark, ...]:
        return self.view.marks()

    def set_marks(self, marks: Sequence[BodyMark]) -> None:
        self.view.set_marks(list(marks))

    @Slot()
    def clear(self) -> None:
        self.view.clear()

    def offer(self, marks: Sequence[BodyMark], when: str = "") -> None:
        """Offer marks to take over with one click (a returning patient's last visit's);
        none: no offer."""
        self._offered = tuple(marks)
        self.offer_button.setText(f"Same as {when or 'last visit'}")
        self.offer_button.setToolTip(marks_words(marks))
        self.offer_button.setVisible(bool(marks))

    @Slot()
    def _on_offer_button_clicked(self) -> None:
        self.view.set_marks(list(self._offered))
        self.offer_button.setVisible(False)

    def _show_state(self) -> None:
        view = self.view
        self.feeling_buttons[view.feeling].setChecked(True)
        self.side_buttons[view.side_shown].setChecked(True)
        shape = view.highlighted
        if shape is None or not view.hasFocus():
            self.highlighted.setText("Click or tap where the patient feels it.")
        else:
            on = ", ".join(f.value for f in view.feelings_at(shape))
            key = "Space clears" if view.feeling in view.feelings_at(shape) else "Space marks"
            self.highlighted.setText(
                f"Highlighted: {shape.name}"
                + (f" ({on})" if on else "")
                + f" — {key} {view.feeling.value}"
            )

    def _show_marks(self) -> None:
        marks = self.view.marks()
        if marks:
            self.marked.setText("<br>".join(mark_line(m) for m in marks))
        else:
            self.marked.setText('<span style="color:#555">Nothing marked yet.</span>')
        self.clear_button.setEnabled(bool(marks))

    @Slot()
    def _on_view_marks_changed(self) -> None:
        self._show_marks()
        self._show_state()
        self.marks_changed.emit()

    @Slot()
    def _on_view_state_changed(self) -> None:
        self._show_state()

    @Slot(object)
    def _on_feelings_button_clicked(self, button: QPushButton) -> None:
        feeling = next(f for f, b in self.feeling_buttons.items() if b is button)
        self.view.set_feeling(feeling)

    @Slot(object)
    def _on_sides_button_clicked(self, button: QPushButton) -> None:
        side = next(s for s, b in self.side_buttons.items() if b is button)
        self.view.show_side(side)
