"""`python -m geo claims DATE [--to DATE] [--json]`: what each side announced, denied or acknowledged about the
settlements on a date or over a period, and what the sources confirm (geo/claims.py), as the Claims view lists it."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from . import claims as C
from . import vocabulary
from .errors import GeoError
from .models import Package


def add_parser(sub: Any, data_arg: Any) -> None:
    p = sub.add_parser("claims", help="each side's claims about the settlements and districts on a date or a period, "
                                      "and what the sources confirm")
    p.add_argument("date", help="YYYY-MM-DD (the first day, with --to)")
    p.add_argument("--to", help="the last day of the period, YYYY-MM-DD (default: DATE itself)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    data_arg(p)


def claims_command(args: argparse.Namespace, date_of: Callable[[str], dt.date],
                   load: Callable[[str], Package]) -> int:
    start = date_of(args.date)
    end = date_of(args.to) if args.to else start
    if end < start:
        raise GeoError(f"--to {end} is before DATE {start}; a period ends on or after its first day")
    package = load(args.data)
    for day in (start, end):
        if not package.coverage_start <= day <= package.coverage_end:
            raise GeoError(f"{day} is outside the covered range {package.coverage_start} to {package.coverage_end}")
    rows, words = C.claims_between(package, start, end), vocabulary.of(package)
    if args.json:
        print(json.dumps({"start": start.isoformat(), "end": end.isoformat(),
                          "summary": C.summary(rows, start, end, words), "accounts": [_row(r) for r in rows]},
                         ensure_ascii=False, indent=2))
        return 0
    print(C.summary(rows, start, end, words))
    for title, group in C.grouped(rows, words):
        print(f"\n{title} ({len(group)})")
        for r in group:
            print(f"- {C.row_label(package, r)}: {r.line.text}\n    {r.standing}\n    "
                  f"{C.sources_brief(package, r.line.citations)} [{', '.join(c.source for c in r.line.citations)}]")
    return 0


def _row(r: C.ClaimRow) -> dict[str, Any]:
    return {"date": r.line.date.isoformat(), "precision": r.line.precision, "place": r.line.place,
            "place_name": r.place_name, "district": r.district, "layer": r.layer, "record": r.line.change,
            "side": r.line.side,
            "stance": r.line.stance, "text": r.line.text, "standing": r.standing, "claim_only": r.claim_only,
            "sources": [c.source for c in r.line.citations]}
