"""A protocol's own fields in the editor: id, names, body regions (and which are named, in
plain words), complaints, evidence."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from artdesk.protocols import Protocol, regions
from ui.pages.protocol_fields import CheckListField, Form, LineField, TextField

NOTE_STYLE = "color: #2f4f6f;"  # what saving does, what was saved


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
        self.regions_note = QLabel()  # the list scrolls: which are named, in plain words
        self.regions_note.setTextFormat(Qt.TextFormat.PlainText)
        self.columns["regions"].addWidget(self.regions_note)
        self.fields["regions"].changed.connect(self._on_regions_changed)

    def set_table(self, table: dict[str, Any]) -> None:
        super().set_table(table)
        self._on_regions_changed()

    def _on_regions_changed(self) -> None:
        known = regions.shipped()
        named = [known[r].name if r in known else r for r in self.fields["regions"].value()]
        self.regions_note.setText(f"Named: {', '.join(named)}" if named else "None named yet.")

    def typed_id(self) -> str:
        return self.fields["id"].text().strip()
