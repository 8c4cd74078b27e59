"""Where the body chart's keyboard highlight goes (plain functions over the chart's data).

Up / Down walk the view's rows of regions head to foot (``Panel.rows``), keeping the side;
Left / Right move along the row across the screen, then into the next view (to the same region
when that view has it, else the row at about the same height); L / R choose the patient's side
— on a side view by showing that side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from artdesk.protocols.body_chart import BodyChart, Panel, Shape
from artdesk.protocols.marks import MarkSide
from artdesk.protocols.regions import View


@dataclass(frozen=True, slots=True)
class Spot:
    """The highlight: a shape in a panel."""

    panel: Panel
    shape: Shape


def first(panels: Sequence[Panel]) -> Spot | None:
    for panel in panels:
        order = panel.in_order()
        if order:
            return Spot(panel, order[0])
    return None


def _row_of(spot: Spot) -> tuple[list[list[Shape]], int]:
    rows = spot.panel.rows()
    return rows, next(n for n, row in enumerate(rows) if spot.shape in row)


def up_down(spot: Spot, step: int) -> Spot:
    """The row above (-1) or below (+1): the shape nearest across, on the same side when the
    row has that side; at the top or the bottom it stays."""
    rows, at = _row_of(spot)
    if not 0 <= at + step < len(rows):
        return spot
    row = rows[at + step]
    same = [s for s in row if s.side is spot.shape.side] or row
    x = spot.shape.centre[0]
    return Spot(spot.panel, min(same, key=lambda s: abs(s.centre[0] - x)))


def left_right(spot: Spot, panels: Sequence[Panel], step: int) -> Spot:
    """One move left (-1) or right (+1) on the screen: along the row, then into the next
    view (at the same region when it has it, else the row at about the same height)."""
    rows, at = _row_of(spot)
    row = rows[at]
    n = row.index(spot.shape) + step
    if 0 <= n < len(row):
        return Spot(spot.panel, row[n])
    index = next(n for n, p in enumerate(panels) if p.id == spot.panel.id) + step
    if not 0 <= index < len(panels):
        return spot
    target = panels[index]
    ordered = target.rows()
    if not ordered:
        return spot
    same = [s for s in target.shapes if s.region == spot.shape.region]
    height = spot.shape.centre[1] / spot.panel.height
    candidates = same or min(ordered, key=lambda r: abs(r[0].centre[1] / target.height - height))
    return Spot(target, min(candidates, key=lambda s: s.centre[0] * step))


def choose_side(spot: Spot, chart: BodyChart, side: MarkSide) -> Spot:
    """The patient's ``side``: on the front or back the same region on that side; on a side
    view, the view of that side, at the same region (on that side when it shows it there),
    else at about the same height."""
    region = spot.shape.region
    if spot.panel.view is not View.SIDE:
        here = spot.panel.shape(region, side)
        return spot if here is None else Spot(spot.panel, here)
    panel = next((p for p in chart.of_view(View.SIDE) if p.shows is side), spot.panel)
    exact = panel.shape(region, side)
    if exact is not None:
        return Spot(panel, exact)
    same = [s for s in panel.shapes if s.region == region]
    if same:
        return Spot(panel, same[0])
    if not panel.shapes:
        return spot
    return Spot(panel, min(panel.shapes, key=lambda s: abs(s.centre[1] - spot.shape.centre[1])))
