"""The translation catalogs under locale/: every string of the templates and the desk's code is
translated into German and French, and the compiled catalogs (.mo, committed so that a fresh
checkout needs no build step) are exactly their sources (.po)."""

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "staticfiles", "__pycache__", "*.sqlite3*", ".ruff_cache"
)


def catalog_path(root: Path, language: str, suffix: str) -> Path:
    return root / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"


def gettext_tools() -> None:
    """GNU gettext's xgettext, msgmerge and msgfmt, which makemessages runs: skipped without
    them, unless REQUIRE_BROWSER=1 (CI, which installs them) makes that a failure."""
    missing = [tool for tool in ("xgettext", "msgmerge", "msgfmt") if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} missing: install Debian's gettext package"
    if os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def po_catalog(path: Path) -> dict:
    """The translations of a .po file, keyed as Python's gettext keys a compiled catalog."""
    catalog = {}
    for entry in polib.pofile(str(path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            catalog.update({(key, int(n)): text for n, text in entry.msgstr_plural.items()})
        elif entry.msgstr:
            catalog[key] = entry.msgstr
    return catalog


def mo_catalog(path: Path) -> dict:
    """The translations of a .mo file as the standard library reads it (header left out)."""
    with path.open("rb") as file:
        translations = gettext.GNUTranslations(file)
    return {key: text for key, text in translations._catalog.items() if key != ""}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_its_source(language):
    po = po_catalog(catalog_path(ROOT, language, "po"))
    assert po, "the catalog is empty"
    assert mo_catalog(catalog_path(ROOT, language, "mo")) == po, (
        "locale/ .mo differs from its .po: run `uv run manage.py compilemessages` and commit both"
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the checkout after `manage.py makemessages`: its catalogs as the code and
    templates of today ask for them, the translations already there merged in."""
    gettext_tools()
    copy = tmp_path_factory.mktemp("checkout") / "repo"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    here = Path.cwd()
    os.chdir(copy)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
            call_command("makemessages", locale=LANGUAGES, verbosity=0)
    finally:
        os.chdir(here)
    return copy


def untranslated(path: Path) -> list[str]:
    entries = polib.pofile(str(path))
    missing = [
        f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid}"
        for entry in entries
        if not entry.obsolete and ("fuzzy" in entry.flags or not entry.translated())
    ]
    return missing + [f"no longer used: {entry.msgid}" for entry in entries.obsolete_entries()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_templates_and_the_desk_is_translated(extracted, language):
    assert untranslated(catalog_path(extracted, language, "po")) == [], (
        "run `uv run manage.py makemessages -l de -l fr`, translate, compilemessages, commit"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_string(language):
    gettext_tools()
    check = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(catalog_path(ROOT, language, "po"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
