"""The safety screen as checkboxes grouped emergency / stop / not at the site / precaution,
and an explicit "None of these apply" (nothing is assumed clear)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from artdesk.screening import NOT_TREATED, Decision, Group, Screen
from ui.style import STOP_BANNER_STYLE, error_label, show_error


class ScreeningWidget(QWidget):
    """A ticked box means the patient has it. Signals: ``changed()``."""

    changed = Signal()

    def __init__(
        self, screen: Screen, regions: Sequence[str] = (), parent: QWidget | None = None
    ) -> None:
        """``regions``: the body regions a *not at the site* answer can name (the library's)."""
        super().__init__(parent)
        self._screen = screen
        self.boxes: dict[str, QCheckBox] = {}
        self.sites: dict[str, QComboBox] = {}  # not at the site: where
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.none_apply = QCheckBox("&None of these apply (asked and answered)")
        self.none_apply.toggled.connect(self._on_none_apply_toggled)
        layout.addWidget(self.none_apply)
        for group in Group:
            items = screen.in_group(group)
            if not items:
                continue
            box = QGroupBox(group.heading)
            inner = QVBoxLayout(box)
            inner.setSpacing(2)
            for item in items:
                check = QCheckBox(item.question)
                check.toggled.connect(self._on_box_toggled)
                self.boxes[item.id] = check
                inner.addWidget(check)
                if group is Group.NOT_AT_SITE:
                    site = QComboBox()
                    site.addItem("— which site? —", "")
                    for region in regions:
                        site.addItem(region, region)
                    site.addItem("somewhere not treated today", NOT_TREATED)
                    site.setMaximumWidth(360)  # never wider than the screen's column
                    site.setVisible(False)
                    site.currentIndexChanged.connect(lambda _i: self.changed.emit())
                    self.sites[item.id] = site
                    inner.addWidget(site)
            layout.addWidget(box)
        self.stop_note = QLabel()
        self.stop_note.setWordWrap(True)
        self.stop_note.setStyleSheet(STOP_BANNER_STYLE)
        self.stop_note.setVisible(False)
        self.override = QPlainTextEdit()
        self.override.setTabChangesFocus(True)
        self.override.setPlaceholderText(
            "Reason for treating despite a stop answer (e.g. cleared by the GP today, letter seen)"
        )
        self.override.setMaximumHeight(70)
        self.override.setVisible(False)
        self.override.textChanged.connect(self.changed)
        self.error = error_label()
        layout.addWidget(self.stop_note)
        layout.addWidget(self.override)
        layout.addWidget(self.error)

    def set_regions(self, regions: Sequence[str]) -> None:
        """The sites a *not at the site* answer can name, after the library changed (a site
        already chosen stays chosen)."""
        for site in self.sites.values():
            chosen = site.currentData()
            site.blockSignals(True)
            while site.count() > 2:  # keep "which site?" first and "not treated" last
                site.removeItem(1)
            for n, region in enumerate(regions, start=1):
                site.insertItem(n, region, region)
            index = site.findData(chosen)
            site.setCurrentIndex(max(index, 0))
            site.blockSignals(False)

    def answers(self) -> dict[str, bool]:
        return {key: box.isChecked() for key, box in self.boxes.items()}

    def site_answers(self) -> dict[str, str]:
        """Where each ticked not-at-site answer is ('' while not said)."""
        return {
            key: str(combo.currentData() or "")
            for key, combo in self.sites.items()
            if self.boxes[key].isChecked()
        }

    def stored_answers(self) -> dict[str, bool | str]:
        """What the visit keeps: each item's answer, the site in place of 'yes' where said."""
        sites = self.site_answers()
        return {key: sites.get(key) or yes for key, yes in self.answers().items()}

    def decision(self) -> Decision:
        return self._screen.decide(
            self.answers(),
            self.override.toPlainText(),
            none_apply=self.none_apply.isChecked(),
            sites=self.site_answers(),
        )

    def clear(self) -> None:
        """A new visit: nothing ticked, nothing assumed."""
        for box in self.boxes.values():
            box.setChecked(False)
        for site in self.sites.values():
            site.setCurrentIndex(0)
        self.none_apply.setChecked(False)
        self.override.clear()
        self.show_problem(None)

    def show_problem(self, message: str | None) -> None:
        show_error(self.error, message)

    @Slot(bool)
    def _on_none_apply_toggled(self, checked: bool) -> None:
        if checked and any(box.isChecked() for box in self.boxes.values()):
            self.none_apply.setChecked(False)  # something does apply: the answers stand
            self.show_problem("Some answers are ticked: untick them first if none applies.")
            return
        self.show_problem(None)
        self.changed.emit()

    @Slot(bool)
    def _on_box_toggled(self, checked: bool) -> None:
        if checked:
            self.none_apply.setChecked(False)
        for key, site in self.sites.items():
            site.setVisible(self.boxes[key].isChecked())
        decision = self.decision()
        emergency = bool(decision.emergencies)
        stopped = bool(decision.stops) and not emergency
        self.stop_note.setVisible(emergency or stopped)
        self.override.setVisible(stopped)
        if emergency:
            self.stop_note.setText(
                "Emergency: send the patient to emergency care now. Treatment cannot start."
            )
        elif stopped:
            self.stop_note.setText(
                "Stop and refer. Treatment is blocked unless you write why you treat anyway."
            )
        self.changed.emit()
