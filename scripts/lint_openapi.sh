#!/usr/bin/env bash
# The published OpenAPI document through three linters, each with 0 errors allowed:
# openapi-spec-validator (PyPI), Spectral's spectral:oas (.spectral.yaml) and Redocly's
# recommended ruleset (redocly.yaml). The npm tools come from package-lock.json (`npm ci`).
set -euo pipefail
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_UPDATE_NOTIFIER=1

[ -d node_modules/@stoplight/spectral-cli ] && [ -d node_modules/@redocly/cli ] ||
  npm ci --no-audit --no-fund --loglevel=error

folder="$(mktemp -d /tmp/desk-openapi.XXXXXX)"
trap 'rm -rf "$folder"' EXIT
document="$folder/openapi.json"
uv run python manage.py export_openapi_schema --api desk.api.api --output "$document"

echo "== openapi-spec-validator"
uv run openapi-spec-validator "$document"
echo "== spectral (spectral:oas)"
npx --no-install spectral lint --ruleset .spectral.yaml --fail-severity error "$document"
echo "== redocly (recommended)"
npx --no-install redocly lint --config redocly.yaml "$document"
