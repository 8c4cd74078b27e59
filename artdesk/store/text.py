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


TOKEN_CHARS = 100  # a stored name word is cut here; a searched word the same way


def query_words(query: str) -> list[str]:
    """The words of a search box entry, folded and cut the same way names are."""
    words = []
    for word in _SPLIT.split(fold(query)):
        joined = "".join(p for p in _PARTS.split(word) if p)
        if joined:
            words.append(joined[:TOKEN_CHARS])
    return words


_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


# explicit direction overrides and isolates: a name can be made to read backwards with them
# ("Evil \u202egnp.exe"); a one-line field never needs them (the text's own direction shows)
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def one_line(value: str) -> str:
    """A one-line field as one line: every kind of line break becomes a space, and direction
    overrides are taken out."""
    return " ".join(_LINE_BREAKS.sub(" ", _BIDI_CONTROLS.sub("", value)).split())


def broken_text(value: str) -> str | None:
    """What makes ``value`` unstorable as text, in words, or None: a NUL, or a lone surrogate
    (half of an emoji from a broken copy-paste, or bytes that were not UTF-8)."""
    if "\x00" in value:
        return "contains a NUL character"
    if any("\ud800" <= c <= "\udfff" for c in value):
        return "contains broken characters (not valid text: a bad copy-paste?); retype it"
    return None


def visible(value: str) -> bool:
    """At least one character a reader can see: not only spaces, zero-width or control marks."""
    return any(
        not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc", "Zs", "Zl", "Zp", "Mn")
        for c in value
    )


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
