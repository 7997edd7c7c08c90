"""The request-path reads (bearer token, pickup with its items) compiled once against the ORM
compiling them per request, as a share of `GET /api/health`, on one machine in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/compiled_reads.py

Starts two gunicorn servers (2 workers each, DEBUG off) on the same database: `desk.wsgi` as
shipped (`Statement.of_query`: the ORM's SQL compiled once per process) and
`bench.wsgi_compiled_per_request` (the same querysets compiled on every request, as plain
querysets are), then runs wrk (16 connections × 10 s) alternately on health, the shipped pickup
GET and the per-request one, `--rounds` times, and prints the median requests/s and each
pickup's ratio to health (goal of issue 9: ≥ 0.6). With `--no-token-cache` the servers read the
token row on every request (API_TOKEN_CACHE_SECONDS=0), so the token lookup is timed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import AppServer, http, manage, seed  # noqa: E402
from bench.machine import describe  # noqa: E402
from bench.throughput import wrk  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-token-cache", action="store_true")
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database")

    org = f"bench-{uuid.uuid4().hex[:8]}"
    manage("migrate", "--noinput", database_url=database_url)
    manage("create_org", org, "--name", "Compiled reads bench", database_url=database_url)
    token = manage("create_api_token", "--org", org, database_url=database_url).splitlines()[-1]
    created = seed(database_url, "--org", org, "--orders", "1", "--items", "3", "--pickups")
    env = {"API_TOKEN_CACHE_SECONDS": "0"} if options.no_token_cache else {}
    servers = {
        "compiled once": AppServer(database_url, extra_env=env).start(),
        "per request": AppServer(
            database_url, extra_env=env, wsgi="bench.wsgi_compiled_per_request"
        ).start(),
    }
    path = f"/api/org/{org}/fulfillments/pickups/{created['pickups'][0]}"
    targets = {
        "health": (f"{servers['compiled once'].base_url}/api/health", None),
        **{name: (server.base_url + path, token) for name, server in servers.items()},
    }
    runs: dict[str, list[dict]] = {name: [] for name in targets}
    try:
        for url, bearer in targets.values():
            probe = http("GET", url, token=bearer)
            assert probe.status == 200, probe.body[:300]
            wrk(url, token=bearer, seconds=2, connections=options.connections)
        for _ in range(options.rounds):
            for name, (url, bearer) in targets.items():
                runs[name].append(
                    wrk(url, token=bearer, seconds=options.seconds, connections=options.connections)
                )
    finally:
        for server in servers.values():
            server.stop()
        manage(
            "shell",
            "-c",
            f"from bench.seed import remove_organization; remove_organization({org!r})",
            database_url=database_url,
            check=False,
        )

    print(f"machine:  {describe(with_database=False)}")
    print(f"load:     {os.getloadavg()}")
    print(
        f"setup:    2 gunicorn servers × 2 sync workers, wrk -c{options.connections} "
        f"-d{options.seconds}s, {options.rounds} rounds alternating; token cache "
        f"{'off' if options.no_token_cache else 'on'}"
    )
    rates = {}
    for name, results in runs.items():
        assert all(result["non_2xx"] == 0 for result in results), (name, results)
        rates[name] = statistics.median(result["rate"] for result in results)
        p50 = statistics.median(result["p50"] for result in results)
        print(f"{name:14s} {rates[name]:8.1f} req/s  p50 {p50:6.2f} ms")
    for name in servers:
        print(f"ratio {name}: {rates[name] / rates['health']:.2f} (pickup / health; goal >= 0.6)")


if __name__ == "__main__":
    main()
