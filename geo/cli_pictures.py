"""`python -m geo map DATE --out FILE` and `python -m geo animate START END --out FILE`: pictures to publish
(geo/picture/). The format comes from FILE's extension; FILE must be new (an existing file is never replaced)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from .errors import GeoError
from .settings import base_url

MAP_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
ANIMATION_FORMATS = {".gif": "gif", ".mp4": "mp4"}


def add_parsers(sub: Any, data_arg: Any) -> None:
    p = sub.add_parser("map", help="the map of a date as a picture to publish (.png, .svg or .pdf)")
    p.add_argument("date", help="YYYY-MM-DD")
    _common(p, ".png, .svg or .pdf", 1600)
    data_arg(p)

    p = sub.add_parser("animate", help="the map from START to END as an animation (.gif or .mp4)")
    p.add_argument("start", help="first date, YYYY-MM-DD")
    p.add_argument("end", help="last date, YYYY-MM-DD")
    p.add_argument("--step", choices=("day", "week", "event"), default="day",
                   help="one frame per day, per week, or per date on which the map changes (default: day)")
    _common(p, ".gif or .mp4", 1080)
    data_arg(p)


def _common(p: argparse.ArgumentParser, formats: str, width: int) -> None:
    p.add_argument("--out", dest="picture_out", type=Path, metavar="FILE", required=True,
                   help=f"the file to write, {formats} by its extension; a new file (an existing one is never "
                   "replaced)")
    p.add_argument("--district", help="outline the district and zoom to it, e.g. XX-ABC")
    p.add_argument("--width", type=int, default=width, help=f"width in pixels (default: {width})")
    p.add_argument("--base-url", default=None,
                   help="the map's public address, put before the permalink's ?date=... (default: $KCM_PUBLIC_URL)")


def _target(out: Path, formats: dict[str, str]) -> str:
    """The format FILE's extension names; refuses an unknown extension and an existing file before any work."""
    fmt = formats.get(out.suffix.lower())
    if fmt is None:
        raise GeoError(f"{out}: the extension says the format; expected one of {', '.join(formats)}")
    if out.exists() or out.is_symlink():
        raise GeoError(f"{out} exists; --out writes a new file only (nothing is overwritten)")
    return fmt


def map_command(args: argparse.Namespace, date_of: Any, load: Any) -> int:
    fmt = _target(args.picture_out, MAP_FORMATS)
    date: dt.date = date_of(args.date)
    from .picture.render import map_bytes  # matplotlib only for the pictures
    from .picture.source import map_source

    data = map_bytes(map_source(load(args.data)), date, fmt, args.district, args.width, base_url(args.base_url))
    write_new(args.picture_out, data)
    print(f"wrote {args.picture_out} ({len(data):,} bytes)")
    return 0


def animate_command(args: argparse.Namespace, date_of: Any, load: Any) -> int:
    fmt = _target(args.picture_out, ANIMATION_FORMATS)
    start, end = date_of(args.start), date_of(args.end)
    from .picture.animate import animation_bytes, frame_dates
    from .picture.source import map_source

    source = map_source(load(args.data))
    dates = frame_dates(source, start, end, args.step)
    data = animation_bytes(source, dates, fmt, args.district, args.width, base_url(args.base_url))
    write_new(args.picture_out, data)
    print(f"wrote {args.picture_out}: {len(dates)} frames ({len(data):,} bytes)")
    return 0


def write_new(out: Path, data: bytes) -> None:
    """Write `data` as the new file `out`, whole or not at all: written beside it under a temporary name, then
    linked to its name, which fails if a file appeared there meanwhile (nothing of anyone's is replaced)."""
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # as a plain open() would create it (mkstemp makes it private)
        try:
            os.link(temp, out)
        except FileExistsError:
            raise GeoError(f"{out} exists; --out writes a new file only (nothing is overwritten)") from None
    finally:
        os.unlink(temp)
