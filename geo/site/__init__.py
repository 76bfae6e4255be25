"""The static edition: `python -m geo export-site OUT` writes a site any static host or CDN can serve.

index.html loads only files of its own (content-hashed names under assets/), so a CSP of
`default-src 'self'` holds and the page works over HTTP and from disk (the data is a script, not a fetch).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import vocabulary
from .._files import package_folder
from ..basemap_recipe import basemap_folder, read_index
from ..mapcore import CORE_STYLES, LEAFLET, core_script
from ..models import Package
from ..timeline import Timeline
from ..version import data_version
from ._publish import check_location, publish
from .api import API, api_files, check_date_files, frame_states
from .chunks import CHUNK, split
from .cite import CITE_OMITTED, CITE_UNAVAILABLE
from .cite import cite_files as site_cite_files
from .data import site_data

STATIC = package_folder("geo.site") / "static"
ASSETS = "assets"
SIZE_LIMIT = 5 * 1024 * 1024  # the page and its assets: what a reader's browser may load
# A package exported --without-date-files (one too large for them, README "Scale") is held to what a reader fetches
# first, gzipped (issue 20's target), rather than to the bytes of every asset and their twins.
FIRST_LOAD_LIMIT = 1_500_000
RELIEF = re.compile(r"assets/relief\.[0-9a-f]{12}\.png$")
# api/ (geo/site/api.py): a state file per stop date, the same bytes as `geo state DATE --json`, and their gzip
# twins. No reader's page loads them; a reuser fetches one at a time. Measured on the real package: 13.1 MB with
# their gzip twins at 244 settlements with a timeline (10.6 MB at 200; each file grows with the settlements, the
# files with the stop dates). A budget of its own, so the page's budget still guards the readers.
API_SIZE_LIMIT = 16 * 1024 * 1024


@dataclass(frozen=True)
class SiteReport:
    files: list[Path]
    total_bytes: int
    api_bytes: int = 0  # the part of total_bytes under api/
    chunk_bytes: int = 0  # the part in chunks the page loads when a reader asks (geo/site/chunks.py)
    first_load_gzip: int = 0  # what a browser fetches to show the page, gzipped (`first_load_gzip`)

    @property
    def page_bytes(self) -> int:
        """The bytes of the page and its assets: total_bytes without api/ and the chunks."""
        return self.total_bytes - self.api_bytes - self.chunk_bytes


def _hashed(name: str, content: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}{dot}{ext}"


def export_site(package: Package, out: Path, base_url: str = "", date_files: bool = True) -> SiteReport:
    """Write the static edition of `package` into `out`: a new or empty folder, or one an earlier export wrote
    (see `_publish`); files of an earlier export that the new site no longer uses are removed, nothing else.
    `date_files=False` (`--without-date-files`): no api/state/DATE.json and no cite/ lists (`api.check_date_files`
    refuses a package whose state files would be over their budget unless it is given)."""
    check_location(out, [package.data_dir, package.seeds_dir])
    if date_files:
        check_date_files(package, Timeline(package), out)
    files = site_files(package, base_url, date_files)
    publish(out, files)
    return SiteReport([out / rel for rel in files], sum(len(content) for content in files.values()),
                      sum(len(content) for rel, content in files.items() if rel.startswith(f"{API}/")),
                      sum(len(content) for rel, content in files.items() if rel.startswith(f"{ASSETS}/{CHUNK}")),
                      first_load_gzip(files))


def first_load_gzip(files: dict[str, bytes]) -> int:
    """The bytes a browser fetches to show the page with gzip accepted: index.html and the assets it names (their
    .gz twins) and the relief image its script loads. Chunks, cite/ and api/ come only when asked for."""
    page = files["index.html"].decode("utf-8")
    named = [*re.findall(r'(?:src|href)="(assets/[^"?#]+)"', page), *(rel for rel in files if RELIEF.match(rel))]
    return sum(len(files.get(f"{rel}.gz", files[rel])) for rel in ["index.html", *named])


def site_files(package: Package, base_url: str = "", date_files: bool = True) -> dict[str, bytes]:
    """Every file of the site: path in OUT -> content, in the order they are written (the page last, so it
    names only assets already in place). Without `date_files`, api/ has no state files and cite/ no lists."""
    timeline = Timeline(package)
    relief, basemap = _basemap(basemap_folder(package))
    relief_name = _hashed("relief.png", relief) if relief else None
    if basemap and relief_name:
        basemap["relief"]["image"] = f"{ASSETS}/{relief_name}"  # relative to index.html
    states = frame_states(package, timeline) if date_files else None
    cite_files, cite_index = site_cite_files(package, timeline, states) if states else ({}, None)
    page_data = site_data(package, timeline, data_version(package), basemap, base_url)
    chunks = split(page_data)  # above a size, the settlements' panels and the claims load when asked for
    data = json.dumps(page_data | {"cite": {"index": cite_index,
                                           "unavailable": CITE_UNAVAILABLE if states else CITE_OMITTED}},
                      ensure_ascii=False, separators=(",", ":"))
    # The assets index.html names, each as {{name}}: adding one to the page is one line here.
    contents: dict[str, bytes] = {
        "leaflet.js": (LEAFLET / "leaflet.js").read_bytes(),
        "leaflet.css": (LEAFLET / "leaflet.css").read_bytes(),
        "kcm-core.js": core_script().encode("utf-8"),  # the core and its layer plugins
        "kcm-core.css": CORE_STYLES.read_bytes(),
        "kcm-frames.js": (STATIC / "kcm-frames.js").read_bytes(),
        "kcm-panel.js": (STATIC / "kcm-panel.js").read_bytes(),
        "kcm-claims.js": (STATIC / "kcm-claims.js").read_bytes(),
        "kcm-cite.js": (STATIC / "kcm-cite.js").read_bytes(),
        "kcm-static-host.js": (STATIC / "kcm-static-host.js").read_bytes(),
        "kcm-static.css": (STATIC / "kcm-static.css").read_bytes(),
        # A script, not JSON to fetch: file:// pages cannot fetch. Parsed by JSON.parse, not as an object literal,
        # in which a key "__proto__" would set the object's prototype.
        "kcm-data.js": f"window.KCM_DATA = JSON.parse({json.dumps(data, ensure_ascii=False)});\n".encode(),
    }
    names = {name: _hashed(name, content) for name, content in contents.items()}
    files: dict[str, bytes] = {}
    for name, content in contents.items():
        files |= _with_gzip(f"{ASSETS}/{names[name]}", content)
    for name, content in chunks.items():  # content-named already
        files |= _with_gzip(f"{ASSETS}/{name}", content)
    if relief and relief_name:  # a PNG is compressed already: no .gz twin
        files[f"{ASSETS}/{relief_name}"] = relief
    for image in sorted((LEAFLET / "images").iterdir()):  # leaflet.css refers to images/ beside it
        files[f"{ASSETS}/images/{image.name}"] = image.read_bytes()
    files[f"{ASSETS}/LEAFLET-LICENSE.txt"] = (LEAFLET / "LICENSE").read_bytes()
    for rel, content in api_files(package, timeline, states).items():  # api/: the state on each date as a URL
        files |= _with_gzip(rel, content)
    for rel, content in cite_files.items():  # cite/: the sources behind each view, fetched when a reader asks
        files |= _with_gzip(rel, content)
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    # The package's title (its profile's), as text: the one value of the page that is not an asset's name.
    page = page.replace("{{title}}", html.escape(vocabulary.profile_of(package).title))
    for name, hashed in names.items():
        page = page.replace("{{" + name + "}}", f"{ASSETS}/{hashed}")
    return files | _with_gzip("index.html", page.encode("utf-8"))


def _basemap(folder: Path | None) -> tuple[bytes | None, dict | None]:
    """The package's offline basemap (the folder its profile names, `python -m geo build-basemap`): the relief
    image, and its index with the GeoJSON layers (water, borders, a reference line) put inline. (None, None) when
    the package has none or it was not built."""
    index = read_index(folder)
    if folder is None or index is None:
        return None, None
    relief = (folder / index["relief"]["image"]).read_bytes()
    layers = [json.loads((folder / name).read_text(encoding="utf-8")) for name in index["layers"]]
    return relief, {"relief": {"image": None, "bounds": index["relief"]["bounds"]}, "layers": layers}


def _with_gzip(path: str, content: bytes) -> dict[str, bytes]:
    """The file, and a gzip copy beside it that a server sends as it is (nginx gzip_static)."""
    return {path: content, f"{path}.gz": gzip.compress(content, compresslevel=9, mtime=0)}
