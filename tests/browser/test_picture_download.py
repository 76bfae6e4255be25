"""The Share tab's picture of the view, downloaded in a real browser: Streamlit runs the deferred callable when
the button is clicked, and the file is the view's date and district as `python -m geo map` draws it."""

import pytest
from PIL import Image

from tools.harness import map_frame, wait_idle

pytestmark = pytest.mark.browser


def test_the_view_downloads_as_a_picture_to_publish(app, page):
    page.page.goto(f"{app.url}/?date=2020-11-20&district=AZ-AGM")
    map_frame(page.page)
    wait_idle(page.page)
    page.page.get_by_text("Share and cite", exact=True).click()
    wait_idle(page.page)  # the rerun done: no stale copy of the tab's elements left
    button = page.page.get_by_role("button", name="The map of this view (PNG, to publish)", exact=True)
    button.wait_for(timeout=30000)
    with page.page.expect_download(timeout=60000) as started:
        button.click()
    download = started.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == "karabakh-2020-11-20-AZ-AGM.png"
    with Image.open(download.path()) as image:
        image.load()
        assert image.format == "PNG" and image.width == 1600
    assert not page.foreign_hosts(), page.foreign_hosts()
    assert not page.errors
