"""Share and cite the view: a citation, an embed snippet, and downloads of the date's map and the sources.

What they say comes from geo.exports (the same as `python -m geo cite | export | sources`); this module
only lays it out. Code boxes show text literally, so nothing from data becomes markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import streamlit as st

from geo import exports, vocabulary
from geo.csvfile import csv_bytes
from geo.errors import GeoError
from geo.settings import public_base_url

from . import ui
from .bundle import Bundle
from .text import Md


def _page_url() -> str:
    """The app's address in the reader's browser ('' when unknown, as in tests, or not http(s): the permalink
    is then relative). geo.exports.permalink drops its query and encodes it."""
    url = st.context.url or ""
    return url if url.lower().startswith(("http://", "https://")) else ""


def base_url() -> str:
    """The public address ($KCM_PUBLIC_URL, geo.settings) where set, else the browser's: behind a proxy the
    browser's may be an inner one (localhost:8501). A wrong setting is shown, never silently dropped."""
    try:
        return public_base_url() or _page_url()
    except GeoError as exc:
        ui.error(f"{exc}. The permalinks below use this page's address instead.")
        return _page_url()


def share_view(bundle: Bundle, date: dt.date) -> None:
    assert bundle.timeline is not None
    package, timeline = bundle.package, bundle.timeline
    district = st.session_state.get("district")
    base = base_url()
    cite = exports.citation(package, timeline, date, district, dt.datetime.now(dt.UTC).date(), base)
    ui.subheader(Md("Cite this view"))
    ui.code(cite["one_line"])
    with ui.expander(Md("The full citation, with the {} sources behind this view by what they support").format(
            len(cite["sources"]))):
        ui.code(exports.citation_text(cite))
    ui.subheader(Md("Embed"))
    ui.code(cite["embed"], language="html")  # built with attribute escaping by geo.exports.embed_html
    ui.caption(Md("The static edition (`python -m geo export-site OUT`) is the lighter page to embed: any static "
                  "host serves it, with the same ?date=&district= addresses."))
    ui.subheader(Md("Download"))
    rows = exports.export_rows(package, timeline, date)
    day = date.isoformat()
    name = vocabulary.profile_of(package).short_name  # a file-name word (geo/schemas_profile.py ShortName)
    left, right = st.columns(2)
    with left:
        ui.download_button("The map on this date (GeoJSON)", _utf8(json.dumps(exports.export_geojson(rows),
                           ensure_ascii=False)), file_name=f"{name}-{day}.geojson", mime="application/geo+json",
                           key="dl-geojson")
        ui.download_button("The map on this date (CSV)", csv_bytes(exports.EXPORT_COLUMNS, rows),
                           file_name=f"{name}-{day}.csv", mime="text/csv", key="dl-csv")
        # Made only when clicked (Streamlit runs the callable then): a picture takes a second or two to draw.
        ui.download_button("The map of this view (PNG, to publish)",
                           lambda: map_picture(bundle, date, district, base, "png"),
                           file_name=f"{_picture_stem(name, day, district)}.png", mime="image/png",
                           key="dl-picture-png",
                           help="The same picture as `python -m geo map DATE --out FILE.png`: this date and district, "
                                "with the legend, a scale bar and a credits line with the permalink")
        ui.download_button("The map of this view (SVG, its words as text)",
                           lambda: map_picture(bundle, date, district, base, "svg"),
                           file_name=f"{_picture_stem(name, day, district)}.svg",
                           mime="image/svg+xml", key="dl-picture-svg")
    with right:
        ui.download_button("Every source (CSV)", csv_bytes(exports.SOURCE_COLUMNS, exports.source_rows(package)),
                           file_name=f"{name}-sources.csv", mime="text/csv",
                           key="dl-sources-csv")
        ui.download_button("Every source (CSL-JSON, for reference managers)",
                           _utf8(json.dumps(exports.csl_json(package), ensure_ascii=False, indent=1)),
                           file_name=f"{name}-sources.json", mime="application/vnd.citationstyles.csl+json",
                           key="dl-sources-csl")


def map_picture(bundle: Bundle, date: dt.date, district: str | None, base_url: str, fmt: str) -> bytes:
    """The view as a picture to publish (geo.picture, as `python -m geo map` draws it)."""
    from geo.picture.render import map_bytes  # matplotlib: only when a picture is asked for
    from geo.picture.source import map_source

    assert bundle.timeline is not None
    chosen = bundle.package.districts.get(district) if district else None
    known = district if chosen is not None and chosen.role != "context" else None  # a picture zooms to a story one
    return map_bytes(map_source(bundle.package, bundle.timeline), date, fmt, known, base_url=base_url)


def _picture_stem(name: str, day: str, district: str | None) -> str:
    """NAME-DATE[-DISTRICT], NAME the profile's short name: a district id is data, so only its letters, digits and
    dashes go in a file name."""
    safe = re.sub(r"[^A-Za-z0-9-]", "", district or "")[:40]
    return f"{name}-{day}-{safe}" if safe else f"{name}-{day}"


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
