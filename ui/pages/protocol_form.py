"""A protocol's own fields in the editor: id, names, body regions, complaints, evidence.
Under the id, a note says what saving it does (replace a shipped protocol, a new one…)."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from artdesk.protocols import Protocol, regions
from ui.pages.protocol_fields import CheckListField, Form, LineField, TextField

NOTE_STYLE = "color: #2f4f6f;"


class ProtocolForm(Form):
    """Signals: ``changed()``."""

    def __init__(self) -> None:
        spec = [
            ("id", "&Id", LineField("lower-case letters, digits and '-', e.g. calf-achilles")),
            ("name", "&Name", LineField("as clinicians name it, e.g. Calf and Achilles")),
            ("region", "&Region", LineField("in words, e.g. lower leg (posterior)")),
            (
                "plain_name",
                "In plain &words",
                LineField("as the patient reads it, e.g. your calf and Achilles tendon"),
            ),
            (
                "regions",
                "Body re&gions",
                CheckListField([(r.id, r.name) for r in regions.shipped().values()]),
            ),
            (
                "complaints",
                "&Complaints",
                TextField(
                    "what patients come with, one a line (the set-up search finds them)", 3, True
                ),
            ),
            ("evidence", "&Evidence", TextField("one source a line", 2, True)),
        ]
        super().__init__(spec, [f.name for f in fields(Protocol)])
        self.fields["regions"].setToolTip("Space checks or unchecks the region under the cursor")
        self.id_note = QLabel()
        self.id_note.setWordWrap(True)
        self.id_note.setTextFormat(Qt.TextFormat.PlainText)
        self.id_note.setStyleSheet(NOTE_STYLE)
        self.columns["id"].addWidget(self.id_note)

    def typed_id(self) -> str:
        return self.fields["id"].text().strip()
