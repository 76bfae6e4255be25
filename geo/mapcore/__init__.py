"""The map core: one script (and its styles) that builds and restyles every layer of the map, loaded by both the
app's map frame and the static edition's page. What it draws is encoded by geo/frames.py."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
CORE_SCRIPT = HERE / "kcm-core.js"
CORE_STYLES = HERE / "kcm-core.css"
