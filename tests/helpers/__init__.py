"""Helpers the test modules share, in one place (test modules never import each other): each submodule holds one
kind, and every name is exported here."""

from tests.helpers.apptest import APP, MAP_DRAWN, FakeFolium, clicked, drawn, run_app, texts
from tests.helpers.cli import ROOT, run
from tests.helpers.common import IN_AGHDAM, file_server, hex_colour, rename
from tests.helpers.editions import STATIC_DATA_PREFIX, STATIC_DATA_SUFFIX, STATIC_READY, Edition
from tests.helpers.embeds import ATTRIBUTES, HOSTILE_BASE, HOSTILE_TITLE, hostile_ids, iframe_attributes, view_of
from tests.helpers.hostile import (
    GARBAGE,
    HEADER,
    PLACES,
    SQUARE,
    Case,
    Expect,
    assert_cli_rejected,
    assert_problems,
    assert_rejected,
    both,
    cut_before,
    drop_properties,
    feature,
    geojson,
    grow,
    grow_seed,
    laughs,
    line,
    link_seed_outside,
    recode,
    run_validate,
    snapshot,
    sub,
    write,
    yaml_edit,
)

__all__ = ["APP", "ATTRIBUTES", "GARBAGE", "HEADER", "HOSTILE_BASE", "HOSTILE_TITLE", "IN_AGHDAM", "MAP_DRAWN",
           "PLACES", "ROOT", "SQUARE", "STATIC_DATA_PREFIX", "STATIC_DATA_SUFFIX", "STATIC_READY", "Case", "Edition",
           "Expect", "FakeFolium", "assert_cli_rejected", "assert_problems", "assert_rejected", "both", "clicked",
           "cut_before", "drawn", "drop_properties", "feature", "file_server", "geojson", "grow", "grow_seed",
           "hex_colour", "hostile_ids", "iframe_attributes", "laughs", "line", "link_seed_outside", "recode", "rename",
           "run", "run_app", "run_validate", "snapshot", "sub", "texts", "view_of", "write", "yaml_edit"]
