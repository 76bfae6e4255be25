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


class SeedQuotes:
    """Quote checks over many citations: each seed normalised once, each distinct quote of a seed searched
    once (a package may cite one passage thousands of times; searching the seed anew for each citation
    took minutes)."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._texts = texts
        self._normal: dict[str, str] = {}
        self._found: dict[tuple[str, str], bool] = {}

    def found(self, seed: str, quote: str) -> bool:
        """`quote_found(texts[seed], quote)`, answered from the index."""
        key = (seed, quote)
        if key not in self._found:
            self._found[key] = self._search(seed, quote)
        return self._found[key]

    def _search(self, seed: str, quote: str) -> bool:
        if seed not in self._normal:
            self._normal[seed] = normalise(self._texts[seed])
        wanted = normalise(quote)  # stripped, so it cannot begin or end at a collapsed space
        return bool(wanted) and wanted in self._normal[seed]
