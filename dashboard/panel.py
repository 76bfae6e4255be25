"""The side panel: a district's names, status and sourced timeline; a position; a seed article."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

import streamlit as st
from markupsafe import Markup

from geo import panel_words as W
from geo import vocabulary
from geo.claims import STANDING_ON, Change, accounts, standing_on
from geo.describe import format_date
from geo.layers.districts import district_state, status_text
from geo.layers.districts_record import ControlChange
from geo.layers.places import place_status_text
from geo.layers.places_record import Place, PlaceChange
from geo.layers.positions import Position, position_kind_label, precision_label
from geo.models import Citation, Source
from geo.quotes import quote_span
from geo.reliability import claim_of, reliability_text

from . import scroll, ui
from .bundle import Bundle
from .text import Md, highlighted, link

ARTICLE_KEY = "article"  # session_state: (seed id, quote) of the article open in the viewer
ARTICLE_HEIGHT = 420  # px: the article scrolls inside the panel, which keeps its place on the page
ARTICLES_KEPT = 8  # highlighted articles kept for reruns (shared by sessions): a few MB at most
_ARTICLES: OrderedDict[tuple[str, str, str | None], tuple[Markup, bool]] = OrderedDict()
_ARTICLES_LOCK = threading.Lock()  # sessions run in threads of their own


def open_article(seed: str, quote: str | None) -> None:
    st.session_state[ARTICLE_KEY] = (seed, quote)
    scroll.ask(scroll.QUOTE, block="center", within=scroll.ARTICLE)  # opens at the quote, title in view


def source_line(source: Source) -> Markup:
    """Publisher, title and date of a source as HTML, saying what is inferred or unknown (geo.panel_words words it,
    as the static edition's)."""
    lead, title_note, tail = W.source_parts(source)
    return Markup("{}<cite>{}{}</cite>{}").format(lead, link(source.title, source.url), title_note, tail)


def citations(bundle: Bundle, cites: tuple[Citation, ...], key: str) -> None:
    """Each citation: its source, and the verbatim quote (seeds) or what it supports (external)."""
    for i, cite in enumerate(cites):
        source = bundle.package.sources[cite.source]
        parts = [Markup('<div class="kcm-source">{}</div>').format(source_line(source))]
        fit = reliability_text(source)
        if fit:
            parts.append(Markup('<div class="kcm-reliability">{}</div>').format(fit))
        date_note = W.date_note_line(source)  # a seed's notes show in the article viewer
        if date_note:
            parts.append(Markup('<div class="kcm-note">{}</div>').format(date_note))
        if cite.quote:
            parts.append(Markup('<blockquote class="kcm-quote">“{}”</blockquote>').format(cite.quote))
        if cite.note:
            parts.append(Markup('<div class="kcm-note">{}</div>').format(cite.note))
        ui.html(Markup("").join(parts))  # one element per citation: fewer deltas per rerun
        if source.is_seed:
            ui.button("Read the quote in the article", key=f"{key}-{i}", on_click=open_article,
                      args=(source.id, cite.quote), help=f"Opens {source.id} inside the app")


def claim_line(bundle: Bundle, cites: tuple[Citation, ...]) -> None:
    """Whose claim an entry is, when it rests only on one party's or state outlets' word."""
    claim = claim_of([bundle.package.sources[c.source] for c in cites if c.source in bundle.package.sources])
    if claim:
        ui.caption(claim)


def _entry(bundle: Bundle, change: ControlChange, date: dt.date) -> None:
    marker = "▶ " if change.date <= date else ""
    ui.markdown(Md("**{}** — {}").format(marker + format_date(change.date, change.precision), change.summary))
    claim_line(bundle, change.citations)
    for j, figure in enumerate(change.figures):
        ui.markdown(Md("{}").format(W.figure_line(figure.value, vocabulary.of(bundle.package))))
        citations(bundle, figure.citations, f"fig-{change.id}-{j}")
    if change.accounts:
        _accounts(bundle, change, date, f"district-{change.id}")
        return
    with ui.expander(W.sources_label(len(change.citations)), expanded=change.date == date):
        citations(bundle, change.citations, f"src-{change.id}")


def district_panel(bundle: Bundle, district_id: str, date: dt.date) -> None:
    assert bundle.timeline is not None
    district = bundle.package.districts[district_id]
    names = district.names
    ui.subheader(names.display)
    ui.markdown(names_line(names, vocabulary.profile_of(bundle.package).named_languages()))
    also = W.aliases_line(names.aliases)
    if also:
        ui.caption(also)
    state = district_state(bundle.timeline, district_id, date)
    words = vocabulary.of(bundle.package)
    ui.markdown(Md("**{}** {}").format(W.on_date(date).strip(), status_text(district, state, words)))
    if state is not None and state.pending_handover is not None:
        ui.info(W.deadline_line(state.pending_handover, date))
    ui.caption(W.area_line(district))
    changes, shares = W.district_timeline(bundle.package, bundle.timeline, district)
    if shares:  # a city without changes of its own lists its parent's
        ui.caption(shares)
    actual = [c for c in changes if c.kind == "actual"]
    scheduled = [c for c in changes if c.kind == "scheduled"]
    ui.markdown(Md("#### {}").format(W.WHAT_HAPPENED))
    for change in actual:
        _entry(bundle, change, date)
    if scheduled:
        ui.markdown(Md("#### {}").format(W.SCHEDULE))
        for change in scheduled:
            _entry(bundle, change, date)


def position_panel(bundle: Bundle, position: Position) -> None:
    ui.subheader(position.name)
    lines = W.position_lines(position, position_kind_label(position.kind),
                             precision_label(position.precision, position.radius_m))
    ui.markdown(Md("  \n").join(lines))
    ui.caption(position.precision_note)
    citations(bundle, position.citations, f"pos-{position.id}")


def article_viewer(bundle: Bundle, seed: str, quote: str | None) -> None:
    source = bundle.package.sources.get(seed)
    text = bundle.package.seed_texts.get(seed)
    if source is None or text is None:
        ui.warning("That article is not in this data package.")
        return
    ui.subheader(source.title)
    ui.html(Markup('<div class="kcm-source">{} · file seeds/{}</div>').format(source_line(source), seed))
    notes = [n for n in (source.publisher_note, source.date_note) if n]
    for note in notes:
        ui.caption(note)
    body, found = highlighted_article(bundle, seed, quote)
    if quote and not found:
        ui.warning("The quote was not found in this article.")
    with st.container(height=ARTICLE_HEIGHT, key="kcm-article"):  # a frame of its own, scrolled to the quote
        ui.html(body)


def highlighted_article(bundle: Bundle, seed: str, quote: str | None) -> tuple[Markup, bool]:
    """The seed article as HTML with the quote marked, and whether the quote was found: made once per package
    content, seed and quote, not on every rerun (finding a quote in a 1.9 MB article took 0.5-0.8 s)."""
    key = (bundle.version, seed, quote)
    with _ARTICLES_LOCK:
        if key in _ARTICLES:
            _ARTICLES.move_to_end(key)
            return _ARTICLES[key]
    text = bundle.package.seed_texts[seed]
    span = quote_span(text, quote) if quote else None
    made = (highlighted(text, span), span is not None)
    with _ARTICLES_LOCK:
        _ARTICLES[key] = made
        while len(_ARTICLES) > ARTICLES_KEPT:
            _ARTICLES.popitem(last=False)
    return made


def names_line(names: object, languages: list[tuple[str, str]]) -> Md:
    """The names in each of the profile's languages, as escaped Markdown ('—' where none is known): the static
    edition's line (geo.panel_words), plain, as trusted markup is only ever made from a literal."""
    return Md("{}").format(W.names_line(names, languages))


def place_panel(bundle: Bundle, place: Place, date: dt.date) -> None:
    """A settlement: names, where its point comes from, its status on the date and its sourced timeline."""
    assert bundle.timeline is not None
    ui.subheader(place.names.en)
    ui.markdown(names_line(place.names, vocabulary.profile_of(bundle.package).named_languages()))
    also = W.aliases_line(place.names.aliases)
    if also:
        ui.caption(also)
    ui.caption(W.place_caption(bundle.package, place))
    ui.markdown(Md("**{}** {}").format(W.on_date(date).strip(), place_status_text(bundle.timeline, place.id, date)))
    for change in bundle.timeline.place_changes(place.id):
        _place_entry(bundle, change, date)


def _place_entry(bundle: Bundle, change: PlaceChange, date: dt.date) -> None:
    marker = "▶ " if change.date <= date else ""
    ui.markdown(Md("**{}** — {}").format(marker + format_date(change.date, change.precision), change.summary))
    claim_line(bundle, change.citations)
    if not change.accounts:
        with ui.expander(W.sources_label(len(change.citations)), expanded=change.date == date):
            citations(bundle, change.citations, f"place-{change.id}")
        return
    _accounts(bundle, change, date, change.id)


def _accounts(bundle: Bundle, change: Change, date: dt.date, key: str) -> None:
    """Each side's account of a settlement's or a district's change on its own line, with its own date and
    sources (geo/claims.py words them); above them, where the change stands on the date."""
    words = vocabulary.of(bundle.package)
    ui.markdown(Md("{}").format(STANDING_ON.format(date=format_date(date), standing=standing_on(change, date, words))))
    for i, line in enumerate(accounts(change, words)):
        with st.container(key=f"kcm-account-{key}-{i}"):
            ui.markdown(Md("{}").format(line.text))
            claim_line(bundle, line.citations)
            with ui.expander(W.sources_label(len(line.citations)), expanded=False):
                citations(bundle, line.citations, f"account-{key}-{i}")
