"""A Streamlit session without a browser: the websocket the page opens, spoken directly. Used where a
browser's own cost would blur what is measured (an attacker's key repeats, the server's share of a step).

Shared by bench/load.py and tests (not test code).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

EPOCH = dt.date(1970, 1, 1)


def rerun_at(query_string: str, slider_id: str | None = None, date: dt.date | None = None) -> bytes:
    """The message a browser sends to run the script, with the date slider at `date` (microseconds since
    the epoch, as Streamlit's date slider sends it)."""
    message = BackMsg()
    message.rerun_script.query_string = query_string
    if slider_id and date:
        widget = message.rerun_script.widget_states.widgets.add()
        widget.id = slider_id
        widget.double_array_value.data.append((date - EPOCH).days * 86_400_000_000)
    return message.SerializeToString()


class Session:
    """One reader's websocket, opened at ?date=`opened_at` by `Session.open`."""

    def __init__(self, socket: Any, slider_id: str, opened_at: dt.date) -> None:
        self.socket, self.slider_id, self.query = socket, slider_id, f"date={opened_at}"

    @classmethod
    async def open(cls, url: str, date: dt.date) -> Session:
        """The socket opened, its first run asked for and read to its end (learning the slider's id)."""
        socket = await websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", origin=url,
                                          subprotocols=["streamlit"], max_size=None)
        await socket.send(rerun_at(f"date={date}"))
        slider_id = None
        while True:
            message = ForwardMsg()
            message.ParseFromString(await socket.recv())
            if message.WhichOneof("type") == "script_finished":
                break
            element = message.delta.new_element
            if element.WhichOneof("type") == "slider" and element.slider.label == "Date":
                slider_id = element.slider.id
        if slider_id is None:
            raise RuntimeError("the first run drew no date slider")
        return cls(socket, slider_id, date)

    async def step_to(self, date: dt.date, timeout_s: float) -> float:
        """Move the slider to `date` and wait until the run that draws it has finished and its page is
        received: the milliseconds that took (TimeoutError after `timeout_s`)."""
        started = time.perf_counter()
        await self.socket.send(rerun_at(self.query, self.slider_id, date))
        await asyncio.wait_for(self._run_finished(), timeout_s)
        return (time.perf_counter() - started) * 1000

    async def _run_finished(self) -> None:
        """Read the server's answer until a run finishes (not one cut short by a newer rerun)."""
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.socket.recv())
            if (message.WhichOneof("type") == "script_finished"
                    and message.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY):
                return

    async def hold_arrow(self, start: dt.date, per_second: float, seconds: float) -> int:
        """Hold ArrowRight: the slider at the next day `per_second` times a second from `start` on, every
        answer read (and dropped) as a browser would. Returns the key repeats sent."""
        async def drain() -> None:
            async for _ in self.socket:
                pass

        reading = asyncio.create_task(drain())
        date, sent, started = start, 0, time.monotonic()
        total = int(per_second * seconds)
        while sent < total:
            due = min(total, int((time.monotonic() - started) * per_second))
            while sent < due:  # catch up when this loop lags, as a key repeat timer does
                date += dt.timedelta(days=1)
                sent += 1
                await self.socket.send(rerun_at(self.query, self.slider_id, date))
            await asyncio.sleep(1 / per_second)
        reading.cancel()
        return sent

    async def close(self) -> None:
        await self.socket.close()
