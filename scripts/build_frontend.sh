#!/usr/bin/env bash
# Install the web app's front-end packages from npm and copy the files it serves.
#
# The exact versions come from src/sounding/web/frontend/package-lock.json (`npm ci`). Only
# the built files the pages use are copied, into src/sounding/web/static/vendor/, which is
# not committed: govuk-frontend's compiled CSS and JavaScript with its fonts and images, and
# htmx. Nothing is fetched when the app runs. Safe to re-run on its own:
#   bash scripts/build_frontend.sh
set -euo pipefail
cd "$(dirname "$0")/.."
frontend=src/sounding/web/frontend
vendor=src/sounding/web/static/vendor

if ! command -v npm >/dev/null 2>&1; then
  echo "npm was not found, so the GOV.UK Design System styles and htmx were not installed." >&2
  echo "Install Node.js 20 or later with npm, then run: bash scripts/build_frontend.sh" >&2
  echo "Until then the web app works, unstyled and without its JavaScript enhancements." >&2
  exit 1
fi

(cd "$frontend" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)

modules="$frontend/node_modules"
govuk="$modules/govuk-frontend/dist/govuk"
staging="$(mktemp -d "${vendor%/*}/.vendor.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/govuk-frontend/assets" "$staging/htmx"

# The compiled CSS points at /assets/ at the site's root: make the paths relative to the CSS
# file, so the fonts and images are found under STATIC_URL wherever it is mounted.
sed 's#url(/assets/#url(assets/#g' "$govuk/govuk-frontend.min.css" \
  > "$staging/govuk-frontend/govuk-frontend.min.css"
cp "$govuk/govuk-frontend.min.js" "$staging/govuk-frontend/"
cp -R "$govuk/assets/fonts" "$govuk/assets/images" "$staging/govuk-frontend/assets/"
cp "$modules/htmx.org/dist/htmx.min.js" "$staging/htmx/"
for package in govuk-frontend htmx.org; do
  node -e 'const p = require(process.argv[1]); console.log(`${p.name} ${p.version} ${p.license}`)' \
    "$PWD/$modules/$package/package.json"
done > "$staging/VERSIONS"

rm -rf "$vendor"
mv "$staging" "$vendor"
chmod 755 "$vendor"
trap - EXIT
echo "Front-end files copied to $vendor:"
sed 's/^/  /' "$vendor/VERSIONS"
