"""Moving through time: periods that set the slider's span, steps of a day, a week or a month, the
previous/next event, "Go to date", Play (by event or by time) and the compare date.

Every control writes `st.session_state.date` (or `range`, `compare`) in a callback, before the widgets
are drawn, so a rerun draws them already moved. The date logic lives in `geo.navigation`.
"""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st
from markupsafe import Markup

from geo.describe import format_date
from geo.navigation import Range, next_play_date, parse_user_date, ranges, step_date
from geo.timeline import Timeline

from . import ui
from .bundle import Bundle

PLAY_MODES = {"events": "Event by event", "day": "A day a tick", "week": "A week a tick", "month": "A month a tick"}
COMPARE_TEXT = "compare_text"
PLAY_SPEEDS = {"slow": 3.0, "normal": 1.5, "fast": 0.7}  # seconds a tick


def span(bundle: Bundle) -> Range:
    """The range the slider spans now (the chosen period, else everything)."""
    assert bundle.timeline is not None
    options = {r.id: r for r in ranges(bundle.package)}
    return options.get(st.session_state.get("range") or "all", options["all"])


def _set_range(bundle: Bundle) -> None:
    """A date inside the chosen period stays; one outside moves to the period's start. Set either way:
    the slider's new span makes it a new widget, which would otherwise start at its minimum."""
    chosen = span(bundle)
    date = st.session_state.date
    st.session_state.date = date if chosen.start <= date <= chosen.end else chosen.start


def _step(bundle: Bundle, unit: str, forward: bool) -> None:
    timeline = bundle.timeline
    assert timeline is not None
    current: dt.date = st.session_state.date
    if unit == "event":
        target = timeline.next_stop(current) if forward else timeline.previous_stop(current)
    else:
        target = step_date(current, unit, forward, timeline.start, timeline.end)
    if target is not None:
        st.session_state.date = target
        chosen = span(bundle)
        if not chosen.start <= target <= chosen.end:  # stepping out of the period widens the slider
            st.session_state.range = "all"


def example_dates(bundle: Bundle) -> tuple[str, str]:
    """A date of the package's own in both forms a reader may type (another war's date would puzzle its readers)."""
    day = bundle.timeline.start if bundle.timeline is not None else dt.date.today()
    return day.isoformat(), f"{day.day} {day:%b} {day.year}"


def allowed(bundle: Bundle) -> str:
    iso, words = example_dates(bundle)
    return f"YYYY-MM-DD ({iso}) or day month year ({words})"


def _go_to(bundle: Bundle) -> None:
    timeline = bundle.timeline
    assert timeline is not None
    text = st.session_state.get("go_to", "")
    asked = parse_user_date(text) if text.strip() else None
    if asked is None:
        st.session_state.go_to_error = (f"{text.strip()[:40]!r} is not a date; write {allowed(bundle)}. The date is "
                                        "unchanged." if text.strip() else None)
    elif not timeline.start <= asked <= timeline.end:
        st.session_state.go_to_error = (f"{asked.isoformat()} is outside the covered range {timeline.start} to "
                                        f"{timeline.end}. The date is unchanged.")
    else:
        st.session_state.go_to_error = None
        st.session_state.date = asked
        chosen = span(bundle)
        if not chosen.start <= asked <= chosen.end:
            st.session_state.range = "all"


def period_choice(bundle: Bundle) -> None:
    options = {r.id: r for r in ranges(bundle.package)}
    labels = {rid: f"{r.label} ({format_span(r)})" for rid, r in options.items()}
    if st.session_state.get("range") not in options:
        st.session_state.range = "all"
    ui.selectbox("Period", list(options), format_func=labels.__getitem__, key="range", on_change=_set_range,
                 args=(bundle,))  # no help icons on the controls before the map: each is a Tab stop (issue 18)


def format_span(r: Range) -> str:
    if r.start.year == r.end.year:
        return str(r.start.year)
    return f"{r.start.year}–{r.end.year}"


def step_buttons(bundle: Bundle) -> dt.date:
    """Previous/next event, steps of a month/week/day each way, and the slider between them."""
    chosen = span(bundle)
    cols = st.columns([1.1, 0.8, 0.8, 0.8, 5, 0.8, 0.8, 0.8, 1.1], vertical_alignment="bottom")
    buttons = [("◀ Event", "event", False, "Previous date on which something on the map changes"),
               ("−1M", "month", False, "A month back"), ("−1W", "week", False, "A week back"),
               ("−1D", "day", False, "A day back")]
    for col, (label, unit, forward, help_text) in zip(cols[:4], buttons, strict=True):
        with col:
            ui.button(label, key=f"step-{unit}-{forward}", on_click=_step, args=(bundle, unit, forward),
                      help=help_text, width="stretch")
    with cols[4]:
        date = ui.slider("Date", min_value=chosen.start, max_value=chosen.end, key="date", format="D MMM YYYY",
                         step=dt.timedelta(days=1))
        event_ticks(bundle, chosen)
    ahead = [("+1D", "day", True, "A day ahead"), ("+1W", "week", True, "A week ahead"),
             ("+1M", "month", True, "A month ahead"), ("Event ▶", "event", True,
                                                       "Next date on which something on the map changes")]
    for col, (label, unit, forward, help_text) in zip(cols[5:], ahead, strict=True):
        with col:
            ui.button(label, key=f"step-{unit}-{forward}", on_click=_step, args=(bundle, unit, forward),
                      help=help_text, width="stretch")
    return date


def event_ticks(bundle: Bundle, chosen: Range) -> None:
    """A tick under the slider's track for every event in the span (hover for its title)."""
    assert bundle.timeline is not None
    ui.html(_ticks(bundle.timeline, chosen.start, chosen.end))


@functools.lru_cache(maxsize=16)
def _ticks(timeline: Timeline, start: dt.date, end: dt.date) -> Markup:
    """Written once per package and span, not on every step (a tick per event: 2 ms a rerun for the whole range)."""
    days = max((end - start).days, 1)
    ticks = [Markup('<span class="kcm-tick" style="left:{:.2f}%" title="{}"></span>').format(
        100 * (e.date - start).days / days, f"{format_date(e.date, e.precision)}: {e.title}")
        for e in timeline.events_between(start, end)]
    return Markup('<div class="kcm-ticks" aria-hidden="true">{}</div><style>.kcm-ticks{{position:relative;'
                  "height:8px;margin:-14px 8px 0 8px}}.kcm-tick{{position:absolute;top:0;width:2px;height:8px;"
                  "background:#555;transform:translateX(-1px)}}</style>").format(Markup("").join(ticks))


def go_to_date(bundle: Bundle) -> None:
    ui.text_input("Go to date", key="go_to", on_change=_go_to, args=(bundle,),
                  placeholder=" or ".join(example_dates(bundle)))
    error = st.session_state.get("go_to_error")
    if error:
        ui.error(error)


def play_controls() -> None:
    mode, speed, toggle = st.columns([1.6, 1.3, 0.8], vertical_alignment="bottom")
    with mode:
        ui.selectbox("Play mode", list(PLAY_MODES), format_func=PLAY_MODES.__getitem__, key="play_mode")
    with speed:
        ui.selectbox("Speed", list(PLAY_SPEEDS), format_func=lambda s: f"{s} ({PLAY_SPEEDS[s]:g} s)",
                     key="play_speed", index=1)
    with toggle:
        ui.toggle("Play", key="playing")


def _compare_typed(bundle: Bundle) -> None:
    """A typed compare date takes effect on Enter (as Go to date does); a bad one is named and changes nothing."""
    timeline = bundle.timeline
    assert timeline is not None
    text = st.session_state.get(COMPARE_TEXT, "")
    asked = parse_user_date(text)
    if asked is None or not timeline.start <= asked <= timeline.end:
        st.session_state.compare_error = (f"{text.strip()[:40]!r} is not a date from {timeline.start} to "
                                          f"{timeline.end}; write {allowed(bundle)}. The compare date is unchanged.")
    else:
        st.session_state.compare_error = None
        st.session_state.compare = asked


def _swap(bundle: Bundle, date: dt.date) -> None:
    """Show the other date on the map: before becomes after (the compare list and the URL follow)."""
    st.session_state.compare, st.session_state.date = date, st.session_state.compare
    st.session_state.pop(COMPARE_TEXT, None)
    if not span(bundle).start <= st.session_state.date <= span(bundle).end:  # out of the period: widen the slider
        st.session_state.range = "all"


def compare_control(bundle: Bundle) -> dt.date | None:
    timeline = bundle.timeline
    assert timeline is not None
    on = ui.toggle("Compare with another date", key="comparing")  # what it does is said once it is on
    if not on:
        return None
    if st.session_state.get("compare") is None:
        st.session_state.compare = st.session_state.date
    compared: dt.date = st.session_state.compare
    typed = st.session_state.get(COMPARE_TEXT)
    if not st.session_state.get("compare_error") and (not typed or parse_user_date(typed) != compared):
        st.session_state[COMPARE_TEXT] = compared.isoformat()  # the box shows the date in force
    ui.text_input("Compare with", key=COMPARE_TEXT, on_change=_compare_typed, args=(bundle,),
                  help=f"Type a date ({allowed(bundle)}) and press Enter")
    if st.session_state.get("compare_error"):
        ui.error(st.session_state.compare_error)
    ui.button("Show the other date on the map", key="compare-swap", on_click=_swap,
              args=(bundle, st.session_state.date), help="Swap the two dates: read the map before, then after")
    return compared


def play_tick(bundle: Bundle, shown: dt.date, drawn_by: float) -> None:
    """While Play is on, the browser reruns this fragment every few seconds and each tick moves on by an
    event, a day, a week or a month, stopping at the end of the slider's span. A timer in the browser,
    not a sleep in the script: no server thread waits, and it stops with the tab or the toggle.
    `drawn_by` tells the full run's own call (which only starts the clock) from a tick."""
    if st.session_state.get("play_drawn_by") != drawn_by:
        st.session_state.play_drawn_by = drawn_by
        return
    assert bundle.timeline is not None
    following = next_play_date(bundle.timeline, shown, st.session_state.get("play_mode") or "events",
                               span(bundle).end)
    if following is None:
        st.session_state.pending_playing = False
    else:
        st.session_state.pending_date = following
    st.rerun()


# One fragment per speed: a fragment's timer is fixed when it is declared.
PLAY_CLOCKS = {speed: st.fragment(run_every=seconds)(play_tick) for speed, seconds in PLAY_SPEEDS.items()}
