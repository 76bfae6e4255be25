"""`export-site OUT` writes only into a folder that is empty or that it wrote, never through a link, never
over or instead of a file it did not write, and never into the repository's own folders: each refusal is
exit code 1, one line naming OUT and why, and nothing in or beside OUT changed."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from geo import load_package
from geo import settings as S
from geo.cli import main
from geo.site import export_site
from geo.site._publish import MANIFEST
from tests.conftest import FIXTURES
from tests.geo.site_whole import tree, whole_site

ROOT = S.PROJECT_ROOT


@pytest.fixture
def no_writes(monkeypatch):
    """For OUT in the repository, home or /: a regression fails the test instead of writing there."""
    def publish(out, files):
        raise AssertionError(f"export-site went on to write into {out}")
    monkeypatch.setattr("geo.site.publish", publish)


MINI = FIXTURES / "mini" / "data"  # read only: a refused export writes nothing, and the small package loads fast


def _refused(capsys, out: Path | str, *why: str, data: Path = MINI) -> None:
    capsys.readouterr()
    assert main(["export-site", str(out), "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: refusing to export into {out}") and err.count("\n") == 1, err
    for words in why:
        assert words in err, err


@pytest.mark.parametrize(("out", "why"), [
    (Path("/"), "the filesystem root"),
    (ROOT, "the repository itself"),
    (ROOT / "geo" / "site" / "static", "inside the repository's geo/ folder"),
    (ROOT / "geo" / "data", "inside the repository's geo/ folder"),
    (ROOT / "dashboard" / "static" / "new-site", "inside the repository's dashboard/ folder"),
    (ROOT / "seeds", "inside the repository's seeds/ folder"),
    (ROOT / "tests" / "geo" / "new-site", "inside the repository's tests/ folder"),
    (Path.home(), "your home folder"),
])
def test_the_repository_root_and_home_are_refused(capsys, no_writes, out, why):
    before = tree(out) if out not in (Path("/"), ROOT, Path.home()) and out.exists() else None
    _refused(capsys, out, why)
    assert not Path(out, MANIFEST).exists()
    if before is not None:
        assert tree(out) == before
    elif out.name == "new-site":
        assert not out.exists()


def test_dot_in_the_repository_and_a_link_into_it_are_refused(capsys, no_writes, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    _refused(capsys, ".", "the repository itself")
    link = tmp_path / "site"
    link.symlink_to(ROOT / "geo" / "site" / "static")
    before = tree(ROOT / "geo" / "site" / "static")
    _refused(capsys, link, f"(= {ROOT / 'geo' / 'site' / 'static'})", "geo/ folder")
    assert tree(ROOT / "geo" / "site" / "static") == before


def test_the_data_package_is_refused(capsys, no_writes, mini):
    before = tree(mini)
    _refused(capsys, mini, "inside the data package folder", "data version", data=mini)
    _refused(capsys, mini / "site", "inside the data package folder", data=mini)
    assert tree(mini) == before


def _user_folder(out: Path) -> None:  # the example
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    (out / "assets" / "logo.png").write_bytes(b"\x89PNG")
    (out / "index.html").write_text("<p>my page</p>", encoding="utf-8")


@pytest.mark.parametrize("setup", ["the issue's folder", "a subfolder in assets", "assets a link", "a dot file"])
def test_a_folder_the_export_did_not_write_is_refused(capsys, tmp_path, setup):
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (elsewhere / "thesis.txt").write_text("years of work", encoding="utf-8")
    if setup == "the issue's folder":
        _user_folder(out)
    elif setup == "a subfolder in assets":
        (out / "assets" / "sub").mkdir(parents=True)
    elif setup == "assets a link":
        (out / "assets").symlink_to(elsewhere)
    else:
        (out / ".htaccess").write_text("x", encoding="utf-8")
    before, outside = tree(out), tree(elsewhere)
    _refused(capsys, out, "not empty", f"no {MANIFEST}")
    assert tree(out) == before and tree(elsewhere) == outside


@pytest.fixture
def site(tmp_path) -> Path:
    out = tmp_path / "site"
    export_site(load_package(MINI), out)
    return out


def _data_asset(site: Path) -> Path:
    return next((site / "assets").glob("kcm-data.*.js"))


@pytest.mark.parametrize("change", ["edited", "a link", "a folder"])
def test_a_file_the_export_wrote_and_the_user_changed_is_refused(capsys, site, tmp_path, change):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "thesis.txt").write_text("years of work", encoding="utf-8")
    target = site / "index.html"
    if change == "edited":
        target.write_text("<p>my own page</p>", encoding="utf-8")
    elif change == "a link":
        target.unlink()
        target.symlink_to(elsewhere / "thesis.txt")
    else:
        target.unlink()
        target.mkdir()
    before, outside = tree(site), tree(elsewhere)
    why = {"edited": "index.html was changed since export-site wrote it", "a link": "now a symbolic link",
           "a folder": "now a folder"}[change]
    _refused(capsys, site, why)
    assert tree(site) == before and tree(elsewhere) == outside


def test_assets_turned_into_a_link_to_another_folder_is_refused(capsys, site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (site / "assets").rename(elsewhere)
    (elsewhere / "thesis.txt").write_text("years of work", encoding="utf-8")
    (site / "assets").symlink_to(elsewhere)
    before, outside = tree(site), tree(elsewhere)
    _refused(capsys, site, "assets is a symbolic link", "never through a link")
    assert tree(site) == before and tree(elsewhere) == outside


def test_a_file_in_the_way_that_the_export_did_not_write_is_refused(capsys, site):
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    del manifest["files"]["index.html.gz"]  # as if the user had put it there
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    before = tree(site)
    _refused(capsys, site, "index.html.gz exists and export-site did not write it")
    assert tree(site) == before


@pytest.mark.parametrize(("manifest", "why"), [
    ("{not json", "is not JSON"),
    ('{"files": ["index.html"]}', "must map paths to sha256"),
    ('{"files": {"../outside.txt": "' + "0" * 64 + '"}}', "a path outside the folder"),
    ('{"files": {"/etc/hostname": "' + "0" * 64 + '"}}', "a path outside the folder"),
    ('{"files": {"index.html": "deadbeef"}}', "a sha256 digest of 64 lowercase hex digits"),
])
def test_a_manifest_export_site_did_not_write_is_refused(capsys, site, tmp_path, manifest, why):
    (tmp_path / "outside.txt").write_text("keep", encoding="utf-8")
    (site / MANIFEST).write_text(manifest, encoding="utf-8")
    before = tree(site)
    _refused(capsys, site, why)
    assert tree(site) == before and (tmp_path / "outside.txt").read_text(encoding="utf-8") == "keep"


def test_a_file_named_as_out_and_a_running_export_are_refused(capsys, site, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    _refused(capsys, tmp_path / "file", "it is a file, not a folder")
    fd = os.open(site, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # what a running export holds
        before = tree(site)
        _refused(capsys, site, "another export-site is writing into it now")
        assert tree(site) == before
    finally:
        os.close(fd)


def test_the_users_files_beside_an_exported_site_are_kept(site):
    (site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (site / "assets" / "mine").mkdir()
    (site / "assets" / "mine" / "logo.png").write_bytes(b"\x89PNG")
    (site / "assets" / "link").symlink_to(site / "robots.txt")
    (_data_asset(site)).unlink()  # a file the export wrote and the user deleted is simply written again
    export_site(load_package(MINI), site)
    whole_site(site)
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"
    assert (site / "assets" / "mine" / "logo.png").read_bytes() == b"\x89PNG"
    assert (site / "assets" / "link").is_symlink()


def test_the_refusals_are_documented_in_the_help_and_the_readme():
    from geo.cli import EXPORT_SITE_RULES
    from geo.site._publish import PROTECTED

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in PROTECTED:
        assert f"{name}/" in EXPORT_SITE_RULES and f"`{name}/`" in readme, name
    assert MANIFEST in EXPORT_SITE_RULES and MANIFEST in readme
