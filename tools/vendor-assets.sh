#!/usr/bin/env bash
# Rebuild api/static/vendor/ from the npm packages pinned in tools/frontend/package-lock.json.
# Development time only: the server never fetches anything from a CDN or a tile server.
#   tools/vendor-assets.sh          (needs node and npm; writes into api/static/vendor/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
front="$here/frontend"
vendor="$here/../api/static/vendor"
modules="$front/node_modules"

(cd "$front" && npm ci --no-audit --no-fund --ignore-scripts)

rm -rf "$vendor"
mkdir -p "$vendor"/{yasgui,leaflet/images,d3,world,swagger-ui}

# copy FILE DEST: a vendored script or stylesheet, without its source-map comment (the maps are not shipped)
copy() { sed -e '/^\/[/*]# sourceMappingURL=/d' "$1" > "$2"; }

yasgui="$modules/@zazuko/yasgui"
copy "$yasgui/build/yasgui.min.js" "$vendor/yasgui/yasgui.min.js"
copy "$yasgui/build/yasgui.min.css" "$vendor/yasgui/yasgui.min.css"
node -e '
  const p = require(process.argv[1]);
  const who = [p.author, ...(p.contributors || []).map((c) => c.name || c)].filter(Boolean).join("; ");
  process.stdout.write(`${p.name} ${p.version}: licence ${p.license} (from its package.json; the npm package ships no LICENSE file).
Authors: ${who}. Source: ${p.homepage}

The MIT License

Copyright (c) the Yasgui authors (${who})

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
`);
' "$yasgui/package.json" > "$vendor/yasgui/LICENSE"

copy "$modules/leaflet/dist/leaflet.js" "$vendor/leaflet/leaflet.js"
copy "$modules/leaflet/dist/leaflet.css" "$vendor/leaflet/leaflet.css"
cp "$modules/leaflet/dist/images/"*.png "$vendor/leaflet/images/"
cp "$modules/leaflet/LICENSE" "$vendor/leaflet/LICENSE"

copy "$modules/d3/dist/d3.min.js" "$vendor/d3/d3.min.js"
cp "$modules/d3/LICENSE" "$vendor/d3/LICENSE"

copy "$modules/swagger-ui-dist/swagger-ui-bundle.js" "$vendor/swagger-ui/swagger-ui-bundle.js"
copy "$modules/swagger-ui-dist/swagger-ui.css" "$vendor/swagger-ui/swagger-ui.css"
cp "$modules/swagger-ui-dist/LICENSE" "$vendor/swagger-ui/LICENSE"
cp "$modules/swagger-ui-dist/NOTICE" "$vendor/swagger-ui/NOTICE"

(cd "$front" && node world.mjs "$vendor/world/countries-110m.geojson")
cp "$modules/world-atlas/LICENSE" "$vendor/world/LICENSE"
printf '%s\n' "Country outlines: Natural Earth 1:110m (public domain), as redistributed in the npm package" \
  "world-atlas $(node -p 'require(process.argv[1]).version' "$modules/world-atlas/package.json") (ISC licence, LICENSE beside this file);" \
  "converted to GeoJSON with topojson-client by tools/frontend/world.mjs (rounded to 0.01 degree, rings that" \
  "cross the antimeridian unwrapped, Antarctica left out)." > "$vendor/world/README"

node -e '
  const lock = require(process.argv[1]);
  const pick = ["@zazuko/yasgui", "leaflet", "d3", "world-atlas", "topojson-client", "swagger-ui-dist"];
  const lines = pick.map((n) => `${n} ${lock.packages["node_modules/" + n].version}`);
  process.stdout.write("Vendored by tools/vendor-assets.sh from npm (see tools/frontend/package-lock.json):\n" + lines.join("\n") + "\n");
' "$front/package-lock.json" > "$vendor/VERSIONS"
du -sh "$vendor"
