"""A message as a sentence: its first letter upper-case and the rest exactly as written
(``str.capitalize`` would lower-case "PIN", "ACL" and a clinician's own words)."""

from __future__ import annotations


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
