"""Share and cite the view: a citation, an embed snippet, and downloads of the date's map and the sources.

What they say comes from geo.exports (the same as `python -m geo cite | export | sources`); this module
only lays it out. Code boxes show text literally, so nothing from data becomes markup.
"""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from geo import exports
from geo.csvfile import csv_bytes

from . import ui
from .bundle import Bundle


def _page_url() -> str:
    """The app's address in the reader's browser ('' when unknown, as in tests, or not http(s): the permalink
    is then relative). geo.exports.permalink drops its query and encodes it."""
    url = st.context.url or ""
    return url if url.lower().startswith(("http://", "https://")) else ""


def share_view(bundle: Bundle, date: dt.date) -> None:
    assert bundle.timeline is not None
    package, timeline = bundle.package, bundle.timeline
    district = st.session_state.get("district")
    base = _page_url()
    cite = exports.citation(package, timeline, date, district, dt.datetime.now(dt.UTC).date(), base)
    ui.markdown("#### Cite this view")
    ui.code(exports.citation_text(cite))
    ui.markdown("#### Embed")
    ui.code(cite["embed"], language="html")  # built with attribute escaping by geo.exports.embed_html
    ui.caption("The static edition (`python -m geo export-site OUT`) is the lighter page to embed: any static "
               "host serves it, with the same ?date=&district= addresses.")
    ui.markdown("#### Download")
    rows = exports.export_rows(package, timeline, date)
    day = date.isoformat()
    left, right = st.columns(2)
    with left:
        ui.download_button("The map on this date (GeoJSON)", _utf8(json.dumps(exports.export_geojson(rows),
                           ensure_ascii=False)), file_name=f"karabakh-{day}.geojson", mime="application/geo+json",
                           key="dl-geojson")
        ui.download_button("The map on this date (CSV)", csv_bytes(exports.EXPORT_COLUMNS, rows),
                           file_name=f"karabakh-{day}.csv", mime="text/csv", key="dl-csv")
    with right:
        ui.download_button("Every source (CSV)", csv_bytes(exports.SOURCE_COLUMNS, exports.source_rows(package)),
                           file_name="karabakh-sources.csv", mime="text/csv",
                           key="dl-sources-csv")
        ui.download_button("Every source (CSL-JSON, for reference managers)",
                           _utf8(json.dumps(exports.csl_json(package), ensure_ascii=False, indent=1)),
                           file_name="karabakh-sources.json", mime="application/vnd.citationstyles.csl+json",
                           key="dl-sources-csl")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")
