from dataclasses import fields

from geo import settings, status


def test_every_setting_is_documented():
    assert settings.undocumented_settings() == []
    assert len(fields(settings.Settings)) >= 5


def test_every_status_has_a_colour():
    assert {entry.key for entry in status.FILLS + status.OVERLAYS} <= set(settings.SETTINGS.colours)
