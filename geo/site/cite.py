"""The static edition's citation: after its one-line form, the sources behind what the view shows, grouped, as the
app lists them (geo.citing's groups in geo.exports' words: written once, in Python).

A view's groups change on a stop date (records come into force) and on a source's publication date (a record's
sources count from the day they were published). So each view (the whole map, each district) has a file per
distinct list, `cite/<digest>.json` (named by its content: dates with the same list share it), and
`cite/index.<digest>.json` says which file holds each view from which date, with every source's line once. The
page's data names only the index; a reader who opens the list fetches the index and one view's file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from typing import Any

from ..exports import PUBLISHED_LATER, cited_source_line, cited_source_row, view_sources
from ..models import Package
from ..timeline import Timeline

CITE = "cite"
CITE_OMITTED = ("The sources behind each view are not in this edition: it was exported without its per-date files "
                "(export-site --without-date-files, for a package of this size). `python -m geo cite DATE` lists "
                "them.")
CITE_UNAVAILABLE = ("The list could not be fetched: a page opened from a file cannot fetch it. Publish the site on a "
                    "web host (or serve its folder), or read the view's file in the site's cite/ folder.")


def cite_dates(package: Package, timeline: Timeline, frame_dates: list[dt.date]) -> list[dt.date]:
    """The dates on which a view's list of sources can change: the frame dates and every source's publication
    date inside the covered range."""
    published = {s.date for s in package.sources.values() if s.date and timeline.start <= s.date <= timeline.end}
    return sorted(set(frame_dates) | published)


def _named(stem: str, content: Any) -> tuple[str, bytes]:
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return f"{CITE}/{stem}{hashlib.sha256(data).hexdigest()[:16]}.json", data


def cite_files(package: Package, timeline: Timeline, states: dict[dt.date, dict[str, Any]]
               ) -> tuple[dict[str, bytes], str]:
    """The files (path in OUT -> content) and the index's path. `states` holds the state (`state_json`) of every
    frame date; between two of them no record comes into force."""
    frames = sorted(states)
    views = [None] + sorted(did for did, d in package.districts.items() if d.role == "story")
    files: dict[str, bytes] = {}
    changes: dict[str, list[list[str]]] = {view or "": [] for view in views}
    for date in cite_dates(package, timeline, frames):
        state = dict(states[frames[bisect.bisect_right(frames, date) - 1]], date=date.isoformat())
        for view in views:
            path, data = _named("", view_sources(package, state, view))
            files[path] = data
            shown = changes[view or ""]
            if not shown or shown[-1][1] != path:
                shown.append([date.isoformat(), path])
    lines = {s.id: cited_source_line(cited_source_row(s)) for s in package.sources.values()}
    index_path, index = _named("index.", {"views": changes, "sources": lines, "later": PUBLISHED_LATER})
    files[index_path] = index
    return files, index_path
