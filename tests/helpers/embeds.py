"""Permalinks and embed snippets as a browser reads them, and the hostile values they are tried with."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from tests.conftest import edit_yaml

HOSTILE_TITLE = 'Map" onload="alert(1)" x="<script>alert(2)</script>&amp;'
HOSTILE_BASE = "https://map.example.org/a b\"'<x>/?old=1#frag"
ATTRIBUTES = ["src", "width", "height", "loading", "title"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.tags.append(("end", tag, None))

    def handle_data(self, data):
        self.text.append(data)


def iframe_attributes(snippet):
    """The attributes of the snippet's one iframe, as a browser reads them; fails if it is anything more."""
    parser = _Tags()
    parser.feed(snippet)
    parser.close()
    assert [(kind, tag) for kind, tag, _ in parser.tags] == [("start", "iframe"), ("end", "iframe")], snippet
    assert "".join(parser.text) == "", snippet
    attrs = parser.tags[0][2]
    assert [name for name, _ in attrs] == ATTRIBUTES, snippet  # no attribute added by data
    return dict(attrs)


def view_of(url):
    """What the permalink asks for: its query's parameters, each once."""
    parts = urlsplit(url)
    assert parts.fragment == "" and not any(c in url for c in ' "\'<>'), url
    return {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True, strict_parsing=True).items()
            if len(v) == 1}, parts


def hostile_ids(mini):
    """The mini package with a hostile title (the snippet's title attribute). A district id like the issue's
    example no longer validates (ids follow a pattern: tests/geo/test_ids.py), so the ids stay as they are and
    hostile ids are tested on the permalink itself, above."""
    edit_yaml(mini / "package.yaml", lambda d: d.update(title=HOSTILE_TITLE))
    return mini
