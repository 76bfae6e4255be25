"""Bursts of input coalesce: while a reader's input arrives faster than the page can be drawn, only
the newest state is computed, and each session's script costs little until the input pauses.

Streamlit is run with `runner.fastReruns = false` (.streamlit/config.toml; `python -m dashboard`
passes it too). Then a session has one script thread, and every request that arrives while it runs
is folded into one pending rerun holding the newest widget values; that rerun interrupts the run at
its next Streamlit call. (With fast reruns on, every request starts another thread while the older
ones run on to their next Streamlit call: a held arrow key started hundreds of them.) And
`runner.postScriptGC = false`: Streamlit otherwise runs a full garbage collection after every run,
interrupted ones too, holding the GIL (so every session and the health check) for 80-350 ms each.

`coalesce_bursts` adds the per-session bound: a run that starts because newer input cut the previous
run short first pauses BURST_PAUSE_S (a sleep: no CPU, and only this session's thread waits), so a
held key restarts a session's script at most 1 / BURST_PAUSE_S times a second, each restart ending at
its first Streamlit call, and the newest date is drawn once the input pauses. A run that follows a
finished run (a single step, a click) starts at once.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import streamlit as st

BURST_PAUSE_S = 0.2
_RUN_OPEN = "_kcm_run_open"  # set while a run is under way; still set at the next start if it was cut short


@contextlib.contextmanager
def coalesce_bursts() -> Iterator[None]:
    if st.session_state.get(_RUN_OPEN):
        time.sleep(BURST_PAUSE_S)
    st.session_state[_RUN_OPEN] = True
    yield
    st.session_state[_RUN_OPEN] = False  # not reached when newer input interrupts the run
