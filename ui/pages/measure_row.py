"""One measure as the clinician enters it: the instrument, the side, where it was taken, and
its value(s) — one number, up to three trials (their mean shown live), the patient's activities
with a 0–10 rating each (PSFS), or a labelled anchor (verbal rating, global rating of change).

Every check is the instrument's own (:meth:`artdesk.measures.Instrument.check` and ``score``):
what the window says is what the store would refuse. A row is one of
:class:`ui.pages.measures_entry.MeasuresEntry`'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from artdesk.measures import INSTRUMENTS, Instrument, MeasureSide, ScoringError
from artdesk.store import MeasurementData
from ui.pages.measure_fields import SIDES, Field, Kind, kind_of, narrow, parse, value_text
from ui.style import error_label, show_error


class MeasureRow(QFrame):
    """Signals: ``changed()`` on any edit, ``remove_requested()``, ``instrument_chosen()``."""

    changed = Signal()
    remove_requested = Signal()
    instrument_chosen = Signal()

    def __init__(
        self,
        instruments: Sequence[Instrument],
        activities: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        """``activities``: the PSFS activities the episode keeps (named at its first visit)."""
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._activities = tuple(activities)
        self.instrument = QComboBox()
        self.instrument.addItem("— choose a measure —", "")
        for spec in instruments:
            unit = f" ({spec.unit})" if spec.unit else ""
            self.instrument.addItem(f"{spec.name}{unit}", spec.code)
        self.instrument.setAccessibleName("Measure")
        narrow(self.instrument, 14)
        self.side = QComboBox()
        for side in SIDES:
            self.side.addItem(side.value, side.value)
        self.side.setCurrentIndex(SIDES.index(MeasureSide.NONE))
        self.side.setAccessibleName("Side")
        self.site = Field("where, e.g. gluteus medius trigger point")
        self.site.setMinimumWidth(80)
        self.site.setAccessibleName("Site")
        self.remove = QPushButton("Remove")
        self.remove.setToolTip("Remove this measure (nothing is stored for it)")
        self.scale = QLabel()
        self.scale.setTextFormat(Qt.TextFormat.PlainText)
        self.score = QLabel()  # the live mean of trials / activities
        self.score.setTextFormat(Qt.TextFormat.PlainText)
        self.error = error_label()
        self.values: list[QLineEdit] = []  # trials, ratings or the one value
        self.labels: list[QLineEdit] = []  # PSFS activities, aligned with the ratings
        self.choice: QComboBox | None = None
        self.add_activity: QPushButton | None = None
        self._kind: Kind | None = None

        top = QHBoxLayout()
        top.addWidget(self.instrument, 3)
        top.addWidget(self.side)
        top.addWidget(self.site, 2)
        top.addWidget(self.remove)
        self.value_area = QWidget()
        self.value_grid = QGridLayout(self.value_area)
        self.value_grid.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.value_area)
        layout.addWidget(self.error)

        self.instrument.currentIndexChanged.connect(self._on_instrument_changed)
        self.side.currentIndexChanged.connect(self._on_edited)
        self.side.activated.connect(self._on_side_activated)
        self.side_by_hand = False  # the clinician chose the side: no default overrides it
        self.site.textChanged.connect(self._on_edited)
        self.remove.clicked.connect(self.remove_requested)
        self._build()

    # --- what the row holds ----------------------------------------------------------------

    @property
    def code(self) -> str:
        return str(self.instrument.currentData() or "")

    @property
    def spec(self) -> Instrument | None:
        return INSTRUMENTS.get(self.code)

    @property
    def side_value(self) -> str:
        return str(self.side.currentData())

    def set_instrument(self, code: str) -> None:
        self.instrument.setCurrentIndex(max(self.instrument.findData(code), 0))

    def set_side(self, side: str) -> None:
        found = self.side.findData(side)
        if found >= 0:
            self.side.setCurrentIndex(found)

    def texts(self) -> list[str]:
        if self.choice is not None:
            data = self.choice.currentData()
            return [] if data is None else [value_text(float(data))]
        return [field.text() for field in self.values]

    def activity_names(self) -> list[str]:
        return [field.text().strip() for field in self.labels]

    def set_texts(self, texts: Sequence[str], names: Sequence[str] = ()) -> None:
        if self._kind is Kind.ITEMS:
            while len(self.values) < min(len(texts), self._max_entries()):
                self._add_activity_field()
            for field, name in zip(self.labels, names, strict=False):
                if not field.isReadOnly():
                    field.setText(name)
        if self.choice is not None:
            if texts:
                value, _ = parse(self.spec, texts[0]) if self.spec else (None, None)
                if value is not None:
                    self.choice.setCurrentIndex(max(self.choice.findData(value), 0))
            return
        for field, text in zip(self.values, texts, strict=False):
            field.setText(text)

    def is_blank(self) -> bool:
        """Nothing chosen and nothing typed: a row added and left alone stores nothing."""
        return not self.code and not self.site.text().strip()

    def fields(self) -> list[QWidget]:
        """The focusable widgets, in the order Tab visits them (by what the instrument asks,
        not by visibility: a widget added to a shown row is shown a moment later)."""
        spec = self.spec
        out: list[QWidget] = [self.instrument]
        if spec is not None and spec.sided:
            out.append(self.side)
        if spec is not None and spec.site:
            out.append(self.site)
        if self.choice is not None:
            out.append(self.choice)
        for n, value in enumerate(self.values):
            if n < len(self.labels) and not self.labels[n].isReadOnly():
                out.append(self.labels[n])
            out.append(value)
        if self.add_activity is not None and len(self.values) < self._max_entries():
            out.append(self.add_activity)
        out.append(self.remove)
        return out

    def entry_fields(self) -> list[QWidget]:
        """Where typing goes (Enter walks these, never onto Remove; a site already written is
        passed over)."""
        skip: set[QWidget | None] = {self.instrument, self.side, self.remove, self.add_activity}
        if self.site.text().strip():
            skip.add(self.site)
        return [w for w in self.fields() if w not in skip]

    def first_value_field(self) -> QWidget:
        if self.spec is not None and self.spec.site and not self.site.text().strip():
            return self.site
        if self.choice is not None:
            return self.choice
        if self.labels and not self.labels[0].isReadOnly() and not self.labels[0].text():
            return self.labels[0]
        return self.values[0] if self.values else self.instrument

    # --- building the value fields for the instrument --------------------------------------

    def _max_entries(self) -> int:
        spec = self.spec
        return spec.max_entries if spec else 1

    def _clear_values(self) -> list[str]:
        kept = [f.text() for f in self.values]
        while self.value_grid.count():
            item = self.value_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget not in (self.score, self.scale):  # those stay
                widget.hide()
                widget.deleteLater()
        self.values, self.labels = [], []
        self.choice, self.add_activity = None, None
        return kept

    def _build(self) -> None:
        kept = self._clear_values()
        spec = self.spec
        self._kind = kind_of(spec) if spec else None
        self.side.setVisible(bool(spec and spec.sided))  # a pain score has no side
        if spec is not None and not spec.sided:
            self.set_side(MeasureSide.NONE)
        self.site.setVisible(bool(spec and spec.site))
        self.value_area.setVisible(spec is not None)
        self.scale.setText(spec.scale if spec else "")
        self.score.clear()
        if spec is None:
            return
        grid = self.value_grid
        if self._kind is Kind.CHOICE:
            self.choice = QComboBox()
            self.choice.setAccessibleName(spec.name)
            narrow(self.choice, 12)
            self.choice.addItem("— choose —", None)
            signed = spec.low < 0
            for v in range(int(spec.low), int(spec.high) + 1):
                text = f"{v:+d}" if signed and v else str(v)
                label = spec.labels.get(v)
                self.choice.addItem(f"{text} — {label}" if label else text, float(v))
            self.choice.currentIndexChanged.connect(self._on_edited)
            grid.addWidget(self.choice, 0, 0)
            grid.addWidget(self.scale, 0, 1)
            grid.setColumnStretch(1, 1)
        elif self._kind is Kind.TRIALS:
            for n in range(spec.max_entries):
                field = Field(f"trial {n + 1}", 90)
                field.setAccessibleName(f"{spec.name}, trial {n + 1}")
                self._watch(field)
                self.values.append(field)
                grid.addWidget(field, 0, n)
            grid.addWidget(self.score, 0, spec.max_entries)
            grid.addWidget(self.scale, 1, 0, 1, spec.max_entries + 1)
            grid.setColumnStretch(spec.max_entries, 1)
        elif self._kind is Kind.ITEMS:
            grid.addWidget(self.score, 0, 0, 1, 2)
            # the episode's activities, each rated again; at its first visit, three to name
            for _ in range(len(self._activities) or min(3, spec.max_entries)):
                self._add_activity_field()
            if not self._activities and len(self.values) < spec.max_entries:
                self.add_activity = QPushButton("Add an activity")
                self.add_activity.clicked.connect(self._on_add_activity_clicked)
                grid.addWidget(self.add_activity, 10, 0)
            grid.addWidget(self.scale, 11, 0, 1, 2)
            grid.setColumnStretch(0, 1)
        else:
            field = Field(f"{spec.low:g}–{spec.high:g} {spec.unit}".rstrip(), 140)
            field.setAccessibleName(spec.name)
            self._watch(field)
            self.values.append(field)
            grid.addWidget(field, 0, 0)
            grid.addWidget(self.scale, 0, 1)
            grid.setColumnStretch(1, 1)
        for value_field, text in zip(self.values, kept, strict=False):
            value_field.setText(text)  # what was typed survives a change of instrument
        self._show_values()

    def _show_values(self) -> None:
        """Show what was just built (a child added to a shown widget stays hidden until the
        event loop runs: the keys must reach it at once)."""
        for n in range(self.value_grid.count()):
            item = self.value_grid.itemAt(n)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.show()

    def _add_activity_field(self) -> None:
        spec = self.spec
        assert spec is not None
        n = len(self.values)
        name = Field(f"activity {n + 1} the patient finds hard")
        known = n < len(self._activities)
        if known:
            name.setText(self._activities[n])
            name.setReadOnly(True)  # named at the episode's first visit: rated again, kept
            name.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        name.setAccessibleName(f"PSFS activity {n + 1}")
        rating = Field("0–10", 70)
        rating.setAccessibleName(f"PSFS activity {n + 1}, rating 0–10")
        for field in (name, rating):
            self._watch(field)
        self.labels.append(name)
        self.values.append(rating)
        self.value_grid.addWidget(name, n + 1, 0)
        self.value_grid.addWidget(rating, n + 1, 1)
        name.show()
        rating.show()
        if self.add_activity is not None and len(self.values) >= spec.max_entries:
            self.add_activity.setVisible(False)

    def _watch(self, field: QLineEdit) -> None:
        field.textChanged.connect(self._on_edited)

    def _on_add_activity_clicked(self) -> None:
        self._add_activity_field()
        self.instrument_chosen.emit()  # the container re-chains the keys
        self.labels[-1].setFocus()

    def _on_side_activated(self, _index: int) -> None:
        self.side_by_hand = True

    def _on_instrument_changed(self, _index: int) -> None:
        self._build()
        self.instrument_chosen.emit()
        self._on_edited()

    def _on_edited(self, *_args: object) -> None:
        self.check(final=False)
        self.changed.emit()

    # --- checking and reading --------------------------------------------------------------

    def check(self, *, final: bool) -> str | None:
        """The row's problem, shown under it (``final``: also what is still missing — while
        typing an empty field is not yet a mistake). The live mean is refreshed."""
        problem = self._problem(final)
        show_error(self.error, problem)
        return problem

    def _problem(self, final: bool) -> str | None:
        spec = self.spec
        self.score.clear()
        if spec is None:
            if final and not self.is_blank():
                return "Choose the measure (or remove the row)."
            return None
        if spec.site and final and not self.site.text().strip():
            return f"Say where the {spec.name.lower()} was taken."
        if self.choice is not None:
            if final and self.choice.currentData() is None:
                return f"Choose the {spec.name.lower()} ({spec.scale}) or remove the row."
            return None
        entries: list[float | None] = []
        for n, field in enumerate(self.values):
            value, problem = parse(spec, field.text())
            if problem:
                return problem
            if self._kind is Kind.ITEMS:
                name = self.labels[n].text().strip()
                if value is not None and not name:
                    return f"Name activity {n + 1} before rating it."
                if not name:
                    continue
            entries.append(value)
        given = [e for e in entries if e is not None]
        if not given:
            if final:
                what = "rate at least one activity" if self._kind is Kind.ITEMS else "enter it"
                return f"{spec.name}: {what} ({spec.scale}), or remove the row."
            return None
        if self._kind in (Kind.TRIALS, Kind.ITEMS):
            try:
                score = spec.score(entries if self._kind is Kind.ITEMS else given)
            except ScoringError as exc:
                return str(exc)
            unit = f" {spec.unit}" if spec.unit else ""
            self.score.setText(f"= {score.value:g}{unit} ({score.rule})")
        return None

    def measurement(self, timing: str) -> MeasurementData:
        """What is stored (call after :meth:`check` found no problem)."""
        spec = self.spec
        assert spec is not None
        side, site = self.side_value, self.site.text().strip() if spec.site else ""
        if self.choice is not None:
            return MeasurementData(spec.code, float(self.choice.currentData()), timing, side)
        if self._kind is Kind.SINGLE:
            value, _ = parse(spec, self.values[0].text())
            assert value is not None
            return MeasurementData(spec.code, value, timing, side, site)
        if self._kind is Kind.ITEMS:
            pairs = [
                (name, parse(spec, field.text())[0])
                for name, field in zip(self.activity_names(), self.values, strict=True)
                if name
            ]
            return MeasurementData.scored(
                spec.code, [v for _, v in pairs], timing, side, site, [n for n, _ in pairs]
            )
        trials = [parse(spec, f.text())[0] for f in self.values]
        return MeasurementData.scored(
            spec.code, [t for t in trials if t is not None], timing, side, site
        )

    def value_now(self) -> float | None:
        """The row's score as it stands (None while it has a problem or nothing typed)."""
        if self.spec is None or self._problem(final=True) is not None:
            self._problem(final=False)  # the live mean stays as the typing shows it
            return None
        value = self.measurement("after").value
        self._problem(final=False)
        return value

    def key(self) -> tuple[str, str, str]:
        return self.code, self.side_value, self.site.text().strip().casefold()
