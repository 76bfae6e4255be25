"""No request to another host from the server either (the page's own requests are covered elsewhere)."""

from __future__ import annotations


def no_external_ip_lookup() -> None:
    """Streamlit asks checkip.amazonaws.com for the machine's public address, to print it in its start-up
    banner and to vet a websocket from an unknown origin: a request to another host (and up to 2 s of
    waiting on a machine without internet). An empty answer recorded in advance means "unknown" to both:
    the banner leaves the line out and such an origin is refused, as when the lookup fails."""
    from streamlit import net_util

    net_util._external_ip = ""
