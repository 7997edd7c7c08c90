"""Throughput of one authenticated read against the cheapest endpoint, on the same server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/throughput.py

Starts `gunicorn desk.wsgi` with 2 workers on 127.0.0.1 (DEBUG off) against DATABASE_URL
(migrated first; a dedicated organization with one order and its pickup is created and removed
at the end), then runs wrk (Debian package `wrk`) with 16 connections for 10 s, alternately on

- GET /api/health                                   (no auth; one `SELECT 1`), and
- GET /api/org/{org}/fulfillments/pickups/{id}      (bearer token; the pickup and its items),

`--rounds` times each (default 2), and prints the median requests per second of each, their
ratio (goal: at least 0.5) and wrk's p50/p99 latencies. Any non-2xx answer fails the run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import AppServer, http, manage, seed  # noqa: E402
from bench.machine import describe  # noqa: E402

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(output: str) -> dict:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latencies = {}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        latencies[percent] = float(match.group(1)) * UNITS[match.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    total = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rate": rate,
        "p50": latencies["50"],
        "p99": latencies["99"],
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(0) if errors else "",
        "requests": total,
    }


def wrk(url: str, *, token: str | None, seconds: int, connections: int) -> dict:
    command = [
        shutil.which("wrk") or "/usr/bin/wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database")
    if not (shutil.which("wrk") or Path("/usr/bin/wrk").exists()):
        parser.error("wrk is not installed (apt-get install wrk)")

    org = f"bench-{uuid.uuid4().hex[:8]}"
    manage("migrate", "--noinput", database_url=database_url)
    manage("create_org", org, "--name", "Throughput bench", database_url=database_url)
    token = manage("create_api_token", "--org", org, database_url=database_url).splitlines()[-1]
    created = seed(database_url, "--org", org, "--orders", "1", "--items", "3", "--pickups")
    server = AppServer(database_url, workers=options.workers).start()
    try:
        health_url = f"{server.base_url}/api/health"
        pickup_url = f"{server.base_url}/api/org/{org}/fulfillments/pickups/{created['pickups'][0]}"
        assert http("GET", health_url).status == 200
        probe = http("GET", pickup_url, token=token)
        assert probe.status == 200, probe.body[:300]
        # Warm both paths (imports, connections, caches) before measuring.
        wrk(health_url, token=None, seconds=2, connections=options.connections)
        wrk(pickup_url, token=token, seconds=2, connections=options.connections)
        runs: dict[str, list[dict]] = {"health": [], "pickup": []}
        for _ in range(options.rounds):
            runs["health"].append(
                wrk(
                    health_url, token=None, seconds=options.seconds, connections=options.connections
                )
            )
            runs["pickup"].append(
                wrk(
                    pickup_url,
                    token=token,
                    seconds=options.seconds,
                    connections=options.connections,
                )
            )
    finally:
        server.stop()
        manage(
            "shell",
            "-c",
            f"from bench.seed import remove_organization; remove_organization({org!r})",
            database_url=database_url,
            check=False,
        )

    print(f"machine:  {describe(with_database=False)}")
    print(
        f"setup:    gunicorn desk.wsgi, {options.workers} sync workers, DEBUG off, 127.0.0.1; "
        f"wrk -t2 -c{options.connections} -d{options.seconds}s, {options.rounds} rounds alternating"
    )
    summary = {}
    for name, results in runs.items():
        for result in results:
            assert result["non_2xx"] == 0, (name, result)
        summary[name] = {
            key: statistics.median(result[key] for result in results)
            for key in ("rate", "p50", "p99")
        }
        print(
            f"{name:8s}  {summary[name]['rate']:8.1f} req/s  p50 {summary[name]['p50']:6.2f} ms  "
            f"p99 {summary[name]['p99']:6.2f} ms  "
            f"({', '.join(format(r['rate'], '.0f') for r in results)} req/s per round)"
        )
    ratio = summary["pickup"]["rate"] / summary["health"]["rate"]
    verdict = "met" if ratio >= 0.5 else "NOT met"
    print(f"ratio:    {ratio:.2f} (pickup / health; goal >= 0.5: {verdict})")


if __name__ == "__main__":
    main()
