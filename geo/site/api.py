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
from pathlib import Path
from typing import Any

from ..errors import ExportRefused
from ..frames import frame_dates
from ..intervals import interval_rows, intervals_geojson
from ..models import Package
from ..statejson import state_json, state_text
from ..timeline import Timeline
from ..version import data_version

API = "api"
STATE_FILES_OMITTED = ("Not written: this site was exported with --without-date-files (a package whose state files "
                       "would be over their size budget). `python -m geo state DATE --json` gives a date's state.")


def frame_states(package: Package, timeline: Timeline) -> dict[dt.date, dict[str, Any]]:
    """The state (`state_json`) of every frame date: what api/ and the citation files are written from."""
    return {date: state_json(package, timeline, date) for date in frame_dates(timeline)}


def check_date_files(package: Package, timeline: Timeline, out: Path) -> None:
    """Refuse, before anything is written, a package whose state files would be over API_SIZE_LIMIT: each file
    holds every district and settlement, one per frame date, so they grow with dates x settlements (at the scale
    benchmark's 3,000 settlements 6,552 files of 1.4 MB, 0.3 s each). Measured on the last date's file."""
    from . import API_SIZE_LIMIT  # the budget lives with the page's

    dates = frame_dates(timeline)
    one = len(state_text(state_json(package, timeline, dates[-1])).encode("utf-8"))
    if one * len(dates) > API_SIZE_LIMIT:
        raise ExportRefused(out, f"its api/state files would come to about {one * len(dates) / 1e9:,.1f} GB "
                            f"({len(dates):,} dates x {one / 1e6:,.2f} MB, each every district and settlement), "
                            f"over their {API_SIZE_LIMIT / 1e6:.0f} MB budget; export with --without-date-files "
                            "(no api/state files and no per-view source lists; `python -m geo state DATE --json` "
                            "gives a date's state)")


def api_files(package: Package, timeline: Timeline, states: dict[dt.date, dict[str, Any]] | None
              ) -> dict[str, bytes]:
    """path in OUT -> content of every api/ file, index.json last (it names the others). `states` None
    (--without-date-files): index.json lists the dates without files and says why."""
    files: dict[str, bytes] = {}
    dates: list[dict[str, str]] = []
    if states is None:
        dates = [{"date": date.isoformat()} for date in frame_dates(timeline)]
    for date, state in sorted((states or {}).items()):
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
        **({} if states is not None else {"state_files": STATE_FILES_OMITTED}),
        "intervals": {"path": "intervals.geojson", "sha256": hashlib.sha256(intervals).hexdigest()},
    }
    files[f"{API}/index.json"] = (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files
