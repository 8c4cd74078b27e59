"""Name normalisation for search: case, accents and punctuation do not stop a match."""

from __future__ import annotations

import re
import unicodedata

# Letters that do not decompose into a base letter + accent under NFKD.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
    }
)
_SPLIT = re.compile(r"[\s]+")
_PARTS = re.compile(r"[-‐‑‒–—'’.,]+")


def fold(text: str) -> str:
    """Lower-case, accent-free form: 'Zoë Ægir-Łukasiewicz' → 'zoe aegir-lukasiewicz'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.translate(_FOLD))


def name_tokens(full_name: str) -> set[str]:
    """Every searchable word of a name: each word whole and each part of a hyphenated one."""
    tokens: set[str] = set()
    for word in _SPLIT.split(fold(full_name)):
        parts = [p for p in _PARTS.split(word) if p]
        if not parts:
            continue
        tokens.add("".join(parts))
        tokens.update(parts)
    return tokens


def query_words(query: str) -> list[str]:
    """The words of a search box entry, folded the same way names are."""
    words = []
    for word in _SPLIT.split(fold(query)):
        joined = "".join(p for p in _PARTS.split(word) if p)
        if joined:
            words.append(joined)
    return words


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
