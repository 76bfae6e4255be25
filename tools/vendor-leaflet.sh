#!/usr/bin/env bash
# Re-create geo/mapcore/static/vendor/leaflet-1.9.4/ from the pinned npm package, and check its sums.
# The app serves these files itself (dashboard/map.py) and the static edition copies them: no CDN, works offline.
set -euo pipefail
cd "$(dirname "$0")/.."
version=1.9.4
dest=geo/mapcore/static/vendor/leaflet-$version
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$version" >/dev/null && tar xzf "leaflet-$version.tgz")
mkdir -p "$dest/images"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$work/package/LICENSE" "$dest/"
cp "$work/package/dist/images/"*.png "$dest/images/"
(cd "$dest" && sha256sum -c SHA256SUMS)
