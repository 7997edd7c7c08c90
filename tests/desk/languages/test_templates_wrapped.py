"""No template writes English past the translation framework: every word a person reads (text
between tags, titles, labels, placeholders) stands in {% translate %} or {% blocktranslate %}."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
TRANSLATED = re.compile(
    r"{%\s*blocktranslate\b.*?%}.*?{%\s*endblocktranslate\s*%}|{%\s*translate\b.*?%}", re.S
)
TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
READ_ATTRIBUTES = re.compile(r'\b(?:title|aria-label|placeholder|alt|hx-confirm)="([^"]*)"', re.S)
# What is no text for people: scripts, styles, meta tags (the htmx config) and the blocks that
# fill in class names and attributes.
NOT_TEXT = re.compile(
    r"<script\b.*?</script>|<style\b.*?</style>|<meta\b[^>]*>"
    r"|{%\s*block\s+(?:body_class|color_scheme|body_attrs)\s*%}.*?{%\s*endblock\s*%}",
    re.S,
)
WORD = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def words_left(source: str) -> list[str]:
    plain = TEMPLATE_CODE.sub(" ", TRANSLATED.sub(" ", NOT_TEXT.sub(" ", source)))
    attribute_words = [value for value in READ_ATTRIBUTES.findall(plain) if WORD.search(value)]
    between_tags = re.sub(r"<[^>]*>", " ", plain)
    return attribute_words + WORD.findall(between_tags)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_a_template_has_no_text_outside_translate_tags(template):
    assert words_left(template.read_text()) == []


def test_the_check_finds_text_outside_translate_tags():
    source = '<p title="Late">{% translate "Ready" %} {{ count }} waiting</p>'
    assert words_left(source) == ["Late", "waiting"]
