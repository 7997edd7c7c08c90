#!/usr/bin/env bash
# Fuzz the API with schemathesis against its own /api/openapi.json on a live server:
# a freshly migrated PostgreSQL database of its own, an organization and a token made by the
# management commands, gunicorn on 127.0.0.1, every operation, a bounded number of examples.
# Every check but missing_required_header (the 401-only auth check; this API answers 403),
# the stateful phase on; rules a schema cannot say are in scripts/fuzz_hooks.py.
# Exits non-zero on any failure.
#
#   scripts/fuzz.sh                       # needs PostgreSQL on 127.0.0.1:5432 (trust auth)
#   FUZZ_EXAMPLES=20 scripts/fuzz.sh      # fewer examples per operation
#   FUZZ_PG=postgres://postgres@127.0.0.1:5433 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."

pg="${FUZZ_PG:-postgres://postgres@127.0.0.1:5432}"
examples="${FUZZ_EXAMPLES:-50}"
db="desk_fuzz_$$"
org="fuzz"
report_dir="${FUZZ_REPORT_DIR:-$(mktemp -d /tmp/desk-fuzz-report.XXXXXX)}"
log="$(mktemp /tmp/desk-fuzz-gunicorn.XXXXXX)"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

psql -q "$pg/postgres" -c "CREATE DATABASE ${db}"
export DATABASE_URL="$pg/$db"
export DEBUG=0
export SECRET_KEY="desk-fuzz-only-secret-key-$(date +%s)-not-for-production"
export ALLOWED_HOSTS="127.0.0.1"

uv run python manage.py migrate --noinput >/dev/null
uv run python manage.py create_org "$org" --name "Fuzz Shop" >/dev/null
uv run python manage.py create_org fuzz-rival --name "Rival Shop" >/dev/null
token="$(uv run python manage.py create_api_token --org "$org" | tail -n1)"
# Some data of another organization, which no request of the run may reach.
uv run python -m bench.seed --org fuzz-rival --orders 2 --items 1 --pickups --deliveries >/dev/null

port="$(uv run python -c 'from bench.harness import free_port; print(free_port())')"
# No request-line limit: schemathesis sends long query strings, which gunicorn would answer with
# its own 414 page before the application sees them.
uv run gunicorn desk.wsgi --bind "127.0.0.1:${port}" --workers 2 --timeout 30 --limit-request-line 0 \
  --access-logfile /dev/null >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:${port}/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:${port}/api/health" >/dev/null

# Real objects of the organization for the pinned path parameters (scripts/schemathesis.toml).
fuzz_env="$(mktemp /tmp/desk-fuzz-env.XXXXXX)"
uv run python scripts/fuzz_data.py "http://127.0.0.1:${port}" "$org" "$token" >"$fuzz_env"
# shellcheck disable=SC1090
source "$fuzz_env"

operations="$(curl -fsS "http://127.0.0.1:${port}/api/openapi.json" |
  uv run python -c 'import json,sys; s=json.load(sys.stdin); print(sum(len([m for m in v if m in {"get","put","post","patch","delete"}]) for v in s["paths"].values()))')"
echo "== schemathesis: ${operations} operations, up to ${examples} examples each"

export DESK_FUZZ_ORG="$org"
export SCHEMATHESIS_HOOKS=scripts.fuzz_hooks PYTHONPATH="${PYTHONPATH:+$PYTHONPATH:}$PWD"
status=0
uv run schemathesis --config-file scripts/schemathesis.toml run \
  "http://127.0.0.1:${port}/api/openapi.json" \
  --header "Authorization: Bearer ${token}" \
  --checks all \
  --exclude-checks missing_required_header \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "$examples" \
  --seed "${FUZZ_SEED:-20251127}" \
  --workers 1 \
  --request-timeout 10 \
  --generation-database none \
  --suppress-health-check all \
  --no-color \
  --report junit --report-dir "$report_dir" || status=$?

if grep -q "Internal error\|Traceback" "$log"; then
  echo "== server log shows errors:"
  grep -B2 -A20 "Traceback" "$log" | head -200
fi
echo "== schemathesis report in ${report_dir}, exit status ${status}"
exit "$status"
