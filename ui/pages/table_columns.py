"""Column widths for the list tables, set once from each column's widest usual text."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHeaderView, QTableView


def size_columns(
    table: QTableView,
    headings: Sequence[str],
    widest: Sequence[str],
    stretch: int,
    icon_column: int | None = None,
) -> None:
    """Each column as wide as its widest usual text or its heading, ``stretch`` taking the
    rest; a clinician can still drag one wider. Sized once, from the table's font (set it
    first): resize-to-contents asked every loaded row for every column at every change
    (≈ 2 300 ``data()`` calls a keystroke in the patient search). The headings are given,
    not asked of the model: that would read the Qt namespace before the first paint."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    text, heading = table.fontMetrics(), header.fontMetrics()
    padding = 2 * text.horizontalAdvance("MM")
    for column, (title, sample) in enumerate(zip(headings, widest, strict=True)):
        if column == stretch:
            continue
        width = max(text.horizontalAdvance(sample), heading.horizontalAdvance(title)) + padding
        if column == icon_column:
            width += table.iconSize().width() or 16
        header.resizeSection(column, width)
