"""Verbatim quote checks, tolerant only of whitespace and typographic quote differences."""

from __future__ import annotations

import re

_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with typographic quotes made straight and every run of whitespace made one space."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHIC)).strip()


def quote_span(article: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` occurs in `article` (character offsets into the original text), or None.

    The span lets the app highlight the quote in the article as written.
    """
    wanted = normalise(quote)
    if not wanted:
        return None
    # Map each character of the normalised article back to its offset in the original.
    chars: list[str] = []
    offsets: list[int] = []
    previous_space = True
    for i, ch in enumerate(article.translate(_TYPOGRAPHIC)):
        if ch.isspace():
            if previous_space:
                continue
            chars.append(" ")
            previous_space = True
        else:
            chars.append(ch)
            previous_space = False
        offsets.append(i)
    found = "".join(chars).find(wanted)
    if found < 0:
        return None
    return offsets[found], offsets[found + len(wanted) - 1] + 1


def quote_found(article: str, quote: str) -> bool:
    return quote_span(article, quote) is not None
