"""The safe text types, the wrappers every text element goes through, and how a source is described
(CSV neutralisation: tests/geo/test_csvfile.py)."""

import datetime as dt
from unittest import mock

import pytest
from markupsafe import Markup

from dashboard import ui
from dashboard.panel import source_line
from dashboard.text import WORD_JOINER, Md, h, highlighted, link, md, safe_url
from geo.models import Source

HOSTILE = "[x](javascript:alert(1)) ![i](https://evil.example/t.png) **b** <img src=x> $x$ :red[r] `c` # h"


def test_md_escapes_every_markdown_and_streamlit_construct():
    escaped = md(HOSTILE)
    for mark in "[]()*<>$:`#!":
        assert f"\\{mark}" in escaped
    assert "\n" not in md("a\nb") and md("    code\n\n# h") == " code \\# h"  # no block can start


@pytest.mark.parametrize("autolink", ["https://evil.example/x", "HTTP://evil.example", "www.evil.example",
                                      "WWW.evil.example", "a@evil.example", "mailto:b@evil.example"])
def test_md_breaks_the_autolinks_markdown_finds_in_escaped_text(autolink):
    # GFM links these after escapes are resolved; a word joiner (invisible) keeps them text
    assert WORD_JOINER in md(autolink)
    assert md(autolink).replace(WORD_JOINER, "").replace("\\", "") == autolink


def test_md_type_escapes_what_it_is_joined_or_formatted_with():
    assert isinstance(md("x"), Md) and md(md("*")) == md("*")  # escaping twice is escaping once
    assert Md("**{}** {:.1%}").format("*a*", 0.77) == "**\\*a\\*** 77\\.0\\%"
    assert Md("# ") + "[x]" == "# \\[x\\]" and "[x]" + Md("*") == "\\[x\\]*"
    assert isinstance("[x]" + Md("*"), Md)
    assert Md(", ").join(["a", "(b)", Md("*c*")]) == "a, \\(b\\), *c*"


def test_html_escaping_and_links():
    assert h('<a href="x">') == "&lt;a href=&#34;x&#34;&gt;" and h(Markup("<b>")) == "<b>"
    assert safe_url("javascript:alert(1)") is None and safe_url("https://a.org/x") == "https://a.org/x"
    assert safe_url('https://a.org/"onmouseover=') is None
    assert link("<b>t</b>", "javascript:alert(1)") == "&lt;b&gt;t&lt;/b&gt;"
    assert link("t", "https://a.org") == '<a href="https://a.org" target="_blank" rel="noopener noreferrer">t</a>'


def test_highlighted_marks_the_span_and_escapes_the_rest():
    text = "a <b> quote </b> end"
    out = highlighted(text, (2, 16))
    assert '<mark id="quote">&lt;b&gt; quote &lt;/b&gt;</mark>' in out and "<b>" not in out


MARKDOWN_WRAPPERS = ["title", "markdown", "subheader", "caption", "warning", "info", "error"]


@pytest.mark.parametrize("name", MARKDOWN_WRAPPERS)
def test_markdown_wrappers_escape_plain_text_and_keep_safe_markdown(name):
    with mock.patch.object(ui.st, name) as element:
        getattr(ui, name)(HOSTILE)
        getattr(ui, name)(Md("**bold** {}").format("*x*"))
    assert [c.args[0] for c in element.call_args_list] == [md(HOSTILE), "**bold** \\*x\\*"]


def test_html_wrapper_escapes_plain_text_and_keeps_markup():
    with mock.patch.object(ui.st, "html") as element:
        ui.html("<img src=x onerror=alert(1)>")
        ui.html(Markup("<b>{}</b>").format("<i>"))
    assert [c.args[0] for c in element.call_args_list] == ["&lt;img src=x onerror=alert(1)&gt;", "<b>&lt;i&gt;</b>"]


@pytest.mark.parametrize("name", ["button", "toggle"])
def test_widget_labels_and_help_are_escaped(name):
    with mock.patch.object(ui.st, name) as widget:
        getattr(ui, name)("Open [x](https://evil.example)", help="Opens $x$ :red[r] www.evil.example", key="k")
    (label,), kwargs = widget.call_args
    assert label == md("Open [x](https://evil.example)") and kwargs["help"] == md("Opens $x$ :red[r] www.evil.example")
    assert kwargs["key"] == "k"


def test_widget_labels_of_the_other_widgets_are_escaped():
    with mock.patch.object(ui, "st") as st:
        ui.slider("$x$", key="s")
        ui.selectbox(":red[r]", ["a"], format_func=lambda o: f"**{o}**")
        ui.segmented_control("`c`", ["<b>"])
        ui.expander("[x](y)")
        ui.download_button("![i](z)", b"", file_name="f.csv", mime="text/csv", help="$y$")
    assert st.slider.call_args.args[0] == "\\$x\\$" and st.selectbox.call_args.args[0] == md(":red[r]")
    # Streamlit shows a select box's options as plain text, not Markdown: they stay as they are
    assert st.selectbox.call_args.kwargs["format_func"]("a") == "**a**"
    assert st.segmented_control.call_args.args[0] == "\\`c\\`"
    assert st.segmented_control.call_args.kwargs["format_func"]("<b>") == "\\<b\\>"
    assert st.expander.call_args.args[0] == md("[x](y)")
    assert st.download_button.call_args.args[0] == md("![i](z)")
    assert st.download_button.call_args.kwargs["help"] == "\\$y\\$"


def test_source_line_says_what_is_inferred_unknown_or_not_a_headline():
    seed = Source(id="s.txt", title="T", publisher=None, date=dt.date(2020, 11, 20), is_seed=True,
                  publisher_basis="unknown",
                  date_basis="inferred")
    line = source_line(seed)
    assert "Seed article" in line and "publisher unknown" in line and "20 November 2020 (inferred)" in line
    slug = Source(id="e", title="A title", publisher="Pub", date=None, is_seed=False, url="https://e.org",
                  title_basis="url_slug")
    assert "(title taken from the page address)" in source_line(slug) and "date unknown" in source_line(slug)


def test_source_line_escapes_every_field():
    hostile = Source(id="<s>.txt", title="<img src=x>", publisher="<b>pub</b>", date=None, is_seed=False,
                     url="javascript:x()")
    line = source_line(hostile)
    assert isinstance(line, Markup) and "<img" not in line and "<b>" not in line and "href" not in line
