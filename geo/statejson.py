"""`python -m geo state DATE --json`: the machine-readable state on a date, which the exports, the citations and
the static edition's parity test are built from, so they say what the map says."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from . import vocabulary
from .inferred import inferred_control
from .layers.corridor import route_at
from .layers.districts import state_at, status_text
from .layers.periods import ongoing as ongoing_at
from .layers.places import places_at
from .layers.positions import positions_at
from .layers.post_counts import count_at
from .models import Citation, Package
from .timeline import Timeline


def state_json(package: Package, timeline: Timeline, date: dt.date) -> dict[str, Any]:
    """The machine-readable state on `date` (the shape of `python -m geo state DATE --json`)."""
    districts, words = {}, vocabulary.of(package)
    for did, state in state_at(timeline, date).items():
        d = package.districts.get(did)
        cited = [c.source for cid in state.change_ids for c in timeline.change(cid).citations]
        districts[did] = {
            "name": d.names.en if d else did,
            "label": d.names.display if d else did,
            "controller": state.controller,
            "share": state.share,
            "pending_handover": state.pending_handover.isoformat() if state.pending_handover else None,
            "peacekeeping_zone": state.peacekeeping_zone,
            "status": status_text(d, state, words) if d else None,
            "changes": list(state.change_ids),
            "sources": list(dict.fromkeys(cited)),
            "figures": [{"value": fig.value, "sources": _source_ids(fig.citations)}  # while split, the
                        for cid in state.change_ids for fig in timeline.change(cid).figures  # competing shares
                        if state.controller == "split"],
        }
    positions = [{
        "id": p.id, "kind": p.kind, "name": p.name, "operator": p.operator, "lat": p.lat, "lon": p.lon,
        "precision": p.precision, "precision_m": p.radius_m, "geonames_id": p.place,
        "sources": list(dict.fromkeys(c.source for c in p.citations)),
    } for p in positions_at(timeline, date)]
    route = route_at(timeline, date)
    corridor = None if route is None else {
        "route_id": route.id, "name": route.name, "width_km": route.width_km,
        "waypoints": list(route.waypoints), "line": [list(xy) for xy in route.coordinates],
        "accuracy_m": route.accuracy_m, "sources": _source_ids(route.citations),
    }
    places = []
    for pid, pstate in places_at(timeline, date).items():
        place = package.places[pid]
        places.append({
            "id": pid, "name": place.names.en, "kind": place.kind, "district": place.district,
            "lat": place.lat, "lon": place.lon, "precision_m": place.precision_m,
            "controller": pstate.controller, "since": pstate.since.isoformat() if pstate.since else None,
            "basis": pstate.change.basis if pstate.change else None,
            # still one side's claim on this date: announced, and neither acknowledged nor confirmed (geo/claims.py)
            "claim_only": bool(pstate.change and pstate.change.announced_only(date)),
            "sources": _source_ids(pstate.change.citations if pstate.change else
                                   timeline.place_changes(pid)[0].citations),
        })
    count = count_at(timeline, date)
    post_counts = None if count is None else {
        "date": count.date.isoformat(), "total": count.total, "parts": dict(count.parts),
        "located": len(positions), "sources": _source_ids(count.citations),
    }
    ongoing = [{"id": x.id, "title": x.title, "start": x.start.isoformat(),
                "end": x.end.isoformat() if x.end else None, "day": x.day(date)} for x in ongoing_at(timeline, date)]
    return {"date": date.isoformat(), "districts": districts, "places": places, "positions": positions,
            "post_counts": post_counts, "ongoing": ongoing, "corridor": corridor,
            # Areas inferred from the settlements of split districts, not a surveyed front line (geo/inferred.py).
            "inferred_control": inferred_control(package, timeline).feature_collection(date)}


def state_json_text(package: Package, timeline: Timeline, date: dt.date) -> str:
    """Exactly what `python -m geo state DATE --json` prints (the static edition's api/state/DATE.json too)."""
    return state_text(state_json(package, timeline, date))


def state_text(state: dict[str, Any]) -> str:
    """A state as `geo state --json` prints it."""
    # indent 1: api/ holds one a stop date, so every byte of indentation counts
    return json.dumps(state, ensure_ascii=False, indent=1) + "\n"


def _source_ids(citations: tuple[Citation, ...]) -> list[str]:
    return list(dict.fromkeys(c.source for c in citations))
