"""Pictures to publish: `python -m geo map` (one date as PNG, SVG or PDF) and `python -m geo animate` (a range of
dates as GIF or MP4), drawn with geopandas and matplotlib from the web map's geometry, colours and symbols."""
