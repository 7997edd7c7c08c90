"""The browser suite's own rules: no Chromium means skip, unless REQUIRE_BROWSER=1."""

import pytest

from tests.browser.conftest import browser_required, ensure_chromium

MISSING = "/nonexistent/chromium"


def test_without_chromium_the_browser_tests_skip_with_the_reason():
    with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium is missing"):
        ensure_chromium(MISSING, required=False)


def test_without_chromium_but_require_browser_the_browser_tests_fail():
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but"):
        ensure_chromium(MISSING, required=True)


@pytest.mark.parametrize(
    ("value", "required"), [("1", True), ("true", True), ("", False), ("0", False)]
)
def test_require_browser_is_read_from_the_environment(monkeypatch, value, required):
    monkeypatch.setenv("REQUIRE_BROWSER", value)
    assert browser_required() is required
    with pytest.raises(pytest.fail.Exception if required else pytest.skip.Exception):
        ensure_chromium(MISSING)
