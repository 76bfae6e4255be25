"""The only path from the dashboard to Streamlit's elements that render text.

Streamlit renders Markdown in text elements, alerts, widget labels and help tooltips, and HTML in
`st.html`. Each wrapper takes `str`: `Md` (or `Markup` for `html`) is rendered as it is, any other
string is escaped first, so text from data is always shown literally. A test checks that the rest of
`dashboard/` calls none of these Streamlit functions directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from markupsafe import Markup

from .text import Md, h, md


def _help(text: str | None) -> Md | None:
    return None if text is None else md(text)


# Headings carry no "link to heading" anchor: each would be one more Tab stop before the finders (issue 18: the
# district finder within 40 presses of Tab), and the app's views are addressed by the URL, not by anchors.
def title(text: str) -> None:
    st.title(md(text), anchor=False)


def markdown(text: str) -> None:
    st.markdown(md(text))


def subheader(text: str) -> None:
    st.subheader(md(text), anchor=False)


def caption(text: str) -> None:
    st.caption(md(text))


def warning(text: str) -> None:
    st.warning(md(text))


def info(text: str) -> None:
    st.info(md(text))


def error(text: str) -> None:
    st.error(md(text))


def code(text: str, language: str | None = None) -> None:
    """A code box: Streamlit shows its text literally (no Markdown), so text from data needs no escaping."""
    st.code(text, language=language, wrap_lines=True)


class _Html(Markup):
    """Safe HTML handed to `st.html` as it is. Streamlit dedents and strips a plain string's every line
    (textwrap.dedent: about 110 ms for a 1.9 MB article, on every rerun); an object with `_repr_html_` is
    taken as it is. Ours is never indented."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)


def html(content: str | Markup) -> None:
    st.html(_Html(h(content)))


def button(label: str, help: str | None = None, **kwargs: Any) -> bool:
    return st.button(md(label), help=_help(help), **kwargs)


def download_button(label: str, data: bytes | Callable[[], bytes], file_name: str, mime: str, help: str | None = None,
                    **kwargs: Any) -> bool:
    return st.download_button(md(label), data, file_name=file_name, mime=mime, help=_help(help), **kwargs)


def toggle(label: str, help: str | None = None, **kwargs: Any) -> bool:
    return st.toggle(md(label), help=_help(help), **kwargs)


def slider(label: str, **kwargs: Any) -> Any:
    return st.slider(md(label), **kwargs)


def selectbox(label: str, options: Sequence[Any], format_func: Callable[[Any], str] = str, **kwargs: Any) -> Any:
    """Options are shown as plain text by Streamlit (not Markdown), so their labels stay unescaped."""
    return st.selectbox(md(label), options, format_func=lambda option: str(format_func(option)), **kwargs)


def segmented_control(label: str, options: Sequence[str], format_func: Callable[[Any], str] = str,
                      help: str | None = None, **kwargs: Any) -> Any:
    return st.segmented_control(md(label), options, format_func=lambda option: md(format_func(option)),
                                help=_help(help), **kwargs)


def expander(label: str, expanded: bool = False) -> Any:
    return st.expander(md(label), expanded=expanded)


def text_input(label: str, help: str | None = None, placeholder: str | None = None, **kwargs: Any) -> Any:
    return st.text_input(md(label), help=_help(help), placeholder=placeholder, **kwargs)


def date_input(label: str, help: str | None = None, **kwargs: Any) -> Any:
    return st.date_input(md(label), help=_help(help), **kwargs)
