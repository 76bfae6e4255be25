"""The map core's plugins, as its scripts register them (geo/mapcore/*.js)."""

from __future__ import annotations

import re
from pathlib import Path

from geo.mapcore import CORE_SCRIPTS

MAPCORE = Path(CORE_SCRIPTS[0]).parent


def plugins() -> dict[str, int]:
    """Every plugin the map core's scripts register, by name, with its drawing order."""
    found: dict[str, int] = {}
    for script in sorted(MAPCORE.glob("*.js")):
        text = script.read_text(encoding="utf-8")
        for order, var in re.findall(r"\bregister\((\d+), (\w+)\)", text):
            named = re.search(r"var " + var + r' = \{\s*name: "([^"]+)"', text)
            assert named, f"{script.name}: the plugin {var} has no name (the name of its layer in geo/layers/)"
            assert named.group(1) not in found, f"two plugins are called {named.group(1)!r}"
            found[named.group(1)] = int(order)
    return found
