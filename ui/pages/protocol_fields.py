"""The protocol editor's fields, each holding one TOML value as typed, and the form that lays
them out with a problem line under each.

Every field says ``changed()`` when typed into, gives ``value()`` (the value to write, None
when left out) and takes ``set_value()``. A form lists its fields as data (name, label with
its mnemonic, kind) and keeps the values it has no field for, so a field added to the schema
is carried through a copy untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QRect, Qt, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols.draft import lines, whole_number
from ui.style import error_label, show_error

WRAP = int(Qt.TextFlag.TextWordWrap)


class LineField(QLineEdit):
    changed = Signal()

    def __init__(self, placeholder: str = "", number: bool = False) -> None:
        super().__init__()
        self._number = number
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(self.changed)
        if number:
            self.setMaximumWidth(110)

    def value(self) -> Any:
        return whole_number(self.text()) if self._number else self.text()

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


MAX_ROWS = 6


def as_list(value: Any) -> list[Any]:
    """A list field's value as a list, also as a hand-written file may give it: one item on
    its own ("left" for ["left"]), nothing (None)."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


NARROW = 600  # a form narrower than this puts each label above its field


def wrapped_lines(widget: QWidget, text: str, width: int = 0) -> int:
    """How many lines ``text`` takes in ``widget``'s font, wrapped at ``width`` (default: its
    viewport's; the plain-text layout lays out lazily, so its own count is not the text's)."""
    viewport = getattr(widget, "viewport", None)
    width = width or (viewport().width() if viewport is not None else widget.width()) - 8
    metrics = widget.fontMetrics()
    box = metrics.boundingRect(QRect(0, 0, max(width, 40), 100_000), WRAP, text or " ")
    return max(1, round(box.height() / metrics.lineSpacing()))


class TextField(QPlainTextEdit):
    """A text of a sentence or two (a position, a contact); Tab moves on, Enter breaks the
    line. ``one_a_line``: a list, one item a line (precautions, complaints)."""

    changed = Signal()

    def __init__(self, placeholder: str = "", rows: int = 2, one_a_line: bool = False) -> None:
        super().__init__()
        self._list = one_a_line
        self._rows = rows
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(self.changed)
        # as tall as its text (a long contact needs no scrolling), up to MAX_ROWS lines
        self.textChanged.connect(self._fit)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the dialog's larger type reached it
            self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # the lines wrap anew
            self._fit()

    @Slot()
    def _fit(self) -> None:
        shown = max(self._rows, min(wrapped_lines(self, self.toPlainText()), MAX_ROWS))
        self.setFixedHeight(self.fontMetrics().lineSpacing() * shown + 14)

    def value(self) -> Any:
        if self._list:
            return lines(self.toPlainText()) or None
        return self.toPlainText()

    def set_value(self, value: Any) -> None:
        if self._list:
            self.setPlainText("\n".join(str(item) for item in as_list(value)))
        else:
            self.setPlainText("" if value is None else str(value))


class ChoiceField(QComboBox):
    """One of a list; the first choice may be 'none' (value None: left out)."""

    changed = Signal()

    def __init__(self, choices: Sequence[tuple[Any, str]]) -> None:
        super().__init__()
        # never wider than the form: a long choice is cut in the box, whole in the list
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        for value, label in choices:
            self.addItem(label, value)
        self.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        if index < 0 and value is not None:  # a value the list does not know: kept, shown
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class ChecksField(QWidget):
    """A few choices, any of them (sides): checkboxes in a row."""

    changed = Signal()

    def __init__(self, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for value, label in choices:
            box = QCheckBox(label)
            box.toggled.connect(self.changed)
            self.boxes[value] = box
            row.addWidget(box)
        row.addStretch(1)
        self.setFocusProxy(next(iter(self.boxes.values())))

    def value(self) -> Any:
        return [value for value, box in self.boxes.items() if box.isChecked()]

    def set_value(self, value: Any) -> None:
        wanted = as_list(value)
        for name, box in self.boxes.items():
            box.setChecked(name in wanted)

    def focus_widgets(self) -> list[QWidget]:
        return list(self.boxes.values())


class CheckListField(QListWidget):
    """Many choices, any of them (body regions): a list to check with Space. The order they
    were named in is kept (a new one goes last), so a copy reads back as it was."""

    changed = Signal()

    def __init__(self, choices: Sequence[tuple[str, str]], rows: int = 5) -> None:
        super().__init__()
        self._order: list[str] = []
        for value, label in choices:
            item = QListWidgetItem(f"{label}  ({value})")
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self._rows = rows
        self._fit()
        self.itemChanged.connect(self._on_item_changed)  # first: the order, then the news
        self.itemChanged.connect(self.changed)  # forwarded in C++ (see protocol_rows)

    def _fit(self) -> None:
        self.setFixedHeight(self.sizeHintForRow(0) * self._rows + 6)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and value not in self._order:
            self._order.append(value)
        elif not checked and value in self._order:
            self._order.remove(value)

    def value(self) -> Any:
        return list(self._order)

    def set_value(self, value: Any) -> None:
        wanted = as_list(value)
        self.blockSignals(True)
        for row in range(self.count()):
            item = self.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self._order = [v for v in wanted if isinstance(v, str)]


# a field's kind → how to make it (a form's spec names kinds; extra kinds are passed in)
Maker = Callable[[], QWidget]


class Form(QWidget):
    """Fields laid out as a form from ``spec`` — (name, label with &mnemonic, field) — each
    with its problem line under it. ``order``: the schema's field order, for the table.
    Signals: ``changed()``."""

    changed = Signal()

    def __init__(self, spec: Sequence[tuple[str, str, QWidget]], order: Sequence[str]) -> None:
        super().__init__()
        self._order = list(order)
        self.fields: dict[str, Any] = {}
        self.errors: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.columns: dict[str, QVBoxLayout] = {}  # a field's column: more lines go under it
        self._kept: dict[str, Any] = {}
        self.general_error = error_label()
        self.layout_ = QFormLayout()
        outer = QVBoxLayout(self)
        outer.addLayout(self.layout_)
        outer.addStretch(1)  # room to spare goes below the fields, not between them
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addRow(self.general_error)
        for name, label, field in spec:
            self.fields[name] = field
            field.changed.connect(self.changed)  # type: ignore[attr-defined]
            self.errors[name] = error_label()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(self.errors[name])
            self.columns[name] = column
            caption = QLabel(label)
            caption.setBuddy(field.focusProxy() or field)
            self.captions[name] = caption
            self.layout_.addRow(caption, column)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow (a 1024×600 screen): each label above its field, the field full width."""
        super().resizeEvent(event)
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if event.size().width() < NARROW
            else QFormLayout.RowWrapPolicy.DontWrapRows
        )
        if self.layout_.rowWrapPolicy() != policy:
            self.layout_.setRowWrapPolicy(policy)

    def set_table(self, table: dict[str, Any]) -> None:
        """Show ``table``'s values; those with no field are kept and written back as they were."""
        self._kept = {k: v for k, v in table.items() if k not in self.fields}
        for name, field in self.fields.items():
            field.set_value(table.get(name))

    def keep(self, name: str, value: Any) -> None:
        self._kept[name] = value

    def kept(self, name: str) -> Any:
        return self._kept.get(name)

    def table(self) -> dict[str, Any]:
        """The values as typed, in the schema's order; a field left empty is left out."""
        values = dict(self._kept)
        for name, field in self.fields.items():
            values[name] = field.value()
        names = [n for n in self._order if n in values] + [
            n for n in values if n not in self._order
        ]
        return {n: values[n] for n in names if values[n] is not None}

    def show_problems(self, problems: dict[str, list[str]]) -> None:
        """Each field's problems under it; those the form has no field for at its top."""
        for name, label in self.errors.items():
            show_error(label, "\n".join(problems.get(name, [])) or None)
        other = [m for name, said in problems.items() if name not in self.errors for m in said]
        show_error(self.general_error, "\n".join(other) or None)

    def focus_widgets(self) -> list[QWidget]:
        """The fields in Tab order."""
        out: list[QWidget] = []
        for field in self.fields.values():
            inner = getattr(field, "focus_widgets", None)
            out.extend(inner() if inner is not None else [field])
        return out

    def focus(self, name: str) -> QWidget | None:
        field = self.fields.get(name)
        if field is None:
            return None
        target = field.focusProxy() or field
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target
