"""JSON in, strictly: UTF-8, exact decimals, no NaN/Infinity, nesting bounded. NUL characters
(PostgreSQL text cannot hold them) are refused by the schemas of the fields that are read
(`core.schemas.NulFree`), where the published document says so; properties that no schema
reads are ignored, NUL or not."""

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from core.problems import BadRequest

MAX_JSON_DEPTH = 32


def _reject_constant(name: str) -> Any:
    raise BadRequest(f"{name} is not a valid JSON number.")


def _check_json_value(value: Any, depth: int = 0) -> None:
    if depth > MAX_JSON_DEPTH:
        raise BadRequest(f"JSON nested deeper than {MAX_JSON_DEPTH} levels.")
    if isinstance(value, dict):
        for item in value.values():
            _check_json_value(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_json_value(item, depth + 1)


def parse_json_body(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("Request body is not valid UTF-8.") from exc
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except RecursionError as exc:
        raise BadRequest("JSON nested too deeply.") from exc
    except json.JSONDecodeError as exc:
        raise BadRequest(f"Malformed JSON: {exc.msg} at position {exc.pos}.") from exc
    except ValueError as exc:  # e.g. an integer literal with too many digits
        raise BadRequest(f"Malformed JSON: {exc}.") from exc
    _check_json_value(data)
    return data


class StrictJsonParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        return parse_json_body(request.body)
