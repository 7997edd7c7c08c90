#!/usr/bin/env bash
# Every figure of BENCHMARKS.md, one command each, against a fresh PostgreSQL database of its
# own on 127.0.0.1:5432 (dropped at the end). Output also goes to bench/out/<date>.txt.
#   bench/all.sh                      # PG_URL=postgres://postgres@127.0.0.1:5432 by default
set -euo pipefail
cd "$(dirname "$0")/.."
pg="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
db="desk_bench_$$"
mkdir -p bench/out
out="bench/out/$(date -u +%Y%m%dT%H%M%SZ).txt"
cleanup() { psql -q "$pg/postgres" -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true; }
trap cleanup EXIT
psql -q "$pg/postgres" -c "CREATE DATABASE ${db}"
export DATABASE_URL="$pg/$db"
{
  echo "## $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname): nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
  for kind in pickups orders deliveries; do
    echo "### list vs floor: ${kind}"
    uv run python bench/listing.py "$kind"
  done
  echo "### list vs floor: pickups (bench/list_pickups.py)"
  uv run python bench/list_pickups.py
  echo "### throughput"
  uv run python bench/throughput.py
  echo "### desk fragments"
  uv run python bench/desk_fragments.py
  echo "### checkout"
  uv run python bench/checkout.py
  echo "### load with invariants"
  uv run python bench/load.py
} 2>&1 | grep --line-buffered -v -e "UserWarning: No directory at" -e "mw_instance = middleware" | tee "$out"
