"""The escaping helpers every data string passes through, and how a source is described."""

import datetime as dt

from dashboard.panel import source_line
from dashboard.text import h, highlighted, link, md, safe_url
from geo.models import Source


def test_md_escapes_every_markdown_and_streamlit_construct():
    hostile = "[x](javascript:alert(1)) **b** <img src=x> $x$ :red[r] `c` # h"
    escaped = md(hostile)
    for mark in "[]()*<>$:`#":
        assert f"\\{mark}" in escaped
    assert "\n" not in md("a\nb")


def test_html_escaping_and_links():
    assert h('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert safe_url("javascript:alert(1)") is None and safe_url("https://a.org/x") == "https://a.org/x"
    assert safe_url('https://a.org/"onmouseover=') is None
    assert link("<b>t</b>", "javascript:alert(1)") == "&lt;b&gt;t&lt;/b&gt;"
    assert link("t", "https://a.org") == '<a href="https://a.org" target="_blank" rel="noopener noreferrer">t</a>'


def test_highlighted_marks_the_span_and_escapes_the_rest():
    text = "a <b> quote </b> end"
    out = highlighted(text, (2, 16))
    assert '<mark id="quote">&lt;b&gt; quote &lt;/b&gt;</mark>' in out and "<b>" not in out


def test_source_line_says_what_is_inferred_unknown_or_not_a_headline():
    seed = Source("s.txt", "T", None, dt.date(2020, 11, 20), is_seed=True, publisher_basis="unknown",
                  date_basis="inferred")
    line = source_line(seed)
    assert "Seed article" in line and "publisher unknown" in line and "20 November 2020 (inferred)" in line
    slug = Source("e", "A title", "Pub", None, is_seed=False, url="https://e.org", title_basis="url_slug")
    assert "(title taken from the page address)" in source_line(slug) and "date unknown" in source_line(slug)
