from dataclasses import fields

from geo import settings


def test_every_setting_is_documented():
    assert settings.undocumented_settings() == []
    assert len(fields(settings.Settings)) >= 5


def test_every_status_has_a_colour():
    statuses = {settings.STATUS_ARMENIAN, settings.STATUS_AZERBAIJAN, settings.STATUS_SPLIT, settings.STATUS_PENDING,
                settings.STATUS_CONTEXT, settings.STATUS_UNKNOWN}
    assert statuses <= set(settings.SETTINGS.colours)
