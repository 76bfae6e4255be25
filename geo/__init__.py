"""Karabakh Ceasefire Map: data, validation, timeline and map layers, with no UI dependency."""

from .errors import DataError, DateOutOfRange, GeoError, Problem
from .load import check_package, load_package
from .models import Package
from .timeline import Timeline

__all__ = ["DataError", "DateOutOfRange", "GeoError", "Package", "Problem", "Timeline", "check_package",
           "load_package"]
