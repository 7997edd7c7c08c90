"""Idle polls of the live desk fragments against /api/health, on the same gunicorn.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_bench uv run python bench/live_polls.py

Starts `gunicorn desk.wsgi` (2 sync workers, DEBUG off, 127.0.0.1) against DATABASE_URL with a
dedicated organization holding `--pickups` open pickups (pager numbers, half PREPARED) and as
many open deliveries, a counter screen and a logged-in staff session; then runs wrk (16
connections) alternately, `--rounds` times each, on

- health:   GET /api/health (no auth; one `SELECT 1`): the floor;
- queue:    GET /desk/pickups/ polled with the stamp it last got (`If-None-Match`): 304 (the
            stamp is taken right before each run: the cards' ages move on every minute);
- board:    GET /desk/deliveries/ the same way: 304;
- counter:  GET /display/<secret>/ the same way: 304;
- queue-checked, board-checked: the same idle polls on a second gunicorn started with
            DESK_POLL_PASS_SECONDS=0, so that every poll reads session, user and memberships
            (what a poll gets whose pass has run out: with passes of 10 s, one poll in five of
            a screen polling every 2 s; the "one screen" line mixes the two in that share);
- and, for "screens per core" before the change stamps, the same three fragments rendered in
  full at every poll (no `If-None-Match`, as every poll was answered before).

An idle run never spans a minute boundary (it waits for the next minute when the current one
has too little left): the stamps hold the clock minute. Prints each one's median requests/s,
the idle ones as a share of health (goal >= 0.8) and the screens one core holds at a 2-second
poll (requests/s / cores x 2 s) rendered in full at every poll (before) and idle (after).
The organization is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import AppServer, http, manage, seed, staff_session  # noqa: E402
from bench.machine import describe  # noqa: E402
from bench.throughput import parse_wrk  # noqa: E402

POLL_SECONDS = 2
PASS_SECONDS = 10  # DESK_POLL_PASS_SECONDS, as the servers run it
LOCATION = "counter-1"
HALF_READY = """
from fulfillment.models import Pickup
ids = list(Pickup.objects.filter(organization_id={org!r}).order_by("created_at")
           .values_list("id", flat=True)[: {half}])
Pickup.objects.filter(id__in=ids).update(status="PREPARED")
"""


def wrk(url: str, *, headers: dict[str, str], seconds: int, connections: int) -> dict:
    import subprocess

    command = [shutil.which("wrk") or "/usr/bin/wrk", "-t2", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pickups", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database")

    org = f"bench-{uuid.uuid4().hex[:8]}"
    manage("migrate", "--noinput", database_url=database_url)
    manage("create_org", org, "--name", "Live polls bench", database_url=database_url)
    count = str(options.pickups)
    seed(database_url, "--org", org, "--orders", count, "--pickups", "--pagers")
    seed(database_url, "--org", org, "--orders", count, "--deliveries")
    manage(
        "shell",
        "-c",
        HALF_READY.format(org=org, half=options.pickups // 2),
        database_url=database_url,
    )
    screen = manage(
        "create_display", "--org", org, "--location", LOCATION, database_url=database_url
    ).splitlines()[-1]
    session = staff_session(database_url, username=f"{org}-staff", org_id=org)
    server = AppServer(
        database_url,
        workers=options.workers,
        extra_env={"DESK_POLL_PASS_SECONDS": str(PASS_SECONDS)},
    ).start()
    checked = AppServer(
        database_url, workers=options.workers, extra_env={"DESK_POLL_PASS_SECONDS": "0"}
    ).start()
    staff = {"Cookie": f"sessionid={session}", "HX-Request": "true"}
    urls = {
        "queue": (f"{server.base_url}/desk/pickups/", staff),
        "board": (f"{server.base_url}/desk/deliveries/", staff),
        "counter": (f"{server.base_url}{screen}", {"HX-Request": "true"}),
    }
    try:
        plan = {"health": (f"{server.base_url}/api/health", {}, False)}
        for name, (url, headers) in urls.items():
            plan[name] = (url, headers, True)
            plan[f"{name}-full"] = (url, headers, False)
        for name in ("queue", "board"):
            url, headers = urls[name]
            plan[f"{name}-checked"] = (
                url.replace(server.base_url, checked.base_url),
                headers,
                True,
            )

        def measure(url: str, headers: dict, idle: bool, seconds: int) -> dict:
            if idle:  # the stamp as of now: the ages on the cards move on every minute
                left = 60 - time.time() % 60
                if left < seconds + 2:
                    time.sleep(left + 0.5)
                stamp = http("GET", url, headers=headers, timeout=180).headers["etag"]
                answer = http("GET", url, headers={**headers, "If-None-Match": stamp}, timeout=180)
                assert answer.status == 304 and not answer.body, (url, answer.status)
                headers = {**headers, "If-None-Match": stamp}
            return wrk(url, headers=headers, seconds=seconds, connections=options.connections)

        for url, headers, idle in plan.values():  # warm every path
            measure(url, headers, idle, 1)
        runs: dict[str, list[dict]] = {name: [] for name in plan}
        for _ in range(options.rounds):
            for name, (url, headers, idle) in plan.items():
                runs[name].append(measure(url, headers, idle, options.seconds))
    finally:
        server.stop()
        checked.stop()
        manage(
            "shell",
            "-c",
            f"from bench.seed import remove_organization; remove_organization({org!r})",
            database_url=database_url,
            check=False,
        )

    cores = os.cpu_count() or 1
    print(f"machine:  {describe(with_database=False)}")
    print(
        f"setup:    gunicorn desk.wsgi, {options.workers} sync workers, DEBUG off; wrk -t2 "
        f"-c{options.connections} -d{options.seconds}s, {options.rounds} rounds alternating; "
        f"{options.pickups} open pickups (half ready) and {options.pickups} open deliveries"
    )
    rate = {}
    for name, results in runs.items():
        for result in results:
            assert result["non_2xx"] == 0 and not result["socket_errors"], (name, result)
        rate[name] = statistics.median(result["rate"] for result in results)
        rounds = ", ".join(format(result["rate"], ".0f") for result in results)
        print(f"{name:13s} {rate[name]:8.1f} req/s  ({rounds} per round)")
    checked_share = POLL_SECONDS / PASS_SECONDS
    for name in ("queue", "board"):
        checked = rate[f"{name}-checked"]
        mixed = 1 / (checked_share / checked + (1 - checked_share) / rate[name])
        print(
            f"{name}-checked idle poll checked afresh {checked / rate['health']:.2f}x health; "
            f"one screen ({checked_share:.0%} of its polls checked) {mixed / rate['health']:.2f}x"
        )
    for name in urls:
        share = rate[name] / rate["health"]
        verdict = "met" if share >= 0.8 else "NOT met"
        before = rate[f"{name}-full"] / cores * POLL_SECONDS
        after = rate[name] / cores * POLL_SECONDS
        print(
            f"{name:8s} idle poll {share:.2f}x health (goal >= 0.8: {verdict}); screens per core "
            f"at a {POLL_SECONDS} s poll: {before:.0f} rendered every poll, {after:.0f} idle"
        )


if __name__ == "__main__":
    main()
