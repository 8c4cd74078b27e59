"""The record's access list on the patient's page: who saw or changed the record, newest
first, in words ("2026-01-05 10:00 · Dr Ana Ruiz · viewed the patient · Room 1")."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

from artdesk.store import AuditEntry, StoreError
from ui.style import sized


class RecordAccess(QWidget):
    """The tab: a heading over the list (``lines``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = QListWidget()
        sized(self.lines, 11)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(QLabel("Who saw or changed this record, newest first"))
        column.addWidget(self.lines, 1)

    def show_entries(self, entries: list[AuditEntry]) -> None:
        self.lines.clear()
        for entry in entries:
            self.lines.addItem(access_line(entry))

    def show_problem(self, problem: StoreError) -> None:
        self.lines.clear()
        self.lines.addItem(f"The record access could not be read: {problem}.")


def access_line(entry: AuditEntry) -> str:
    when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
    words = [when, entry.clinician or "(nobody signed in)", access_text(entry)]
    if entry.room:
        words.append(entry.room)
    return "  ·  ".join(words)


ACCESS_WORDS = {
    "view-patient": "viewed the patient",
    "add-patient": "added the patient",
    "edit-patient": "changed the patient's details",
    "view-visit": "viewed visit",
    "start-visit": "started visit",
    "resume-visit": "resumed visit",
    "finish-visit": "finished visit",
    "sign-visit": "signed visit",
    "refer-visit": "referred, visit",
    "amend-visit": "amended visit",
    "void-visit": "voided visit",
    "take-over-visit": "took over visit",
    "print": "printed visit",
    "save-document": "saved as PDF: visit",
    "export": "exported",
    "open-episode": "opened an episode of care",
    "change-episode": "changed the episode of care",
    "discharge-episode": "discharged the episode of care",
    "reopen-episode": "reopened the episode of care",
}


def access_text(entry: AuditEntry) -> str:
    """'viewed the patient', 'signed visit 12'…: one audit line in words."""
    words = ACCESS_WORDS.get(entry.action, entry.action.replace("-", " "))
    if entry.visit_id is not None:
        words += f" {entry.visit_id}"
    elif entry.action in PAPER_WORDS:  # a paper of the patient's, not of one visit
        words = PAPER_WORDS[entry.action]
    patients_paper = entry.visit_id is None and entry.action in PAPER_WORDS
    if entry.detail and (entry.action in ("print", "export") or patients_paper):
        words += f" ({entry.detail})"
    return words


PAPER_WORDS = {"print": "printed", "save-document": "saved as PDF"}
