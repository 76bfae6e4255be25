"""Publishing the static edition into OUT without harming what is there.

One rule decides what the export may touch: a file is the export's only when the manifest in OUT
(`.kcm-export.json`, every file an export wrote with its sha256) lists it and it still has that content.
A non-empty OUT without a manifest, a listed file changed or replaced by a link or folder, or a new file's
name taken by a file the export did not write: refused before anything is written.

One order keeps the site whole: the manifest first claims both the old files and the new ones; new files
are renamed in (content-hashed names never clash); the page comes last; then the manifest names the new
site, and the old site's files that it no longer uses as `previous`: they stay until the next export, for
the readers who loaded the old page a moment before the switch. At every instant OUT serves the old site
or the new one, and a killed or failed export is completed by the next.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import stat
from pathlib import Path

from .. import settings as S
from ..errors import ExportRefused
from ._tree import TMP_DIR, Tree, check_relative, kind

MANIFEST = ".kcm-export.json"
RESERVED = (MANIFEST, TMP_DIR)  # names in OUT that belong to the export itself
# The repository's own folders: an export there overwrites the page template or changes the data version.
PROTECTED = ("geo", "dashboard", "seeds", "tests", "bench", "deploy", "docs", "tools", ".git")
_HEX = frozenset("0123456789abcdef")


def check_location(out: Path, package_dirs: list[str]) -> None:
    """Refuse OUT where an export can only do harm, wherever a link in OUT's own path leads."""
    real = out.resolve()
    here = str(out) if real == out.absolute() else f"{out} (= {real})"
    if real == Path(real.anchor):
        raise ExportRefused(here, "it is the filesystem root")
    if real == S.PROJECT_ROOT:
        raise ExportRefused(here, "it is the repository itself")
    if real == Path(os.path.expanduser("~")).resolve():  # no HOME and no passwd entry: "~" stays "~"
        raise ExportRefused(here, "it is your home folder")
    for name in PROTECTED:
        folder = S.PROJECT_ROOT / name
        if real == folder or folder in real.parents:
            raise ExportRefused(here, f"it is inside the repository's {name}/ folder (source, data, templates, "
                                "tests); choose a folder of its own, e.g. static-site/")
    for given in filter(None, package_dirs):
        folder = Path(given).resolve()
        if real == folder or folder in real.parents:
            raise ExportRefused(here, f"it is inside the data package folder {given}; writing there would change "
                                "the data version that citations name")


def publish(out: Path, files: dict[str, bytes]) -> None:
    """Make OUT the site `files` (path in OUT -> content, in writing order, the page last)."""
    if out.exists() and not out.is_dir():
        raise ExportRefused(out, "it is a file, not a folder")
    out.mkdir(parents=True, exist_ok=True)
    tree = Tree(out)
    try:
        try:
            fcntl.flock(tree.fds[""], fcntl.LOCK_EX | fcntl.LOCK_NB)  # released when the folder is closed
        except BlockingIOError:
            raise ExportRefused(out, "another export-site is writing into it now") from None
        old, live = owned_files(tree)
        new = {rel: hashlib.sha256(content).hexdigest() for rel, content in files.items()}
        for rel in new:
            st = None if rel in old else tree.lstat(rel)
            if st is not None:
                raise ExportRefused(out, f"{rel} exists and export-site did not write it ({kind(st)}); move it away")
        tree.clear_tmp()
        try:
            _write_manifest(tree, new, old, complete=False)
            for rel, content in files.items():
                if old.get(rel) == new[rel]:
                    continue
                twin = rel + ".gz"
                if twin in old and old[twin] != new.get(twin):
                    # A page and its gzip twin (nginx's gzip_static) switch together: without the twin every
                    # client gets the page itself, old then new, never one version plain and another gzipped.
                    tree.unlink(twin)
                    del old[twin]
                tree.put(rel, content)
            kept = {rel: sha for rel, sha in old.items() if rel in live and rel not in new}
            for rel in sorted(old.keys() - new.keys() - kept.keys()):
                _remove_if_unchanged(tree, rel, old[rel])
            _write_manifest(tree, new, kept, complete=True)
        finally:
            tree.clear_tmp()
    finally:
        tree.close()


def owned_files(tree: Tree) -> tuple[dict[str, str], set[str]]:
    """{path: sha256} of the files in OUT that an earlier export wrote and nobody changed since, and the paths
    of the site OUT served last (all of them after an interrupted export); refuses an OUT that holds anything
    else the export would have to write over."""
    st = tree.lstat(MANIFEST)
    if st is None:
        others = sorted(name for name in os.listdir(tree.fds[""]) if name not in RESERVED)
        if others:
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            raise ExportRefused(tree.out, f"it is not empty ({shown}) and holds no {MANIFEST}, the record of an "
                                "earlier export; choose an empty or new folder (delete a site of an older "
                                "export-site yourself, once)")
        return {}, set()
    if not stat.S_ISREG(st.st_mode):
        raise ExportRefused(tree.out, f"{MANIFEST} is {kind(st)}, not the file export-site writes")
    accepted, live = _read_manifest(tree)
    present = {}
    for rel, shas in sorted(accepted.items()):
        st = tree.lstat(rel)
        if st is None:
            continue
        if not stat.S_ISREG(st.st_mode):
            raise ExportRefused(tree.out, f"{rel} was written by export-site but is now {kind(st)}; the export "
                                "replaces only its own files: move it away")
        sha = tree.sha256(rel)
        if sha not in shas:
            raise ExportRefused(tree.out, f"{rel} was changed since export-site wrote it; the export replaces "
                                "only its own files: move it away")
        present[rel] = sha
    return present, live


def _read_manifest(tree: Tree) -> tuple[dict[str, set[str]], set[str]]:
    """path -> the sha256 values it may have (two when an interrupted export wrote it again), and the paths
    of the site served last: 'files' of a complete export, every path after an interrupted one."""
    try:
        manifest = json.loads(tree.read(MANIFEST))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportRefused(tree.out, f"{MANIFEST} is not JSON ({exc})") from None
    lists = [manifest.get(key, {}) for key in ("files", "previous")] if isinstance(manifest, dict) else [None]
    accepted: dict[str, set[str]] = {}
    for listed in lists:
        if not isinstance(listed, dict):
            raise ExportRefused(tree.out, f"{MANIFEST} is not one export-site wrote: 'files' and 'previous' "
                                "must map paths to sha256 digests")
        for rel, sha in listed.items():
            check_relative(tree.out, rel)
            if rel.split("/")[0] in RESERVED or not (isinstance(sha, str) and len(sha) == 64 and set(sha) <= _HEX):
                raise ExportRefused(tree.out, f"{MANIFEST} lists {rel!r} with {str(sha)[:70]!r}; allowed: a path "
                                    "the export writes and a sha256 digest of 64 lowercase hex digits")
            accepted.setdefault(rel, set()).add(sha)
    live = set(manifest.get("files", {})) if manifest.get("complete") is True else set(accepted)
    return accepted, live


def _write_manifest(tree: Tree, files: dict[str, str], previous: dict[str, str], complete: bool) -> None:
    """The export's claim on OUT. Complete: `files` is the site, `previous` the old site's files kept for one
    export. Not (yet) complete: `files` is what the export writes, `previous` all that earlier ones left, so
    a killed export is completed and its old files removed by the next."""
    manifest: dict[str, object] = {"written_by": "python -m geo export-site", "complete": complete,
                                   "files": dict(sorted(files.items())), "previous": dict(sorted(previous.items()))}
    tree.put(MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())


def _remove_if_unchanged(tree: Tree, rel: str, sha: str) -> None:
    """Delete an old file of the export's unless someone changed it or put something else there meanwhile."""
    st = tree.lstat(rel)
    if st is not None and stat.S_ISREG(st.st_mode) and tree.sha256(rel) == sha:
        tree.unlink(rel)
