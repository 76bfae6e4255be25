"""The app's custom components (the map, its generated files, the scroller), registered with the server when
it starts rather than when a script run first imports them.

Streamlit serves a component's files (/component/NAME/...) only once it is registered, and
`declare_component` registers only inside a script run: a server that has run no script yet answers 404.
Behind a load balancer that is a replica no session has reached, asked for the map's frame by a reader
whose session lives on another replica (a cookie lost in a cross-site frame, a replica restarted): the map
never draws. Registered at start (by the launcher's warm-up), every replica serves every component's files.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from streamlit import runtime
from streamlit.components.v1.custom_component import CustomComponent


def app_components() -> list[CustomComponent]:
    """Every component the app's modules declare (found in their globals, not listed by hand, so one
    added later is registered too)."""
    import streamlit_folium

    from dashboard import map as kcm_map
    from dashboard import scroll

    modules: tuple[ModuleType, ...] = (streamlit_folium, kcm_map, scroll)
    return [value for module in modules for value in vars(module).values() if isinstance(value, CustomComponent)]


def register(basemap: Path | None = None) -> bool:
    """Register them with the running server (again is harmless), and the package's basemap folder where one is
    given (dashboard/map.py declares it once the package is known); False when no server is running."""
    if not runtime.exists():
        return False
    from dashboard.map import basemap_component

    registry = runtime.get_instance().component_registry
    for component in [*app_components(), *([basemap_component(basemap)] if basemap is not None else [])]:
        registry.register_component(component)
    return True
