from dataclasses import fields

from geo import settings
from tests.helpers import first_words as status


def test_every_setting_is_documented():
    assert settings.undocumented_settings() == []
    assert len(fields(settings.Settings)) >= 5


def test_every_status_has_a_colour():
    assert {entry.key for entry in status.ENGINE_WORDED} <= set(settings.SETTINGS.colours)
