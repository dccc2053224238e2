#!/usr/bin/env bash
# Copies the front-end packages installed by npm into static/vendor (no CDN, no Sass build).
set -euo pipefail
cd "$(dirname "$0")/.."
out=static/vendor
rm -rf "$out"
mkdir -p "$out/govuk" "$out/moj" "$out/htmx" "$out/leaflet/images" "$out/assets/images"
gv=node_modules/govuk-frontend/dist/govuk
mj=node_modules/@ministryofjustice/frontend/moj
# The prebuilt CSS points at /assets/…; serve those from our static root instead.
sed 's#url(/assets/#url(/static/vendor/assets/#g' "$gv/govuk-frontend.min.css" > "$out/govuk/govuk-frontend.min.css"
sed 's#url(/assets/#url(/static/vendor/assets/#g' "$mj/moj-frontend.min.css" > "$out/moj/moj-frontend.min.css"
cp "$gv/govuk-frontend.min.js" "$out/govuk/"
cp "$mj/moj-frontend.min.js" "$out/moj/"
cp -r "$gv/assets/images/." "$out/assets/images/"
cp -r "$mj/assets/images/." "$out/assets/images/"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx/"
# Leaflet (the EM map): its CSS finds its marker images in images/ beside it.
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$out/leaflet/"
cp -r node_modules/leaflet/dist/images/. "$out/leaflet/images/"
echo "front-end assets vendored into $out"
