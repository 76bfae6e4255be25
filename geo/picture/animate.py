"""An animation of the map from one date to another for social media: one frame per step (a day, a week, or each
date on which something on the map changes), each with its date and the legend, as GIF (Pillow) or MP4 (ffmpeg
through matplotlib's FFMpegWriter). The figure and its unchanging layers are drawn once; each frame redraws only
the layers marked dynamic (layers.py)."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from matplotlib.animation import FFMpegWriter
from PIL import Image, ImageColor

from .. import vocabulary
from ..errors import GeoError
from ..vocabulary import Vocabulary
from .layers import BACKGROUND, BASEMAP_STYLES
from .render import Picture, picture
from .source import MapSource

STEPS = ("day", "week", "event")
FRAME_MS = 500  # how long a frame shows: a 44-day war in about 22 seconds
MAX_FRAMES = 600  # 5 minutes at 2 frames a second; a GIF's frames are held in memory (about 0.8 MB each)


def frame_dates(source: MapSource, start: dt.date, end: dt.date, step: str) -> list[dt.date]:
    """The dates of the frames: every day or every seventh from `start`, or `start` and each stop (a date on which
    something on the map changes) after it; `end` is always the last frame."""
    timeline = source.timeline
    timeline.check(start)
    timeline.check(end)
    if end < start:
        raise GeoError(f"END {end.isoformat()} is before START {start.isoformat()}")
    if step not in STEPS:
        raise GeoError(f"--step {step!r}: expected one of {', '.join(STEPS)}")
    if step == "event":
        dates = [start, *(d for d in timeline.stops() if start < d <= end)]
    else:
        stride = 1 if step == "day" else 7
        dates = [start + dt.timedelta(days=n) for n in range(0, (end - start).days + 1, stride)]
    if dates[-1] != end:
        dates.append(end)
    if len(dates) > MAX_FRAMES:
        raise GeoError(f"{len(dates)} frames from {start.isoformat()} to {end.isoformat()} by {step}; at most "
                       f"{MAX_FRAMES}: choose a shorter range or --step week or event")
    return dates


def animation_bytes(source: MapSource, dates: list[dt.date], fmt: str, district: str | None = None,
                    width_px: int = 1080, base_url: str = "") -> bytes:
    """The frames of `dates` as a GIF or MP4 file's bytes."""
    pic = picture(source, dates[0], district, width_px, base_url)
    try:
        if fmt == "gif":
            return _gif(pic, dates)
        return _mp4(pic, dates)
    finally:
        pic.close()


def _frames(pic: Picture, dates: list[dt.date]) -> Iterator[dt.date]:
    for date in dates:
        if date != pic.view.date:
            pic.show(date)
        yield date


def _gif(pic: Picture, dates: list[dt.date]) -> bytes:
    palette = _palette([_pixels(pic) for _ in _frames(pic, _spread(dates))], vocabulary.of(pic.source.package))
    # One palette for every frame, without dithering: what does not change between two frames keeps its pixels,
    # so Pillow stores only the part that differs from the frame before (the war fits in 8 MB). Each frame is
    # reduced to the palette as soon as it is drawn: one byte a pixel is kept, not four.
    images = [_pixels(pic).quantize(palette=palette, dither=Image.Dither.NONE) for _ in _frames(pic, dates)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=FRAME_MS, loop=0)
    return out.getvalue()


def _pixels(pic: Picture) -> Image.Image:
    return Image.fromarray(np.asarray(pic.pixels())).convert("RGB")


def _spread(dates: list[dt.date], n: int = 5) -> list[dt.date]:
    """Up to `n` dates spread over `dates`, the first and the last among them."""
    if len(dates) <= n:
        return list(dates)
    return [dates[round(i * (len(dates) - 1) / (n - 1))] for i in range(n)]


def _palette(frames: list[Image.Image], words: Vocabulary) -> Image.Image:
    """The map's own colours exactly (the package's, geo/vocabulary.py; the basemap's lines, text), then the colours
    of `frames` (a few spread over the animation): a post's or a dot's colour stays true even where it covers a few
    pixels."""
    exact = {*words.colours.values(), *(op.colour for op in words.operators.values()),
             *(style["color"] for style in BASEMAP_STYLES.values()), "#ffffff", "#000000", "#111111", "#222222",
             "#333333", "#444444", "#555555", "#5d5247", BACKGROUND}
    fixed = [channel for colour in sorted(exact) for channel in ImageColor.getrgb(colour)[:3]]
    sample = frames
    width, height = sample[0].size
    montage = Image.new("RGB", (width, height * len(sample)))
    for i, frame in enumerate(sample):
        montage.paste(frame, (0, i * height))
    free = 256 - len(exact)
    adaptive = montage.quantize(colors=free, method=Image.Quantize.MEDIANCUT).getpalette() or []
    palette = Image.new("P", (1, 1))
    palette.putpalette(fixed + adaptive[: 3 * free])
    return palette


def _mp4(pic: Picture, dates: list[dt.date]) -> bytes:
    if not FFMpegWriter.isAvailable():
        raise GeoError("writing .mp4 needs ffmpeg on the PATH (Debian: apt-get install ffmpeg); .gif needs nothing")
    writer = FFMpegWriter(fps=1000 // FRAME_MS, codec="libx264",
                          extra_args=["-pix_fmt", "yuv420p", "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"])
    with tempfile.TemporaryDirectory(prefix="kcm-animate-") as folder:
        path = Path(folder) / "animation.mp4"
        with writer.saving(pic.fig, str(path), dpi=pic.dpi):
            for _ in _frames(pic, dates):
                writer.grab_frame()
        return path.read_bytes()


