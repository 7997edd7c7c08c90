"""Moved by job: core.parsing, core.rendering, core.auth, core.openapi, core.errors. These
names stay importable from here until every caller imports them from their modules."""

from core.auth import OrganizationBearer
from core.errors import install_error_handlers
from core.openapi import declare_problem_media_type
from core.parsing import StrictJsonParser, parse_json_body
from core.rendering import JSON_CONTENT_TYPE, ExactJsonRenderer, json_response

__all__ = [
    "JSON_CONTENT_TYPE",
    "ExactJsonRenderer",
    "OrganizationBearer",
    "StrictJsonParser",
    "declare_problem_media_type",
    "install_error_handlers",
    "json_response",
    "parse_json_body",
]
