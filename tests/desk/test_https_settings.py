"""DESK_HTTPS=1 makes the desk fit to serve over HTTPS only: Django's deployment checks find
nothing, plain HTTP is redirected, and the proxy's X-Forwarded-Proto counts as HTTPS."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUESTS_SNIPPET = """
from desk.static_collection import collect_static_if_stale
from django.test import Client
collect_static_if_stale()  # what the WSGI entry point does before it serves
plain = Client().get("/login/")
proxied = Client().get("/login/", headers={"X-Forwarded-Proto": "https"})
print(plain.status_code, plain.headers.get("Location"))
print(proxied.status_code, proxied.headers.get("Strict-Transport-Security"))
print(proxied.cookies["csrftoken"]["secure"])
"""


def run_manage(*args: str, https: bool, static_root: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "STATIC_ROOT": str(static_root),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("DESK_HTTPS", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting, never production's
    if https:
        env["DESK_HTTPS"] = "1"
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_reports_nothing_with_desk_https_and_a_secret_key(tmp_path):
    done = run_manage(
        "check", "--deploy", "--fail-level", "DEBUG", https=True, static_root=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_check_deploy_names_what_is_missing_without_desk_https(tmp_path):
    done = run_manage("check", "--deploy", https=False, static_root=tmp_path)
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr + done.stdout


def test_desk_https_redirects_plain_http_and_trusts_the_proxy_header(tmp_path):
    done = run_manage("shell", "-c", REQUESTS_SNIPPET, https=True, static_root=tmp_path)
    assert done.returncode == 0, done.stderr
    plain, proxied, secure_cookie = done.stdout.strip().splitlines()[-3:]
    assert plain == "301 https://testserver/login/"
    assert proxied.startswith("200 max-age=31536000")
    assert secure_cookie == "True"
