"""Timed minutes and CPT 97140 units under the 8-minute rule (DOMAIN.md §1)."""

from __future__ import annotations


def treated_minutes(seconds: float) -> int:
    """Whole minutes: 7 min 59 s is 7 minutes, as a timed-code audit counts them."""
    if seconds < 0:
        raise ValueError("treated time cannot be negative")
    return int(seconds // 60)


def billing_units(seconds: float) -> int:
    """Units of a 15-minute timed code: 0–7 min → 0, 8–22 → 1, 23–37 → 2, 38–52 → 3 …"""
    return (treated_minutes(seconds) + 7) // 15
