"""The map's page. It reads as a table of contents; the work happens in `geo` and
the dashboard's helpers. Run: `streamlit run dashboard/app.py [-- --data DIR]`."""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # server time per rerun is measured from here (see dashboard/timing.py)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import streamlit as st  # noqa: E402
from markupsafe import Markup  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` adds only dashboard/

from dashboard import warmup  # noqa: E402

warmup.wait()  # before the imports the launcher's warm-up may be making (see dashboard/warmup.py)

from dashboard import components, inferred, scroll, ui  # noqa: E402
from dashboard.bundle import Bundle, build_bundle  # noqa: E402
from dashboard.bursts import coalesce_bursts  # noqa: E402
from dashboard.claims import claims_view  # noqa: E402
from dashboard.finder import district_examples, find_settlement_or_post, focus_point  # noqa: E402
from dashboard.map import basemap_url, held_codes, resend_codes, show_map  # noqa: E402
from dashboard.panel import ARTICLE_KEY, article_viewer, district_panel, place_panel, position_panel  # noqa: E402
from dashboard.privacy import no_external_ip_lookup  # noqa: E402
from dashboard.share import share_view  # noqa: E402
from dashboard.text import Md  # noqa: E402
from dashboard.timecontrols import (  # noqa: E402
    PLAY_CLOCKS,
    compare_control,
    go_to_date,
    period_choice,
    play_controls,
    step_buttons,
)
from dashboard.timing import timed_run  # noqa: E402
from dashboard.views import (  # noqa: E402
    area_chart,
    differences,
    held_table,
    sources_list,
)
from geo.basemap_recipe import basemap_folder  # noqa: E402
from geo.compare import compare  # noqa: E402
from geo.dayinfo import DayHeading, day_heading  # noqa: E402
from geo.errors import MAX_LISTED  # noqa: E402
from geo.lookup import resolve_district  # noqa: E402
from geo.settings import DEFAULT_DATA_DIR  # noqa: E402
from geo.urltable import View, parse_view, snap_zoom, view_query  # noqa: E402

no_external_ip_lookup()  # also when started as `streamlit run dashboard/app.py` (then after its banner)
components.register()  # done by the launcher's warm-up; again here in case that could not (cheap, harmless)

DEFAULT_DATE = dt.date(2020, 11, 10)
DEFAULT_VIEW = "Who held what"
# Streamlit's page starts 6rem down; the map should start high enough to be seen on a laptop screen.
# On a phone Streamlit stacks columns, one a row. There the subtitle and Play are left out; the period and Go to
# date share a row; the steps (event, month, week, day each way) wrap four a row under the slider instead of
# taking nine rows: a date is typed or stepped to, and the map still starts on the first screen.
# One literal (the escaping test reads it; :has() cannot nest, so each selector is spelled out).
COMPACT_PAGE = Markup(
    "<style>.block-container{padding-top:1.2rem!important}"
    # A Markdown heading's "link to heading" is one more Tab stop before the finders (issue 18: within 40).
    "[data-testid=stHeaderActionElements]>a{display:none!important}"
    "@media (max-width: 640px){"
    ".st-key-kcm-subtitle,[data-testid=stColumn]:has(>div>div>.st-key-kcm-play){display:none!important}"
    "[data-testid=stHorizontalBlock]:has(>[data-testid=stColumn]>div>div>.st-key-kcm-more-controls)"
    "{flex-wrap:nowrap!important;gap:.5rem!important}"
    "[data-testid=stColumn]:has(>div>div>.st-key-kcm-more-controls),[data-testid=stColumn]:has(>div>.st-key-range)"
    "{flex:1 1 48%!important;min-width:0!important;width:auto!important}"
    "[data-testid=stHorizontalBlock]:has(>[data-testid=stColumn]>div>[class*='st-key-step-']){gap:.25rem!important}"
    "[data-testid=stColumn]:has(>div>[class*='st-key-step-'])"
    "{flex:1 1 20%!important;min-width:0!important;width:auto!important}"
    "[data-testid=stColumn]:has(>div>.st-key-date){flex:1 1 100%!important;order:-1}"
    "[data-testid=stColumn]:has(>div>[class*='st-key-step-']) button{padding:0 .25rem;min-height:2rem}}"
    # Beside the map (a laptop) the panel scrolls in its own column, which stays on screen with the map:
    # reading a long timeline does not scroll the map out of view.
    "@media (min-width: 641px){[data-testid=stColumn]:has(>div>div>.st-key-kcm-side){position:sticky;top:.5rem;"
    "align-self:flex-start;max-height:calc(100vh - 1rem);overflow-y:auto}}</style>")


def data_dir_argument() -> str:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", default=str(DEFAULT_DATA_DIR))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return str(args.data)


def problems_page(bundle: Bundle, data_dir: str) -> None:
    """A readable list of everything wrong with the data package (the app keeps running)."""
    ui.error(Md("The data package in {} has {} problem(s); the map cannot be shown until they are fixed. "
                "`python -m geo validate --data DIR` prints the same list.").format(data_dir, len(bundle.problems)))
    ui.markdown(Md("\n").join(Md("- **{}**, record {}, field {}: {}").format(p.file, p.record, p.field, p.message)
                              for p in bundle.problems[:MAX_LISTED]))
    if len(bundle.problems) > MAX_LISTED:
        ui.markdown(Md("… and {} more problem(s) not listed; fix these first.").format(
            len(bundle.problems) - MAX_LISTED))


def init_state(bundle: Bundle) -> None:
    """Read the URL once per session; later runs keep the user's choices."""
    if "date" in st.session_state:
        return
    tl = bundle.timeline
    assert tl is not None
    default = DEFAULT_DATE if tl.start <= DEFAULT_DATE <= tl.end else tl.start
    package = bundle.package
    view = parse_view(st.query_params, tl.start, tl.end, default, list(bundle.search_labels),
                      resolve=lambda name: resolve_district(package, name), places=list(package.places),
                      positions=[p.id for p in package.positions], views=list(VIEWS))
    st.session_state.date = view.date
    st.session_state.district = view.district
    st.session_state.url_warnings = list(view.warnings)
    st.session_state.position = view.position
    st.session_state.place = view.place
    st.session_state.view = view.view or DEFAULT_VIEW
    st.session_state.shown_view = st.session_state.view
    st.session_state.comparing = view.compare is not None
    st.session_state.compare = view.compare
    # The map frame opens where the URL says; later pans and zooms are the reader's own (sent back by the map).
    opening = bundle.view  # the package's view (its profile's centre and zoom, its story's bounds)
    centre, zoom = view.centre or tuple(opening["centre"]), view.zoom or opening["zoom"]
    st.session_state.map_view = (centre, zoom)
    st.session_state.map_moved = view.centre is not None or view.zoom is not None
    # Without a view in the URL the frame opens framed on the story (its zoom depends on its width): the view it
    # first reports is then where it opened, not a move.
    st.session_state.map_story = not st.session_state.map_moved
    st.session_state.map_seen = None if st.session_state.map_story else (
        (round(centre[0], 4), round(centre[1], 4)), zoom)


def apply_pending() -> None:
    """Changes asked for after the widgets were drawn (play, map clicks) take effect here, before them."""
    for key in ("date", "district", "playing"):
        pending = st.session_state.pop(f"pending_{key}", None)
        if pending is not None:
            st.session_state[key] = pending


def date_controls(bundle: Bundle) -> dt.date:
    period, more = st.columns([1.3, 3.2], vertical_alignment="bottom")
    with period:
        period_choice(bundle)
    with more, st.container(key="kcm-more-controls"):
        go, play = st.columns([1, 2.2], vertical_alignment="bottom")
        with go:
            go_to_date(bundle)
        with play, st.container(key="kcm-play"):
            play_controls()
    return step_buttons(bundle)


def date_story(bundle: Bundle, date: dt.date) -> DayHeading:
    """The date in words and the day's first event: two lines at most, so the finders below stay on a laptop's
    first screen (geo.dayinfo; the details follow the finders). One block however many lines it has, so the
    elements after it keep their place (a shifted map frame would reload)."""
    assert bundle.timeline is not None
    heading = day_heading(bundle.package, bundle.timeline, date)
    with st.container(key="kcm-date-heading"):  # one element, not two: each element is redrawn on every step
        ui.markdown(Md("#### ") + heading.title + (Md("\n\n**{}**").format(heading.line) if heading.line else Md("")))
    return heading


def day_details(heading: DayHeading) -> None:
    """What the day's events say and what was going on, below the finders."""
    with st.container(key="kcm-day-details"):  # a line each, in one element (each element is redrawn on a step)
        if heading.details:
            ui.caption(Md("  \n").join(heading.details))


def handle_click(bundle: Bundle, result: dict) -> None:
    """A new click, Enter or Space on the map's district, settlement or post opens it. The map reports the
    feature's kind and id; an id the package does not know is ignored, never trusted. The script then runs
    again, so the map marks the new choice too (it was drawn before the click was read)."""
    chosen = result.get("last_active_drawing")
    properties = chosen.get("properties") if isinstance(chosen, dict) else None
    if not isinstance(properties, dict) or properties.get("kcm_click") == st.session_state.get("last_click"):
        return
    st.session_state.last_click = properties.get("kcm_click")
    kind, item = properties.get("kcm_kind"), properties.get("kcm_id")
    if not isinstance(item, str):
        return
    if kind == "missing":  # the map lacks rows of inferred areas, or the codes a step's changes apply to
        if "inferred" in item.split():
            inferred.resend()
        if "places" in item.split():
            resend_codes()
        st.rerun()
    if kind == "position" and any(p.id == item for p in bundle.package.positions):
        st.session_state.position, st.session_state.place = item, None
    elif kind == "place" and item in bundle.package.places:
        st.session_state.place, st.session_state.position = item, None
    elif kind == "area" and inferred.area(bundle, item) is not None:
        st.session_state.area, st.session_state.position, st.session_state.place = item, None, None
    elif kind == "district" and item in bundle.search_labels:
        st.session_state.district, st.session_state.position = item, None
    else:
        return
    scroll.ask(scroll.PANELS[kind])
    st.rerun()


def map_has_drawn(result: dict) -> bool:
    """Whether the map frame has reported its view this session (it does once it has drawn, which reruns
    the script). Until then the view below the map waits: the table's code (its grid and Arrow, 1.2 MB
    of JavaScript) would otherwise load and parse in the browser while the map is still being drawn."""
    if "center" in result:
        st.session_state.map_drawn = True
    return bool(st.session_state.get("map_drawn"))


def remember_map_view(result: dict) -> None:
    """The reader's zoom and centre, for the URL (numbers only; anything else is ignored)."""
    zoom, centre = result.get("zoom"), result.get("center")
    if not isinstance(zoom, (int, float)) or not isinstance(centre, dict):
        return
    lat, lng = centre.get("lat"), centre.get("lng")
    if isinstance(lat, (int, float)) and isinstance(lng, (int, float)):
        seen = ((round(float(lat), 4), round(float(lng), 4)), snap_zoom(float(zoom)))
        if st.session_state.get("map_seen") is None:
            st.session_state.map_seen = seen  # where the frame opened
            return
        (old_lat, old_lon), old_zoom = st.session_state.map_seen
        # Leaflet reports the opening centre a few pixels off; only a real pan or zoom counts as moved.
        if seen[1] != old_zoom or abs(seen[0][0] - old_lat) > 0.01 or abs(seen[0][1] - old_lon) > 0.01:
            st.session_state.map_moved = True
            st.session_state.map_seen = seen


def selected_feature() -> dict | None:
    """What the map marks as chosen: the most specific panel open (a post, a settlement, a district)."""
    for kind in ("position", "place", "area", "district"):
        if st.session_state.get(kind):
            return {"kind": kind, "id": st.session_state[kind]}
    return None


def side_panel(bundle: Bundle, date: dt.date, heading: DayHeading) -> None:
    article = st.session_state.get(ARTICLE_KEY)
    if article:
        with st.container(key="kcm-article-viewer"):
            ui.button("✕ Close the article", on_click=lambda: st.session_state.pop(ARTICLE_KEY, None))
            article_viewer(bundle, *article)
        st.divider()
    position_id = st.session_state.get("position")
    position = next((p for p in bundle.package.positions if p.id == position_id), None)
    if position is not None:
        with st.container(key="kcm-panel-position"):
            position_panel(bundle, position)
            ui.button("✕ Close the position", on_click=lambda: st.session_state.update(position=None))
        st.divider()
    inferred.area_panel(bundle, date)
    labels = bundle.search_labels
    # Widget labels as Md literals: a plain str is escaped, and screen readers would read "\(" from its name.
    ui.selectbox(Md("Find a district (any of its names)"), list(labels), key="district",
                 format_func=lambda i: labels.get(i, i), placeholder=district_examples(bundle))
    find_settlement_or_post(bundle)
    day_details(heading)
    place_id = st.session_state.get("place")
    if place_id in bundle.package.places:
        with st.container(key="kcm-panel-place"):
            place_panel(bundle, bundle.package.places[place_id], date)
            ui.button("✕ Close the place", on_click=lambda: st.session_state.update(place=None))
        st.divider()
    if st.session_state.district:
        with st.container(key="kcm-panel-district"):
            district_panel(bundle, st.session_state.district, date)
    elif selected_feature() is None:  # the hint only while no panel is open
        ui.caption("Click a district on the map, or choose one above, to read its sourced timeline.")
    scroll.scroll_if_asked()


def sync_url(date: dt.date, compared: dt.date | None) -> None:
    """The URL holds the whole view: date, selection, the view below the map, the compare date, and the
    map's zoom and centre once the reader has moved it."""
    state = st.session_state
    centre, zoom = state.get("map_seen") or (None, None)
    view = View(date, state.get("district") or None, place=state.get("place") or None,
                position=state.get("position") or None, zoom=zoom, centre=centre,
                view=state.get("shown_view") or None, compare=compared)
    wanted = view_query(view, DEFAULT_VIEW, map_moved=bool(state.get("map_moved") and state.get("map_seen")))
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def main() -> None:
    data_dir = data_dir_argument()
    bundle = build_bundle(data_dir)  # cached by the package's content: an edit shows on the next rerun
    # The package's title (its profile's); a package whose profile was refused is named by its folder.
    profile = bundle.package.profile
    title = profile.title if profile is not None else f"Data package {data_dir}"
    st.set_page_config(page_title=title, page_icon="🗺️", layout="wide", initial_sidebar_state="collapsed")
    ui.html(COMPACT_PAGE)
    ui.markdown(Md("#### {}").format(title))
    if bundle.problems:
        problems_page(bundle, data_dir)
        return
    assert bundle.timeline is not None
    init_state(bundle)
    apply_pending()
    with st.container(key="kcm-subtitle"):
        ui.caption(bundle.package.title + " · every claim is sourced; click a district for its timeline.")
    for warning in st.session_state.url_warnings:
        ui.warning(warning)
    date = date_controls(bundle)
    map_column, panel_column = st.columns([3, 2])
    with map_column:
        compared = st.session_state.compare if st.session_state.get("comparing") else None
        # From the earlier date to the later, whichever is shown: so "gained" reads forward in time.
        diffs = compare(bundle.timeline, *sorted((compared, date))) if compared is not None else []
        assert bundle.encoder is not None
        online = bool(st.session_state.get("online_tiles"))
        # Each changed district or settlement with the side that gained it ("" where the data cannot tell).
        view = {"changed": {d.id: d.gained or "" for d in diffs if d.kind in ("district", "place")},
                "focus": focus_point(bundle),
                "selected": selected_feature(), "inferred": inferred.shown(bundle, date)}
        # The inferred areas' rows this session's map holds are not sent again (built per date at scale).
        # So are the settlements' codes a step does not change (at scale).
        frame = bundle.encoder.frame(date, sent=inferred.sent(bundle, online), inferred=bool(view["inferred"]),
                                     held=held_codes(bundle.data_file, online))
        payload = {"frame": frame, "view": view}
        areas_drawn = bool(view["inferred"])
        centre, zoom = st.session_state.map_view
        result = show_map(bundle.data_file, payload, online, bundle.view, centre=centre, zoom=zoom,
                          story=bool(st.session_state.get("map_story")),
                          basemap=basemap_url(basemap_folder(bundle.package)))
        remember_map_view(result)
        handle_click(bundle, result)
        toggles, tiles = st.columns(2)
        with toggles:
            compared = compare_control(bundle)
        with tiles:
            # Said in a caption, not a help icon: each icon is a Tab stop between the map and the finders.
            ui.toggle(Md("OpenStreetMap tiles (online)"), value=False, key="online_tiles")
            inferred.switch(bundle, date)
            ui.caption(Md("Tiles are off by default: the map then makes no outside request. ") + inferred.note(bundle))
        if compared is not None:
            differences(bundle, compared, date, diffs)
        # The legend is on the map (geo/mapcore/kcm-legend.js), the static edition's too.
    with panel_column, st.container(key="kcm-side"):
        side_panel(bundle, date, date_story(bundle, date))
    view = ui.segmented_control("Below the map", list(VIEWS), key="view")
    if view is not None:  # clicking the chosen view again deselects it: keep showing it
        st.session_state.shown_view = view
    if map_has_drawn(result):
        VIEWS[st.session_state.shown_view](bundle, date)  # only the chosen view is built and sent
    else:
        ui.caption(Md("The view below the map follows once the map has drawn."))
    sync_url(date, compared)
    inferred.build_ahead(bundle, date, areas_drawn)  # the next step's areas, once this run's messages are out
    if st.session_state.get("playing"):
        PLAY_CLOCKS[st.session_state.get("play_speed") or "normal"](bundle, date, STARTED)


def about(bundle: Bundle, date: dt.date) -> None:
    provenance = bundle.package.provenance
    ui.markdown(Md("Boundaries: {} — {}, {}. Scale {}.  \nPlaces: GeoNames (geonames.org), CC BY 4.0. Positions "
                   "are drawn at settlements with the radius their sources allow; the corridor line is schematic.")
                .format(provenance.get("source", "Natural Earth"), provenance.get("credit", ""),
                        provenance.get("licence", ""), provenance.get("scale", "")))
    for fix in provenance.get("fixes", []):
        ui.markdown(Md("- ") + fix)


VIEWS = {"Who held what": held_table, "Area over time": area_chart, "Claims": claims_view,
         "Sources": lambda b, _d: sources_list(b), "Share and cite": share_view, "About the data": about}

with timed_run(STARTED), coalesce_bursts():
    main()
