"""Settings, built from the list declared once in ``artdesk.settings``."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from artdesk.settings import Setting, Settings
from ui.fitting import fitted
from ui.pages.follow_focus import follow_focus
from ui.style import error_label, show_error
from ui.treatment.treatment_page import key_from_name


class PathEdit(QWidget):
    """A file or folder path: typed, or chosen with Browse… (a file or folder dialog)."""

    FILTERS: ClassVar[dict[str, str]] = {
        "database": "SQLite database (*.sqlite *.db);;All files (*)",
        "clinic_logo": "Images (*.png *.jpg *.jpeg);;All files (*)",
        "extra_font": "TrueType fonts (*.ttf *.ttc);;All files (*)",
    }

    def __init__(self, line: QLineEdit, spec: Setting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self._spec = spec
        self.browse = QPushButton("Browse…")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(line, 1)
        layout.addWidget(self.browse)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.setFocusProxy(line)

    def _on_browse_clicked(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        filters = self.FILTERS.get(self._spec.key, "All files (*)")
        if self._spec.kind == "folder":
            path = QFileDialog.getExistingDirectory(self, self._spec.label, self.line.text())
        elif self._spec.key == "database":  # may be a new file
            path, _ = QFileDialog.getSaveFileName(
                self,
                self._spec.label,
                self.line.text(),
                filters,
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
        else:
            path, _ = QFileDialog.getOpenFileName(self, self._spec.label, self.line.text(), filters)
        if path:
            self.line.setText(path)


class SettingsDialog(QDialog):
    """Signals: ``applied()`` after the settings were checked and saved."""

    applied = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._settings = settings
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for spec in settings:
            if spec.kind.startswith("hidden"):
                continue
            editor = self._editor(spec, settings[spec.key])
            editor.setToolTip(spec.help)
            self.editors[spec.key] = editor
            self.errors[spec.key] = error_label()
            column = QVBoxLayout()
            column.addWidget(editor)
            if spec.help:
                hint = QLabel(spec.help)
                hint.setWordWrap(True)
                hint.setStyleSheet("color: #555;")
                column.addWidget(hint)
            column.addWidget(self.errors[spec.key])
            form.addRow(spec.label, column)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.general_error = error_label()
        # the settings scroll; the error line and Save/Cancel stay in view on a 1024×600 screen
        body = QWidget()
        body.setLayout(form)
        self.body_area = QScrollArea()
        self.body_area.setWidgetResizable(True)
        self.body_area.setWidget(body)
        self.body_area.setFrameShape(QFrame.Shape.NoFrame)
        follow_focus(self.body_area)  # Tab into a setting below the fold brings it into view
        layout = QVBoxLayout(self)
        layout.addWidget(self.body_area, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        fitted(self, 780, 760)

    @staticmethod
    def _editor(spec: Setting, value: Any) -> QWidget:
        if spec.kind == "bool":
            box = QCheckBox("On")
            box.setChecked(bool(value))
            return box
        if spec.kind == "float":
            spin = QDoubleSpinBox()
            spin.setRange(spec.low or 0.0, spec.high or 10.0)
            if (spec.high or 10.0) > 20:  # minutes, days: whole numbers
                spin.setDecimals(0)
                spin.setSingleStep(1)
            else:  # a scale
                spin.setSingleStep(0.05)
            spin.setValue(float(value))
            return spin
        if spec.kind == "key":
            edit = QKeySequenceEdit()
            edit.setMaximumSequenceLength(1)
            edit.setKeySequence(value)
            return edit
        if spec.kind == "choice":
            combo = QComboBox()
            combo.addItems(list(spec.choices))
            combo.setCurrentText(str(value))
            return combo
        if spec.kind == "multiline":
            text = QPlainTextEdit(str(value))
            text.setTabChangesFocus(True)
            text.setMaximumHeight(70)
            return text
        line = QLineEdit(str(value))
        if spec.kind in ("path", "folder"):
            default = {"database": "the default", "protocol_folder": "beside the database"}
            line.setPlaceholderText("empty: " + default.get(spec.key, "none"))
            return PathEdit(line, spec)
        return line

    def value_of(self, key: str) -> Any:
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QDoubleSpinBox):
            return round(editor.value(), 2)
        if isinstance(editor, QKeySequenceEdit):
            return editor.keySequence().toString()
        if isinstance(editor, QComboBox):
            return editor.currentText()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, PathEdit):
            return editor.line.text()
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def save(self) -> None:
        problems: dict[str, str] = {}
        values = {key: self.value_of(key) for key in self.editors}
        key_name = values.get("advance_key", "")
        if key_name and key_from_name(key_name) is None:
            problems["advance_key"] = f"{key_name!r} is not a key Qt knows"
        for key, value in values.items():
            if key in problems:
                continue
            try:
                self._settings.set(key, value)
            except ValueError as exc:
                problems[key] = str(exc)
        for key, label in self.errors.items():
            show_error(label, problems.get(key))
        if problems:
            return
        try:
            self._settings.save()
        except OSError as exc:
            show_error(self.general_error, f"Could not save the settings: {exc.strerror or exc}")
            return
        self.applied.emit()
        self.accept()
