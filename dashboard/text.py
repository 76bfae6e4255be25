"""Turning data text into safe Markdown/HTML. Every string from data passes through here."""

from __future__ import annotations

import html
import re
import string

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def md(text: object) -> str:
    """Text shown literally by st.markdown: every ASCII punctuation mark backslash-escaped, so no
    Markdown, HTML, link, LaTeX ($) or Streamlit directive (:red[...]) can be formed from data."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def h(text: object) -> str:
    """Text escaped for HTML (quotes too)."""
    return html.escape(str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links."""
    if url and re.match(r"^https?://[^\s<>\"']+$", url):
        return url
    return None


def link(label: str, url: str | None) -> str:
    """An external link in HTML that opens safely in a new tab, or the escaped label if the URL is not http(s)."""
    target = safe_url(url)
    if target is None:
        return h(label)
    return f'<a href="{h(target)}" target="_blank" rel="noopener noreferrer">{h(label)}</a>'


def highlighted(article: str, span: tuple[int, int] | None) -> str:
    """The article as escaped HTML keeping its line breaks, with the quoted span marked."""
    if span is None:
        body = h(article)
    else:
        start, end = span
        body = h(article[:start]) + '<mark id="quote">' + h(article[start:end]) + "</mark>" + h(article[end:])
    return f'<div class="kcm-article" style="white-space: pre-wrap">{body}</div>'
