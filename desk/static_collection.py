"""Static files ready for production without a manual step.

With DEBUG off the pages name their static files by content hash (WhiteNoise's manifest storage,
cached forever by browsers), which needs a `collectstatic` run. The WSGI entry point calls
`collect_static_if_stale()` before it serves: the first process to start collects under a file
lock; every other process (gunicorn's workers start at once) waits on the lock, then finds the
collection current by its fingerprint and skips. A change to any source file changes the
fingerprint, so the next start collects again.
"""

import fcntl
import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

FINGERPRINT_FILE = ".collected-fingerprint"
LOCK_FILE = ".collect.lock"


def source_fingerprint() -> str:
    """A digest of every file the finders see: its name, size and modification time."""
    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def collection_is_current(root: Path, fingerprint: str) -> bool:
    stamp = root / FINGERPRINT_FILE
    manifest = root / "staticfiles.json"
    return manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint


def collect_static_if_stale() -> bool:
    """Collect static files into STATIC_ROOT unless the collection there is current; True when
    this call collected. Does nothing with DEBUG on (the finders serve the sources)."""
    if settings.DEBUG:
        return False
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    fingerprint = source_fingerprint()
    if collection_is_current(root, fingerprint):
        return False
    with (root / LOCK_FILE).open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if collection_is_current(root, fingerprint):
            return False
        call_command("collectstatic", interactive=False, verbosity=0)
        (root / FINGERPRINT_FILE).write_text(fingerprint)
        return True
