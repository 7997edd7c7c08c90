"""What machine a figure came from: CPUs, CPU model, memory, Python, database, date."""

import os
import platform
from datetime import UTC, datetime
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0


def database() -> str:
    try:
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SHOW server_version")
                return f"PostgreSQL {cursor.fetchone()[0]}"
            return connection.vendor
    except Exception:
        return "no database"


def describe(with_database: bool = True) -> str:
    parts = [
        f"{os.cpu_count()} CPUs ({cpu_model()})",
        f"{memory_gib():.0f} GiB RAM",
        f"Python {platform.python_version()}",
    ]
    if with_database:
        parts.append(database())
    parts.append(datetime.now(UTC).strftime("%Y-%m-%d"))
    return ", ".join(parts)
