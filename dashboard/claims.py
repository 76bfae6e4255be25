"""The Claims view: for a date or a period, what each side announced, denied or acknowledged and what the sources
confirm, each account on its own line with its date and sources (the words are geo/claims.py's)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo import claims as C
from geo import vocabulary
from geo.describe import format_date

from . import ui
from .bundle import Bundle
from .text import Md

PERIOD_KEY = "claims-period"


def claims_view(bundle: Bundle, date: dt.date) -> None:
    package = bundle.package
    choices = {C.ON_DATE: (date, date), **{label: (start, end) for label, start, end in C.periods(package)}}
    chosen = ui.selectbox(Md("Claims for"), list(choices), key=PERIOD_KEY,
                          format_func=lambda k: f"{k} ({format_date(date)})" if k == C.ON_DATE else k)
    start, end = choices.get(chosen or C.ON_DATE, (date, date))
    rows, words = C.claims_between(package, start, end), vocabulary.of(package)
    with st.container(key="kcm-claims"):
        ui.markdown(Md("{}").format(C.summary(rows, start, end, words)))
        ui.caption("Each account on its own line with its date and sources; after it, where the change stands at "
                   "the end of the period. A change announced by one side is drawn on the map as a claim (a hollow "
                   "dot, hatched inferred area) until the other side acknowledges it or an independent source "
                   "confirms it.")
        for title, group in C.grouped(rows, words):
            ui.markdown(Md("#### {} ({})").format(title, len(group)))
            # One block per group: a period of the war lists about a hundred accounts.
            ui.markdown(Md("\n").join(
                Md("- **{}**: {}  \n  *{}* · {}").format(
                    C.row_label(package, r), r.line.text, r.standing,
                    C.sources_brief(package, r.line.citations)) for r in group))

