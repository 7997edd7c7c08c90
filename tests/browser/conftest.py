"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

One browser per session, a new context (cookies, storage) per test. Test modules mark
themselves `browser` and transactional (the live server must see their data) with
serialized_rollback (the seeded tax rates survive for later transactional tests).

Without /usr/bin/chromium the tests skip with the reason, unless REQUIRE_BROWSER=1 (CI) makes
that a failure. Playwright's sync API runs an event loop in this thread, so the browser fixture
sets DJANGO_ALLOW_ASYNC_UNSAFE for the ORM calls the tests make.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from tests import factories

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TABLET = {"width": 1280, "height": 800}
# Screenshots go to a temporary folder, so a test run never rewrites the committed pictures;
# `DESK_SCREENSHOT_DIR=docs uv run pytest tests/browser/test_screenshots.py` refreshes docs/.
SCREENSHOTS = Path(
    os.environ.get("DESK_SCREENSHOT_DIR") or tempfile.mkdtemp(prefix="desk-screenshots-")
)


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def ensure_chromium(path: str = CHROMIUM, *, required: bool | None = None) -> None:
    """Skip when Chromium is missing, or fail when REQUIRE_BROWSER=1 (CI must not go green
    without having driven a browser)."""
    if os.access(path, os.X_OK):
        return
    reason = f"{path} is missing: install Debian's chromium package to run the browser tests"
    if browser_required() if required is None else required:
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    # From here on this thread has a running event loop; the tests' ORM calls are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    before = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        carry_test_database_state(before)
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def carry_test_database_state(before: dict) -> None:
    """Playwright's sync API leaves its event loop marked as running in this thread, and from
    then on Django hands out other (context-local) connection objects than before. The test
    database setup stored the serialized initial data (the seeded tax rates, restored by
    serialized_rollback) on the earlier ones: carry it over, or every transactional test after
    the first browser test would start without it."""
    for alias, earlier in before.items():
        now = connections[alias]
        if now is not earlier and hasattr(earlier, "_test_serialized_contents"):
            now._test_serialized_contents = earlier._test_serialized_contents


@pytest.fixture
def context(browser, live_server) -> Iterator:
    # Playwright's wait_for_function evaluates strings, which the desk's Content-Security-
    # Policy forbids; the policy itself is checked without this bypass in
    # test_content_security_policy.py.
    context = browser.new_context(viewport=TABLET, base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator:
    """A page that fails the test on any uncaught JavaScript error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"JavaScript errors: {errors}"


def log_in(context, live_server, user) -> None:
    """Give the browser context a session of the user (the login form has its own test)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture
def staff_page(context, page, live_server, organization):
    """A page of a logged-in staff member of the organization."""
    log_in(context, live_server, factories.staff(organization, "alice"))
    return page
