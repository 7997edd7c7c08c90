"""JSON in, strictly: UTF-8, exact decimals, no NaN/Infinity, no NUL characters (PostgreSQL
text cannot hold them), nesting bounded."""

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
    if isinstance(value, str):
        if "\x00" in value:
            raise BadRequest("Text must not contain NUL characters.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json_value(key, depth + 1)
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
