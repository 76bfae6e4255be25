"""The static edition's data in chunks the page loads when a reader asks for them: above a size, the settlements'
panels (their names, sourced timelines and status sentences) and the Claims list's rows move out of the first
load into content-named scripts, `assets/kcm-chunk-<part>-<key>.<hash>.js`.

A chunk is a script, not JSON to fetch: a page opened from disk cannot fetch, but it can add a `<script src>` of
its own folder, and `default-src 'self'` allows it (no other host, no inline code). It calls
`window.kcmChunk(name, data)` (geo/site/static/kcm-frames.js). Below the sizes nothing moves: the real packages'
data is as it was, and their panels and lists open at once.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

CHUNK = "kcm-chunk-"  # a chunk's file name in assets/ begins so
# Bytes of JSON below which the settlements' panels (the real package's: 390 kB) and the Claims list's rows (127 kB)
# stay in the first load, and open at once.
PLACES_INLINE = 500_000
PLACES_PER_CHUNK = 500
LOADING = "Loading the settlement's timeline…"
CLAIMS_INLINE = 250_000


def _script(name: str, content: Any) -> bytes:
    data = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    # JSON.parse of a string, as the data script: a key "__proto__" stays a key.
    return f"window.kcmChunk({json.dumps(name)}, JSON.parse({json.dumps(data, ensure_ascii=False)}));\n".encode()


def _named(name: str, content: Any) -> tuple[str, bytes]:
    script = _script(name, content)
    return f"{CHUNK}{name}.{hashlib.sha256(script).hexdigest()[:12]}.js", script


def split(data: dict[str, Any]) -> dict[str, bytes]:
    """Move the parts of `data` (site_data's, changed in place) over their sizes (PLACES_INLINE, CLAIMS_INLINE,
    read when called) into chunks: file name in assets/ -> content. The page's data then names each chunk's file
    (`placeChunks`, `claims.chunks`)."""
    files: dict[str, bytes] = {}
    places = data["places"]
    if len(json.dumps(places, ensure_ascii=False)) > PLACES_INLINE:
        order = [p["id"] for p in data["map"]["geometry"]["places"]]  # the map's order: chunk = index // size
        names = []
        for first in range(0, len(order), PLACES_PER_CHUNK):
            part = {pid: places[pid] for pid in order[first:first + PLACES_PER_CHUNK] if pid in places}
            name, content = _named(f"places-{first // PLACES_PER_CHUNK}", part)
            files[name] = content
            names.append(name)
        data["places"] = None
        data["placeChunks"] = {"size": PLACES_PER_CHUNK, "files": names, "loading": LOADING}
    claims = data["claims"]
    if len(json.dumps(claims["rows"], ensure_ascii=False)) > CLAIMS_INLINE:
        years: dict[str, dict[str, Any]] = {}
        for row in claims["rows"]:
            chunk = years.setdefault(row[0][:4], {"rows": [], "standings": {}, "summaries": {}})
            chunk["rows"].append(row)
            chunk["standings"][str(row[4])] = claims["standings"][row[4]]
        for key in list(claims["summaries"]):
            start, end = key.split("/")
            if start == end and start[:4] in years:  # a day's sentence goes with its year's rows
                years[start[:4]]["summaries"][key] = claims["summaries"].pop(key)
        chunks = {}
        for year, part in sorted(years.items()):
            name, script = _named(f"claims-{year}", part)
            files[name] = script
            chunks[year] = name
        claims["rows"], claims["standings"], claims["chunks"] = None, None, chunks
    return files
