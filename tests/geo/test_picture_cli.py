"""`python -m geo map` and `python -m geo animate` as a user runs them: the format from the extension, a new file
only, one line and exit code 1 for what they refuse. MP4 needs ffmpeg: skipped where it is missing, an error in
CI (REQUIRE_FFMPEG=1)."""

import os
import shutil
import subprocess

import pytest
from PIL import Image

from tests.helpers import run

pytestmark = pytest.mark.slow  # subprocesses per case: `make test` and CI run it, `make check` does not


def test_map_png_is_1600_pixels_wide_by_default_and_readable(mini, tmp_path):
    out = tmp_path / "map.png"
    result = run("map", "2020-11-20", "--out", out, "--data", mini)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}")
    with Image.open(out) as image:
        image.load()
        assert image.width >= 1600


def test_map_pdf_and_district(mini, tmp_path):
    out = tmp_path / "map.pdf"
    result = run("map", "2020-11-20", "--out", out, "--district", "AZ-BBB", "--width", "400", "--data", mini)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_map_never_replaces_an_existing_file(mini, tmp_path):
    out = tmp_path / "mine.png"
    out.write_bytes(b"the user's own file")
    result = run("map", "2020-11-20", "--out", out, "--width", "400", "--data", mini)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: {out} exists; --out writes a new file only (nothing is "
                                          "overwritten)"]
    assert out.read_bytes() == b"the user's own file"


@pytest.mark.parametrize(("args", "message"), [
    (("map", "2020-02-30", "--out", "{out}.png"), "error: '2020-02-30' is not a date; expected YYYY-MM-DD"),
    (("map", "1990-01-01", "--out", "{out}.png"), "error: 1990-01-01 is outside the covered range"),
    (("map", "2020-11-20", "--out", "{out}.jpg"), "the extension says the format; expected one of .png, .svg, .pdf"),
    (("map", "2020-11-20", "--out", "{out}.png", "--district", "AZ-ZZZ"), "error: unknown district 'AZ-ZZZ'"),
    (("animate", "2020-11-20", "2020-11-10", "--out", "{out}.gif"), "is before START"),
    (("animate", "2020-11-10", "2020-11-20", "--out", "{out}.png"), "expected one of .gif, .mp4"),
    (("animate", "2000-01-01", "2020-11-20", "--out", "{out}.gif"), "7630 frames from 2000-01-01 to 2020-11-20 by day"),
])
def test_bad_input_is_one_line_and_exit_1_and_writes_nothing(mini, tmp_path, args, message):
    result = run(*(a.format(out=tmp_path / "picture") for a in args), "--width", "400", "--data", mini)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "mini"]


def test_animate_gif_frames_by_event(mini, tmp_path):
    out = tmp_path / "war.gif"
    result = run("animate", "2020-11-01", "2020-11-30", "--step", "event", "--out", out, "--width", "400",
                 "--data", mini)
    assert result.returncode == 0, result.stderr
    with Image.open(out) as gif:
        assert gif.n_frames == int(result.stdout.split(": ")[1].split()[0]) >= 3


def test_animate_mp4_with_ffmpeg(mini, tmp_path):
    if shutil.which("ffmpeg") is None:
        if os.environ.get("REQUIRE_FFMPEG") == "1":
            pytest.fail("ffmpeg not found on the PATH, and REQUIRE_FFMPEG=1 says the MP4 test must run")
        pytest.skip("ffmpeg not found (set REQUIRE_FFMPEG=1 to make this an error)")
    out = tmp_path / "war.mp4"
    result = run("animate", "2020-11-09", "2020-11-11", "--out", out, "--width", "401", "--data", mini)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[4:8] == b"ftyp"  # an ISO media file
    probe = shutil.which("ffprobe")
    if probe:
        frames = subprocess.run([probe, "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                                 "stream=nb_read_frames,width", "-of", "csv=p=0", str(out)], capture_output=True,
                                text=True, timeout=60)
        width, count = frames.stdout.strip().split(",")
        assert int(count) == 3 and int(width) == 402  # padded to an even width for H.264
