"""SVG path data (geo/status.py POSITION_SHAPES) as matplotlib Paths, so a picture draws the web map's symbols from
the same table instead of a second, hand-drawn set. Only what the table uses is read: M L H V A Z, in absolute or
relative form; anything else is an error naming the command."""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
from matplotlib.path import Path

_TOKEN = re.compile(r"[MLHVAZmlhvaz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "A": 7, "Z": 0}
ARC_STEPS = 24  # segments per half turn: smooth at a symbol's size


def svg_path(data: str, box: float = 20.0) -> Path:
    """The path `data` drawn in a `box` x `box` square, centred on (0, 0) with y up (SVG's y points down). The
    box's corners are kept as moves, so every shape is scaled alike when matplotlib fits a marker to its size."""
    tokens = _TOKEN.findall(data)
    if "".join(tokens).replace("+", "") != re.sub(r"[\s,+]", "", data):
        raise ValueError(f"path data {data!r}: only the commands M L H V A Z (and lower case) are read")
    vertices: list[tuple[float, float]] = []
    codes: list[Any] = []  # Path's codes are numpy uint8
    x = y = start_x = start_y = 0.0
    i, command = 0, ""
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
        if not command:
            raise ValueError(f"path data {data!r} does not start with a command")
        upper, relative = command.upper(), command.islower()
        n = _ARGS[upper]
        args = [float(t) for t in tokens[i:i + n]]
        if len(args) != n or any(t.isalpha() for t in tokens[i:i + n]):
            raise ValueError(f"path data {data!r}: {command} takes {n} numbers")
        i += n
        if upper == "Z":
            codes.append(Path.CLOSEPOLY)
            vertices.append((start_x, start_y))
            x, y = start_x, start_y
            continue
        if upper == "H":
            args = [args[0], 0.0 if relative else y]
        elif upper == "V":
            args = [0.0 if relative else x, args[0]]
        end_x, end_y = args[-2], args[-1]
        if relative:
            end_x, end_y = x + end_x, y + end_y
        if upper == "M":
            codes.append(Path.MOVETO)
            vertices.append((end_x, end_y))
            start_x, start_y = end_x, end_y
            command = "l" if relative else "L"  # further pairs after a move are lines
        elif upper == "A":
            for point in _arc(x, y, args[0], args[1], args[2], bool(args[3]), bool(args[4]), end_x, end_y):
                codes.append(Path.LINETO)
                vertices.append(point)
        else:
            codes.append(Path.LINETO)
            vertices.append((end_x, end_y))
        x, y = end_x, end_y
    half = box / 2
    # The box's corners as moves: drawn as nothing, they make matplotlib scale every symbol by the same box.
    vertices += [(0.0, 0.0), (box, box)]
    codes += [Path.MOVETO, Path.MOVETO]
    points = np.array(vertices) - half
    points[:, 1] *= -1
    return Path(points, codes)


def _arc(x1: float, y1: float, rx: float, ry: float, rotation: float, large: bool, sweep: bool,
         x2: float, y2: float) -> list[tuple[float, float]]:
    """Points along an SVG elliptical arc (endpoint form, SVG 1.1 appendix F.6), ending at (x2, y2)."""
    if rx == 0 or ry == 0 or (x1, y1) == (x2, y2):
        return [(x2, y2)]
    phi = math.radians(rotation)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    xp, yp = cos * dx + sin * dy, -sin * dx + cos * dy
    rx, ry = abs(rx), abs(ry)
    grow = xp * xp / (rx * rx) + yp * yp / (ry * ry)
    if grow > 1:
        rx, ry = rx * math.sqrt(grow), ry * math.sqrt(grow)
    num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp
    factor = math.sqrt(max(0.0, num / (rx * rx * yp * yp + ry * ry * xp * xp)))
    if large == sweep:
        factor = -factor
    cxp, cyp = factor * rx * yp / ry, -factor * ry * xp / rx
    cx = cos * cxp - sin * cyp + (x1 + x2) / 2
    cy = sin * cxp + cos * cyp + (y1 + y2) / 2
    theta1 = math.atan2((yp - cyp) / ry, (xp - cxp) / rx)
    theta2 = math.atan2((-yp - cyp) / ry, (-xp - cxp) / rx)
    delta = theta2 - theta1
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    steps = max(2, math.ceil(abs(delta) / math.pi * ARC_STEPS))
    points = []
    for k in range(1, steps + 1):
        t = theta1 + delta * k / steps
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        points.append((cos * ex - sin * ey + cx, sin * ex + cos * ey + cy))
    points[-1] = (x2, y2)
    return points
