"""Shaded relief from an elevation grid: hillshade, a warp to Web Mercator rows, and a plain PNG encoder.

Pure numpy and zlib, so a rebuild gives the same bytes on any machine with the same inputs.
"""

from __future__ import annotations

import math
import struct
import zlib

import numpy as np

EARTH_RADIUS_M = 6_371_008.8  # mean radius: the cell sizes only set the slope's scale


def hillshade(elevation: np.ndarray, row_lats: np.ndarray, cell_deg: float, azimuth: float = 315.0,
              altitude: float = 45.0, exaggeration: float = 1.0) -> np.ndarray:
    """Brightness 0..1 of each cell lit from `azimuth` (degrees clockwise from north) and `altitude`.

    `elevation` is in metres, rows from north to south, columns west to east, on a regular lon/lat grid of
    `cell_deg`; `row_lats` is each row's latitude (a cell is narrower in metres towards the pole).
    A flat cell gets sin(altitude); a slope facing the light is brighter, one facing away darker.
    """
    z = elevation.astype(np.float64) * exaggeration
    cell_m = math.radians(cell_deg) * EARTH_RADIUS_M
    dz_drow, dz_dcol = np.gradient(z)
    dz_east = dz_dcol / (cell_m * np.cos(np.radians(row_lats)))[:, None]
    dz_north = -dz_drow / cell_m  # rows run southwards
    az, alt = math.radians(azimuth), math.radians(altitude)
    light = (math.sin(az) * math.cos(alt), math.cos(az) * math.cos(alt), math.sin(alt))
    # The surface normal is (-dz/dx, -dz/dy, 1), normalised; brightness is its cosine with the light.
    shade = (-dz_east * light[0] - dz_north * light[1] + light[2]) / np.sqrt(dz_east**2 + dz_north**2 + 1.0)
    return np.clip(shade, 0.0, 1.0)


def mercator_y(lat: np.ndarray | float) -> np.ndarray:
    """Web Mercator's northing of a latitude, in radians of the sphere (EPSG:3857 divided by its radius)."""
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def mercator_height(width: int, west: float, east: float, south: float, north: float) -> int:
    """Rows an image of `width` columns needs so its pixels are square once drawn in Web Mercator."""
    span_x = math.radians(east - west)
    span_y = float(mercator_y(north) - mercator_y(south))
    return round(width * span_y / span_x)


def warp_rows_to_mercator(image: np.ndarray, north: float, south: float, out_rows: int) -> np.ndarray:
    """Resample the rows of a lon/lat grid (rows evenly spaced in latitude from `north` to `south`, cell
    centres) so they are evenly spaced in Web Mercator, as Leaflet stretches an image overlay. Columns stay
    as they are: longitude is linear in both. Linear interpolation between the two nearest source rows."""
    rows = image.shape[0]
    edges = np.linspace(mercator_y(north), mercator_y(south), out_rows + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    lats = np.degrees(2 * np.arctan(np.exp(centres)) - np.pi / 2)
    # Source row i has its centre at latitude north - (i + 0.5) * cell.
    position = np.clip((north - lats) / (north - south) * rows - 0.5, 0, rows - 1)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, rows - 1)
    weight = (position - below)[:, None]
    return image[below] * (1 - weight) + image[above] * weight


def encode_png(grey: np.ndarray) -> bytes:
    """An 8-bit greyscale PNG of a 2-D uint8 array. Each row is filtered with "Up" (the difference from the
    row above), which suits smooth relief; compression level 9. No timestamps: the bytes depend only on
    the pixels (and zlib's deterministic output)."""
    if grey.dtype != np.uint8 or grey.ndim != 2:
        raise ValueError("encode_png wants a 2-D uint8 array")
    height, width = grey.shape
    previous = np.vstack([np.zeros((1, width), np.uint8), grey[:-1]])
    filtered = (grey.astype(np.int16) - previous).astype(np.uint8)  # wraps modulo 256, as PNG specifies
    raw = np.hstack([np.full((height, 1), 2, np.uint8), filtered]).tobytes()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8 bits, greyscale, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)
