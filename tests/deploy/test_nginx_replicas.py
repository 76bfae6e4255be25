"""deploy/nginx-replicas.conf with real nginx in front of 3 real replicas (`python -m dashboard`): whatever
replica a reader's request reaches, a download is served and the map's component files are there; also
after a replica stopped and came back, and without the stickiness cookie (a cross-site frame never
stores a SameSite=Lax cookie). Readers are spoken for by the page's own WebSocket protocol, no browser."""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import re
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from dashboard.map import basemap_url
from geo.mapcore import BASEMAP_DIR
from tests.deploy.replicas import REPLICAS, WAIT_S, Proxy, get, key_for, replicas_behind_nginx, served_directly
from tools.harness import StreamlitServer

MAP_COMPONENT = "streamlit_folium.st_folium"
# The Share view: its downloads are drawn once the map has reported its view (dashboard/app.py, map_has_drawn).
QUERY = "date=2020-11-20&view=Share+and+cite"
MAP_VIEW = json.dumps({"center": {"lat": 39.7, "lng": 46.7}, "zoom": 8, "last_clicked": None})


@dataclass
class Drawn:
    """What a reader's run drew: the downloads' URLs, the map's widget id, and the files its frame loads."""

    media: list[str] = field(default_factory=list)
    map_id: str = ""
    component_files: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def proxy(nginx_binary) -> Iterator[Proxy]:
    with replicas_behind_nginx() as proxy:
        yield proxy


def run(socket, map_id: str = "") -> Drawn:
    """Ask for a run of the Share view (with the map's view reported, as its frame does once drawn) and read
    it to its end."""
    message = BackMsg()
    message.rerun_script.query_string = QUERY
    if map_id:
        widget = message.rerun_script.widget_states.widgets.add()
        widget.id, widget.json_value = map_id, MAP_VIEW
    socket.send(message.SerializeToString())
    drawn = Drawn()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answer = ForwardMsg()
        answer.ParseFromString(socket.recv(timeout=60))
        if answer.WhichOneof("type") == "script_finished":
            return drawn
        element = answer.delta.new_element
        if element.WhichOneof("type") == "download_button" and element.download_button.url:
            drawn.media.append(element.download_button.url)
        if element.WhichOneof("type") == "component_instance":
            instance = element.component_instance
            drawn.component_files.append(f"/component/{instance.component_name}/index.html")
            if instance.component_name == MAP_COMPONENT:
                drawn.map_id = instance.id
                drawn.component_files += generated_files(instance.json_args)
    raise AssertionError("a run did not finish within 60 s")


def generated_files(arguments: str) -> list[str]:
    """The generated files the map's frame loads, named in the component's arguments: its joined script and
    styles, and its data (in the base64 JSON the map's script passes to window.kcm)."""
    texts = [arguments]
    for blob in re.findall(r"[A-Za-z0-9+/]{40,}={0,2}", arguments):
        try:
            texts.append(base64.b64decode(blob, validate=True).decode("utf-8"))
        except (binascii.Error, UnicodeDecodeError):
            continue
    # Its joined script and styles (dashboard/map.py) and its data (dashboard/bundle.py), named by content.
    names = sorted({name for text in texts
                    for name in re.findall(r"generated/(map-(?:data-)?[0-9a-f]{16}\.(?:json|js|css))", text)})
    assert sorted(re.sub(r"-[0-9a-f]{16}", "", n) for n in names) == ["map-data.json", "map.css", "map.js"], names
    return [f"/component/dashboard.map.generated/{name}" for name in names]


@contextmanager
def reader(proxy: Proxy, key: str) -> Iterator[tuple[object, Drawn]]:
    """A reader's WebSocket through nginx with the stickiness key, at the Share view with the map drawn."""
    url = f"http://localhost:{proxy.port}"
    with connect(url.replace("http", "ws", 1) + "/_stcore/stream", origin=url, subprotocols=["streamlit"],
                 additional_headers={"Cookie": f"kcm_replica={key}"}, max_size=None, open_timeout=30) as socket:
        first = run(socket)
        drawn = run(socket, first.map_id)
        assert len(drawn.media) == 4 and len(first.component_files) >= 3, (first, drawn)
        drawn.component_files = first.component_files
        yield socket, drawn


def test_every_replica_serves_every_component_before_any_session_ran(proxy):
    """Asked directly, before a reader reached them (this test runs first in the module), and through nginx
    without the stickiness cookie (a cross-site frame never stores it): a component's files are served by a
    replica that has run no script. The names come from a reader's run, on replica 1, after the direct asks."""
    basemap = "/component/" + (basemap_url(BASEMAP_DIR) or "").removeprefix("../")  # the package's basemap folder
    names = ["/component/streamlit_folium.st_folium/index.html", "/component/dashboard.scroll.kcm_scroll/index.html",
             "/component/dashboard.map.mapfiles/vendor/leaflet-1.9.4/leaflet.css", basemap]  # Leaflet and the basemap
    for server in proxy.replicas:
        for path in names:
            assert served_directly(server, path), (server.port, path)
    with reader(proxy, key_for(proxy, "replica 1")) as (_, drawn):
        for server in proxy.replicas[1:]:
            for path in drawn.component_files:
                assert served_directly(server, path), (server.port, path)
        for path in drawn.component_files * REPLICAS:
            assert get(proxy.port, path)[0] == 200, path


def test_a_download_is_served_whichever_replica_a_request_reaches(proxy):
    """A cookie lost in a cross-site frame, or one pointing at another replica than the reader's session."""
    with reader(proxy, key_for(proxy, "replica 1")) as (_, drawn):
        keys = [key_for(proxy, f"replica {n + 1}") for n in range(REPLICAS)]
        for url in drawn.media:
            answers = {get(proxy.port, url, key) for key in [*keys, None, None, None]}
            assert {status for status, _ in answers} == {200}, url
            assert len(answers) == 1 and len(next(iter(answers))[1]) > 100, url  # the same bytes from each


def test_a_reader_moved_by_a_restart_still_downloads_and_draws_the_map(proxy):
    """Replica 2 stops under its reader, whose socket reconnects with the same cookie to another replica,
    which then holds the new session and its downloads. Replica 2 comes back and the cookie hashes to it
    again: the reader's downloads and the map's files must still be served."""
    key = key_for(proxy, "replica 2")
    stopped = proxy.replicas[1]
    with reader(proxy, key):
        stopped.stop()
    with reader(proxy, key) as (_, drawn):  # the reconnect, elsewhere
        restarted = StreamlitServer(port=stopped.port)
        proxy.replicas[1] = restarted  # the fixture's finaliser stops this one
        for path in drawn.component_files:  # before any reader reached it
            assert served_directly(restarted, path), path
        asked_health = len(proxy.answered(key, "/_stcore/health"))
        deadline = time.monotonic() + WAIT_S
        while True:  # until nginx sends the key to replica 2 again
            get(proxy.port, "/_stcore/health", key)
            asked_health += 1
            if proxy.answered(key, "/_stcore/health", asked_health)[-1] == "replica 2":
                break
            assert time.monotonic() < deadline, f"nginx did not send the key to replica 2 again in {WAIT_S} s"
            time.sleep(0.2)
        for url in drawn.media:
            status, body = get(proxy.port, url, key)
            assert status == 200 and len(body) > 100, url
            asked = proxy.asked(key, url, at_least=1)[-1]
            assert asked[0] == "replica 2" and asked[-1] != "replica 2", asked  # asked first, it had none
        for path in drawn.component_files:
            assert get(proxy.port, path, key)[0] == 200, path


def set_cookie(connection: http.client.HTTPConnection, path: str = "/_stcore/health") -> str:
    """The stickiness cookie nginx sets on a first request ("" if none)."""
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.status == 200
        return next((c for c in response.headers.get_all("Set-Cookie", []) if c.startswith("kcm_replica=")), "")
    finally:
        connection.close()


def test_over_tls_the_cookie_is_one_a_cross_site_frame_keeps(proxy):
    """SameSite=None; Secure; Partitioned over TLS (a frame on another site keeps it, in that site's jar);
    SameSite=Lax over plain HTTP, where a SameSite=None cookie would be refused."""
    unverified = ssl.create_default_context()
    unverified.check_hostname, unverified.verify_mode = False, ssl.CERT_NONE  # the test's own certificate
    tls = set_cookie(http.client.HTTPSConnection("127.0.0.1", proxy.tls_port, timeout=30, context=unverified))
    plain = set_cookie(http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=30))
    attributes = {part.strip().split("=")[0]: part.strip() for part in tls.split(";")[1:]}
    assert tls.startswith("kcm_replica=") and attributes == {
        "Path": "Path=/", "HttpOnly": "HttpOnly", "SameSite": "SameSite=None", "Secure": "Secure",
        "Partitioned": "Partitioned"}, tls
    assert plain.startswith("kcm_replica=") and "SameSite=Lax" in plain and "Secure" not in plain, plain
