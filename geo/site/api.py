"""The static edition as an API: `api/` files a reuser fetches by URL, written with the site (same manifest, same
switch) by `site_files`.

- `api/state/YYYY-MM-DD.json`, one per date on which something changes (and the first covered day): exactly
  what `python -m geo state DATE --json` prints for that date (the same bytes), so the two cannot differ;
- `api/index.json`: those dates with their files and sha256 digests, the covered range and the data version
  (any other date shows the state of the last listed date on or before it: the map's forward fill);
- `api/intervals.geojson`: every interval, as `python -m geo export-intervals --format geojson` writes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from ..frames import frame_dates
from ..intervals import interval_rows, intervals_geojson
from ..models import Package
from ..statejson import state_json, state_text
from ..timeline import Timeline
from ..version import data_version

API = "api"


def frame_states(package: Package, timeline: Timeline) -> dict[dt.date, dict[str, Any]]:
    """The state (`state_json`) of every frame date: what api/ and the citation files are written from."""
    return {date: state_json(package, timeline, date) for date in frame_dates(timeline)}


def api_files(package: Package, timeline: Timeline, states: dict[dt.date, dict[str, Any]]) -> dict[str, bytes]:
    """path in OUT -> content of every api/ file, index.json last (it names the others)."""
    files: dict[str, bytes] = {}
    dates = []
    for date, state in sorted(states.items()):
        rel = f"state/{date.isoformat()}.json"
        content = state_text(state).encode("utf-8")
        files[f"{API}/{rel}"] = content
        dates.append({"date": date.isoformat(), "state": rel, "sha256": hashlib.sha256(content).hexdigest()})
    intervals = json.dumps(intervals_geojson(interval_rows(package, timeline), timeline.end), ensure_ascii=False,
                           separators=(",", ":")).encode("utf-8")
    files[f"{API}/intervals.geojson"] = intervals
    index = {
        "title": package.title,
        "data_version": data_version(package),
        "start": timeline.start.isoformat(),
        "end": timeline.end.isoformat(),
        "forward_fill": "The state on any covered date is the state file of the last listed date on or before it.",
        "dates": dates,
        "intervals": {"path": "intervals.geojson", "sha256": hashlib.sha256(intervals).hexdigest()},
    }
    files[f"{API}/index.json"] = (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files
