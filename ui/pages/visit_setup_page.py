"""Visit set-up: the course of care, complaint, pain and measures before, the safety screen,
and the protocols with their sides and structures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from artdesk.measures import Timing
from artdesk.protocols import Library, Side
from artdesk.protocols.marks import BodyMark
from artdesk.screening import Decision, Screen
from artdesk.treatment import PlanError, plan_visit
from artdesk.visit import TreatmentSetup
from ui.pages.body_chart import BodyChartPanel
from ui.pages.course_choice import CourseOption, CoursePicker, sides_of
from ui.pages.follow_focus import ColumnArea, follow_focus
from ui.pages.measures_entry import MeasuresEntry
from ui.pages.nprs import NprsPicker
from ui.pages.screening_widget import ScreeningWidget
from ui.pages.setup_protocols import FilterBox, ProtocolList
from ui.pages.structure_picker import StructurePicker
from ui.style import error_label, show_error, sized
from ui.treatment.treatment_text import plan_cautions
from ui.working import Working

OTHER_PAIN = ("VAS", "VRS")  # pain scored on another scale: the 0–10 score is then optional


class VisitSetupPage(QWidget):
    """Signals: ``treatment_requested(TreatmentSetup)``, ``cancelled()``."""

    treatment_requested = Signal(object)
    referral_requested = Signal(object)  # a TreatmentSetup with no plan: refer instead
    cancelled = Signal()

    def __init__(self, library: Library, screen: Screen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._screen = screen
        self.patient_id: int | None = None

        self.title = sized(QLabel("New visit"), 18, bold=True)
        self.course = CoursePicker()
        self._prefilled: CourseOption | None = None  # what the course choice last filled in
        self.complaint = QLineEdit()
        self.complaint.setPlaceholderText("What brings the patient in today?")
        self.complaint_error = error_label()
        regions = sorted({p.region for p in library.protocols.values()})
        self.screening = ScreeningWidget(screen, regions)
        self.pain = NprsPicker()
        self.pain_error = error_label()
        self.measures = MeasuresEntry(Timing.BEFORE, "Measures before treatment")
        self.body = BodyChartPanel()  # where it hurts: its regions' protocols are offered first

        self.filter = FilterBox()
        self.filter.setPlaceholderText("Find a protocol by name, region or complaint")
        self.protocols = ProtocolList()
        self.side = QComboBox()
        for side in (Side.LEFT, Side.RIGHT, Side.BOTH):
            self.side.addItem(side.value, side)
        self.add_button = QPushButton("&Add")
        self.chosen = StructurePicker()
        self.chosen_error = error_label()
        self.start_button = QPushButton("Start &treatment  (Ctrl+Enter)")
        sized(self.start_button, 14, bold=True)
        self.cancel_button = QPushButton("Cancel")
        self.refer_button = QPushButton("&Refer instead…")  # shown when the screen blocks

        left = QVBoxLayout()
        self.course_caption = QLabel("Course of car&e")
        self.course_caption.setBuddy(self.course.combo)
        left.addWidget(self.course_caption)
        left.addWidget(self.course)
        caption = QLabel("&Complaint")
        caption.setBuddy(self.complaint)
        left.addWidget(caption)
        left.addWidget(self.complaint)
        left.addWidget(self.complaint_error)
        pain_caption = QLabel("&Pain before (0–10, type the number)")
        pain_caption.setBuddy(self.pain)
        left.addWidget(pain_caption)
        left.addWidget(self.pain)
        left.addWidget(self.pain_error)
        body_caption = sized(QLabel("Where it &hurts"), 13, bold=True)
        body_caption.setBuddy(self.body.view)
        left.addWidget(body_caption)
        left.addWidget(self.body)
        left.addWidget(self.measures)
        left.addWidget(sized(QLabel("Safety screen — tick what applies"), 13, bold=True))
        left.addWidget(self.screening)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        scroll = ColumnArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left_widget)
        self.screen_area = scroll
        follow_focus(scroll)
        # the safety screen's long lines may need the column wider than a small screen (it
        # scrolls sideways); the course, the complaint and the measures always fit in view
        self._fitted: tuple[QWidget, ...] = (
            self.course,
            self.complaint,
            self.pain,
            self.body,
            self.measures,
        )
        scroll.viewport_resized.connect(self._fit_to_column)

        right = QGridLayout()
        find_caption = QLabel("&Find protocol")
        find_caption.setBuddy(self.filter)
        right.addWidget(find_caption, 0, 0, 1, 3)
        right.addWidget(self.filter, 1, 0, 1, 3)
        right.addWidget(self.protocols, 2, 0, 1, 3)
        hint = QLabel("L / R / B adds the highlighted protocol on the left, right or both sides")
        hint.setWordWrap(True)
        hints = QVBoxLayout()
        hints.addWidget(self.protocols.note)  # what the highlighted protocol matches on the chart
        hints.addWidget(hint)
        right.addLayout(hints, 3, 0, 1, 3)
        right.addWidget(QLabel("Side"), 4, 0)
        right.addWidget(self.side, 4, 1)
        right.addWidget(self.add_button, 4, 2)
        chosen_caption = QLabel(
            "Protocols for this &visit — Space ticks a structure, Delete removes a protocol"
        )
        chosen_caption.setWordWrap(True)
        chosen_caption.setBuddy(self.chosen)
        right.addWidget(chosen_caption, 5, 0, 1, 3)
        right.addWidget(self.chosen, 6, 0, 1, 3)
        right.addWidget(self.chosen_error, 7, 0, 1, 3)
        self.plan_cautions = QTextBrowser()  # the plan's cautions and evidence, before starting
        self.plan_cautions.setMaximumHeight(130)
        self.plan_cautions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        right.addWidget(QLabel("Cautions and evidence for this plan"), 8, 0, 1, 3)
        right.addWidget(self.plan_cautions, 9, 0, 1, 3)

        columns = QHBoxLayout()
        columns.addWidget(scroll, 3)
        columns.addLayout(right, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.refer_button)
        bottom.addStretch(1)
        self.working_note = error_label()  # "Starting the treatment…" while it is saved
        bottom.addWidget(self.working_note)
        bottom.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)

        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.move_down.connect(self._on_filter_move_down)
        self.protocols.add_requested.connect(self._on_protocols_add_requested)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.chosen.changed.connect(self._on_chosen_changed)
        self.body.marks_changed.connect(self._on_body_marks_changed)
        self.course.option_chosen.connect(self._on_course_option_chosen)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancelled)
        self.refer_button.clicked.connect(self.refer)
        self.screening.changed.connect(self._on_screening_changed)
        self.refer_button.setVisible(False)
        self._fill_protocols("")
        # held while the visit is opened on a worker: nothing typed there would be left out
        held = (self.filter, self.protocols, self.side, self.add_button, self.chosen)
        buttons = (self.cancel_button, self.refer_button, self.start_button)
        self.working = Working(self, self.working_note, (scroll, *held, *buttons))

    def begin(
        self,
        patient_id: int,
        patient_name: str,
        options: Sequence[CourseOption] = (),
        current: int = 0,
    ) -> None:
        """``options``: the courses of care offered (the active episode first when there is
        one); the ``current`` one prefills the complaint, protocols and measures."""
        self.patient_id = patient_id
        self.title.setText(f"New visit — {patient_name}")
        self.complaint.clear()
        self.screening.clear()
        self.plan_cautions.clear()
        self.pain.set_value(None)
        self.filter.clear()
        self.chosen.clear()
        self.measures.clear()
        self.body.clear()
        self.body.offer(())
        self._prefilled = None
        for label in (self.complaint_error, self.pain_error, self.chosen_error):
            show_error(label, None)
        self.screening.show_problem(None)
        self.course.set_options(options, current)
        self.course.setVisible(bool(options))  # none: the course could not be read
        self.course_caption.setVisible(bool(options))
        option = self.course.option()
        if option is not None:
            self._prefill(option)
        self.complaint.setFocus()

    def offer_marks(self, marks: Sequence[BodyMark], day: date | None = None) -> None:
        """A returning patient: the last visit's body chart marks, offered to take over."""
        self.body.offer(marks, f"last visit ({day.isoformat()})" if day else "")

    def course_option(self) -> CourseOption | None:
        """The course of care chosen (None: none was offered)."""
        return self.course.option()

    def _prefill(self, option: CourseOption) -> None:
        """Fill in what the course brings; what the clinician typed or changed since the last
        prefill is kept (never a lost word)."""
        before = self._prefilled
        typed = self.complaint.text().strip()
        if not typed or (before is not None and typed == before.complaint):
            self.complaint.setText(option.complaint)
        if not self.chosen.count() or (
            before is not None and self.chosen.shows(self._library, before.protocols)
        ):
            self.chosen.fill(self._library, option.protocols)
        self.measures.set_episode(self._sides(option), option.activities)
        if not any(any(t.strip() for t in row.texts()) for row in self.measures.rows):
            self.measures.clear()
            self.measures.prefill(option.measures)
        self._prefilled = option
        self._show_plan_cautions()

    def _sides(self, option: CourseOption | None) -> tuple[str, ...]:
        if option is not None and option.sides:
            return option.sides
        return sides_of([(p, str(s), k) for p, s, k in self.chosen.plan_choices()])

    def focus_first_field(self) -> None:
        self.complaint.setFocus()

    def _fit_to_column(self, viewport_width: int) -> None:
        margins = self.screen_area.widget().layout().contentsMargins()  # type: ignore[union-attr]
        width = viewport_width - margins.left() - margins.right()
        for widget in self._fitted:
            widget.setMaximumWidth(max(width, 300))
        # the whole chart in view at once when scrolled to: as tall as the column shows
        height = self.screen_area.viewport().height()
        self.body.setFixedHeight(max(300, min(480, height - 16)))

    def _on_screening_changed(self) -> None:
        decision = self.screening.decision()
        self.refer_button.setVisible(bool(decision.emergencies or decision.stops))
        self._show_plan_cautions()

    def _show_plan_cautions(self) -> None:
        """Each planned protocol's cautions (red flags first, shaped by the screen's answers)
        and its evidence."""
        choices = self.chosen.plan_choices()
        self.plan_cautions.setHtml(plan_cautions(self._library, choices, self.screening.decision()))

    def refer(self) -> None:
        """Refer instead of treating: the visit is saved and signed as a referral."""
        complaint = self.complaint.text().strip()
        show_error(self.complaint_error, None if complaint else "Write the complaint.")
        if not complaint or self.patient_id is None:
            self.complaint.setFocus()
            return
        decision = self.screening.decision()
        self.referral_requested.emit(
            TreatmentSetup(
                self.patient_id,
                complaint,
                decision,
                self.screening.stored_answers(),
                self.pain.value(),
                (),
                marks=self.body.marks(),
            )
        )

    def scroll_to(self, widget: QWidget, margin: int = 40) -> None:
        """Bring ``widget`` into view in the screen's column, up or down only (never sideways:
        the start of every line stays in view)."""
        bar = self.screen_area.verticalScrollBar()
        column = self.screen_area.widget()
        assert column is not None
        top = widget.mapTo(column, widget.rect().topLeft()).y()
        height = self.screen_area.viewport().height()
        if top - margin < bar.value():
            bar.setValue(top - margin)
        elif top + widget.height() + margin > bar.value() + height:
            bar.setValue(top + widget.height() + margin - height)

    def _show_screen_problem(self, decision: Decision) -> None:
        """Bring the blocking answer to where the clinician is looking (the screen scrolls
        on a small display) and put the keys where they can act on it."""
        widget = self.screening
        target: QWidget
        if decision.emergencies or not decision.screened:
            target = widget.stop_note if decision.emergencies else widget.none_apply
        else:
            target = widget.override
        self.scroll_to(target, 40)
        self.scroll_to(widget.error, 10)
        (widget.none_apply if not decision.screened else widget.override).setFocus()

    def show_problem(self, message: str) -> None:
        """A problem starting the treatment, shown by the safety screen's message line."""
        self.screening.show_problem(message)

    def reload(self) -> None:
        """The library was loaded again (the clinic saved a protocol): the list and the screen's
        sites say it now; what was chosen for this visit stays."""
        self.screening.set_regions(sorted({p.region for p in self._library.protocols.values()}))
        self._fill_protocols(self.filter.text())

    def _fill_protocols(self, text: str) -> None:
        self.protocols.fill(self._library, text, self.body.marks())

    def chosen_choices(self) -> list[tuple[str, Side]]:
        return self.chosen.choices()

    def add_current(self, side: Side | None = None) -> None:
        if self.protocols.currentRow() < 0:  # nothing matches the filter
            return
        item = self.protocols.currentItem()
        side = Side(side or self.side.currentData())  # the box holds the value as text
        protocol = self._library.get(item.data(Qt.ItemDataRole.UserRole))
        if self.chosen.add(protocol, side) is None:
            return
        show_error(self.chosen_error, None)

    def start(self) -> None:
        if self.working.busy:
            return  # being started: once
        complaint = self.complaint.text().strip()
        decision = self.screening.decision()
        pain = self.pain.value()
        choices = self.chosen.plan_choices()
        empty = self.chosen.without_structures()
        measurements = self.measures.measurements()
        # a course that scores pain another way (VAS, the verbal rating) needs no second score
        other_pain = any(m.instrument in OTHER_PAIN for m in measurements or ())
        show_error(self.complaint_error, None if complaint else "Write the complaint.")
        show_error(
            self.pain_error,
            None
            if pain is not None or other_pain
            else "Choose pain before, 0–10 (or record the pain VAS or verbal rating below).",
        )
        problem = None if choices else "Add at least one protocol."
        if empty:
            problem = f"Tick at least one structure (Space) of {empty[0]}, or remove it."
        show_error(self.chosen_error, problem)
        self.screening.show_problem(decision.problem)
        if not decision.may_treat:
            self._show_screen_problem(decision)
            return
        if not complaint:
            self.complaint.setFocus()
            return
        if pain is None and not other_pain:
            self.pain.setFocus()
            return
        if measurements is None:  # the measures say what to correct, its field has the keys
            self.scroll_to(self.measures, 10)
            return
        if empty:
            self.chosen.setFocus()
            return
        if not choices or self.patient_id is None:
            self.filter.setFocus()
            return
        try:
            plan = plan_visit((self._library.get(pid), side, keys) for pid, side, keys in choices)
        except (PlanError, KeyError) as exc:
            show_error(self.chosen_error, str(exc).strip("'\""))
            self.filter.setFocus()
            return
        option = self.course.option()
        self.treatment_requested.emit(
            TreatmentSetup(
                patient_id=self.patient_id,
                complaint=complaint,
                decision=decision,
                answers=self.screening.stored_answers(),
                pain_before=pain,
                plan=plan,
                episode_id=None if option is None else option.episode_id,
                measurements=measurements,
                marks=self.body.marks(),
            )
        )

    @Slot(str)
    def _on_filter_text_changed(self, text: str) -> None:
        self._fill_protocols(text)

    @Slot()
    def _on_filter_move_down(self) -> None:
        self.protocols.setFocus()

    @Slot(object)
    def _on_protocols_add_requested(self, side: Side | None) -> None:
        self.add_current(side)

    @Slot()
    def _on_add_clicked(self) -> None:
        self.add_current()

    @Slot()
    def _on_chosen_changed(self) -> None:
        option = self.course.option()
        self.measures.set_episode(self._sides(option), option.activities if option else ())
        self._show_plan_cautions()

    @Slot()
    def _on_body_marks_changed(self) -> None:
        """The marked regions' protocols first; the side to add them on follows the marks."""
        self._fill_protocols(self.filter.text())
        sides = {m.side.value for m in self.body.marks()} & {"left", "right"}
        if sides:
            side = Side.BOTH if len(sides) == 2 else Side(sides.pop())
            self.side.setCurrentIndex(self.side.findData(side))

    @Slot(object)
    def _on_course_option_chosen(self, option: CourseOption) -> None:
        self._prefill(option)
