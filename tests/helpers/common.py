"""Small helpers: a point of the map, renaming values, colours, a file server."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# A point well inside Aghdam district (10 km from its edge), 11 km from any settlement dot: a click or a hover
# there meets the district, not a dot (Aghdam town, 2 km from the point the tests used before, has a dot now).
IN_AGHDAM = (40.07, 47.003)

def rename(value: Any, old: str, new: str) -> Any:
    """`value` with every string equal to `old` replaced by `new`, at any depth."""
    if isinstance(value, dict):
        return {k: rename(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [rename(v, old, new) for v in value]
    return new if value == old else value


def hex_colour(css_colour: str) -> str:
    """'rgb(230, 159, 0)' or '#e69f00' -> '#E69F00'."""
    if css_colour.startswith("#"):
        return css_colour.upper()
    r, g, b = (int(n) for n in re.findall(r"\d+", css_colour)[:3])
    return f"#{r:02X}{g:02X}{b:02X}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@contextmanager
def file_server(folder: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """`folder` served over HTTP on a free port of `host`: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
