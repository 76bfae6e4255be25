"""Safe text types: how data text becomes Markdown or HTML without becoming markup (CSV: geo.csvfile).

Two string types carry text that is safe to render, and only they are passed on unescaped:
- `Md`, Markdown for Streamlit's Markdown elements (markdown, captions, alerts, labels, help);
- `markupsafe.Markup`, HTML for `st.html`.
Both are made from literals written in this code, or by escaping (`md`, `h`). Joining or formatting
them with a plain `str` escapes that `str`, so data text never needs remembering to escape; the
wrappers in `dashboard/ui.py`, the only path to Streamlit's text elements, escape a plain `str` too.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")
# Markdown (GFM) turns bare URLs, www. names and e-mail addresses into links even when every punctuation
# mark is escaped (the autolinks are found in the text after escapes are resolved). A word joiner
# (U+2060, invisible, no break) after "https:", "www" and "@" keeps them text.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(:(?=//)|(?i:www)(?=\.)|@)")


def _md_escape(text: object) -> str:
    plain = _WHITESPACE.sub(" ", str(text))  # one line: no block (code, list, heading) can start
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(r"\1" + WORD_JOINER, plain))


class Md(str):
    """Markdown that is safe to render. `Md("**{}**").format(x)`, `Md(...) + x` and `Md(", ").join(xs)`
    escape every plain `str` (or other value) they are given; only `Md` is kept as it is."""

    __slots__ = ()

    def __add__(self, other: str) -> Md:
        return Md(str.__add__(self, md(other)))

    def __radd__(self, other: str) -> Md:
        return Md(str.__add__(md(other), self))

    def format(self, *args: object, **kwargs: object) -> Md:
        return Md(_FORMATTER.vformat(self, args, kwargs))

    def join(self, items: Iterable[str]) -> Md:
        return Md(str.join(self, (md(item) for item in items)))


class _EscapingFormatter(string.Formatter):
    """Formats each field (with its spec, e.g. `{:.1%}`) and then escapes it, unless it is `Md`."""

    def format_field(self, value: Any, format_spec: str) -> str:
        formatted = format(value, format_spec)
        return formatted if isinstance(value, Md) else _md_escape(formatted)


_FORMATTER = _EscapingFormatter()


def md(text: object) -> Md:
    """Text shown literally by Markdown: ASCII punctuation backslash-escaped (no link, image, HTML,
    LaTeX `$`, emphasis or Streamlit directive `:red[...]` can form), autolinks broken, one line."""
    return text if isinstance(text, Md) else Md(_md_escape(text))


def h(text: object) -> Markup:
    """Text escaped for HTML (quotes too); `Markup` is kept as it is."""
    return escape(text)


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links."""
    if url and re.match(r"^https?://[^\s<>\"']+$", url):
        return url
    return None


def link(label: str, url: str | None) -> Markup:
    """An external link in HTML that opens safely in a new tab, or the escaped label if the URL is not http(s)."""
    target = safe_url(url)
    if target is None:
        return h(label)
    return Markup('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>').format(target, label)


def highlighted(article: str, span: tuple[int, int] | None) -> Markup:
    """The article as escaped HTML keeping its line breaks, with the quoted span marked."""
    if span is None:
        body = h(article)
    else:
        start, end = span
        body = Markup('{}<mark id="quote">{}</mark>{}').format(article[:start], article[start:end], article[end:])
    return Markup('<div class="kcm-article" style="white-space: pre-wrap">{}</div>').format(body)

