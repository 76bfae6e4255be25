"""An open seed article is found and highlighted once, not on every rerun: with a 1.9 MB seed each date step
cost 0.5-1.9 s of server time for it (bench/article.py). Counted, not timed."""

import datetime as dt
from types import SimpleNamespace
from unittest import mock

from markupsafe import Markup
from streamlit.elements import html as st_html

from dashboard import panel
from geo import quotes
from tests.helpers import run_app


def article_bodies(at):
    return [h.proto.body for h in at.get("html") if 'class="kcm-article"' in h.proto.body]


def test_the_article_is_highlighted_once_while_reruns_do_not_change_it(fake_map):  # noqa: F811
    panel._ARTICLES.clear()  # other tests of this process may have opened the same article
    finding = mock.patch.object(panel, "quote_span", wraps=quotes.quote_span)
    marking = mock.patch.object(panel, "highlighted", wraps=panel.highlighted)
    dedent = mock.patch.object(st_html, "clean_text", wraps=st_html.clean_text)
    with finding as found, marking as marked, dedent as cleaned:
        at = run_app({"date": "2020-11-20", "district": "AZ-AGM"})
        button = next(b for b in at.button if b.label == "Read the quote in the article")
        button.click().run()
        (opened,) = article_bodies(at)
        assert '<mark id="quote">' in opened
        for day in (21, 22, 23):
            at.slider(key="date").set_value(dt.date(2020, 11, day)).run()
            assert not at.exception, [e.value for e in at.exception]
            assert article_bodies(at) == [opened]  # still open, the same HTML
        assert (found.call_count, marked.call_count) == (1, 1)
        assert cleaned.call_count == 0  # Streamlit does not dedent the article's HTML (nor any of ours)
        at.button(key=next(b.key for b in at.button if b.label.endswith("Close the article"))).click().run()
        assert article_bodies(at) == []


def test_another_quote_article_or_package_content_is_highlighted_anew():
    panel._ARTICLES.clear()
    package = SimpleNamespace(seed_texts={"a.txt": "One. Two <b>. Three.", "b.txt": "Four."})
    bundle = SimpleNamespace(version="v1", package=package)
    with mock.patch.object(panel, "quote_span", wraps=quotes.quote_span) as found:
        first = panel.highlighted_article(bundle, "a.txt", "Two <b>.")
        assert panel.highlighted_article(bundle, "a.txt", "Two <b>.") is first and found.call_count == 1
        assert first == (Markup('<div class="kcm-article" style="white-space: pre-wrap">One. <mark id="quote">'
                                'Two &lt;b&gt;.</mark> Three.</div>'), True)
        assert panel.highlighted_article(bundle, "a.txt", "Three.")[1] and found.call_count == 2
        assert panel.highlighted_article(bundle, "b.txt", "Nowhere")[1] is False and found.call_count == 3
        assert panel.highlighted_article(bundle, "a.txt", None)[1] is False and found.call_count == 3  # no quote
        package.seed_texts["a.txt"] = "Edited. Two <b>."
        bundle.version = "v2"  # an edited package: its article is highlighted again
        assert "Edited" in panel.highlighted_article(bundle, "a.txt", "Two <b>.")[0] and found.call_count == 4
    for n in range(panel.ARTICLES_KEPT + 3):
        panel.highlighted_article(bundle, "b.txt", f"quote {n}")
    assert len(panel._ARTICLES) == panel.ARTICLES_KEPT  # memory stays bounded
