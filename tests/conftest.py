"""Fixtures every test app shares: organizations, tokens, an API client that speaks JSON."""

import json
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import pytest
from django.test import Client

from core.error_codes import ProblemCode
from core.models import Organization
from core.rendering import ExactJsonRenderer
from core.services import api_token_issue, organization_ensure
from orders.models import Product, TaxRate


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class ApiClient:
    """A test client for one organization's API: JSON bodies, bearer token, helpers."""

    def __init__(self, organization: Organization, token: str | None):
        self.organization = organization
        self.token = token
        self.client = Client()

    @property
    def base(self) -> str:
        return f"/api/org/{self.organization.id}"

    def _headers(self, token: str | None) -> dict[str, str]:
        token = self.token if token is None else token
        return {"Authorization": f"Bearer {token}"} if token else {}

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | str | None = None,
        token: str | None = None,
        query: dict | None = None,
    ):
        url = path if path.startswith("/api/") else self.base + path
        data = raw if raw is not None else (None if body is None else json.dumps(body, default=str))
        handler = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": self._headers(token)}
        if method.upper() == "GET":
            return handler(url, query or {}, **kwargs)
        if data is not None:
            kwargs["data"] = data
            kwargs["content_type"] = "application/json"
        if query:
            from urllib.parse import urlencode

            url = f"{url}?{urlencode(query, doseq=True)}"
        return handler(url, **kwargs)

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs):
        return self.request("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs):
        return self.request("PUT", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs):
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.request("DELETE", path, **kwargs)


def json_of(response) -> Any:
    """The response body parsed with exact decimals."""
    return json.loads(response.content, parse_float=Decimal)


def ids_of(response) -> list[str]:
    """The ids of a 200 list answer that reports no problem entries."""
    assert response.status_code == 200, response.content
    body = json_of(response)
    assert body["problems"] == []
    return [item["id"] for item in body["items"]]


def as_validated(schema, body) -> bytes:
    """What django-ninja sends after validating `body` against the operation's response schema
    (for endpoints that skip that pass because their selector builds the exact shape)."""
    dumped = schema.model_validate(body).model_dump()
    return ExactJsonRenderer().render(None, dumped, response_status=200).encode()


def resolved(document: dict, node: dict) -> dict:
    """`node` of an OpenAPI document with its `$ref` followed."""
    while "$ref" in node:
        node = document["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def assert_problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert body["type"] == "about:blank"
    assert body["title"] == HTTPStatus(status).phrase
    assert body["code"] in set(ProblemCode), body
    if code is not None:
        assert body["code"] == code, body
    return body


WINDOW = {"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}


@pytest.fixture
def organization(db) -> Organization:
    return organization_ensure(org_id="shop", name="Corner Shop")


@pytest.fixture
def other_organization(db) -> Organization:
    return organization_ensure(org_id="rival", name="Rival Shop")


@pytest.fixture
def api(organization) -> ApiClient:
    return ApiClient(organization, api_token_issue(organization=organization, label="tests"))


@pytest.fixture
def other_api(other_organization) -> ApiClient:
    return ApiClient(
        other_organization, api_token_issue(organization=other_organization, label="rival")
    )


@pytest.fixture
def product(organization) -> Product:
    return Product.objects.create(
        organization=organization,
        product_id="coffee",
        name="Coffee beans 500 g",
        price_value=Decimal("10.00"),
        currency="EUR",
        price_is_gross=True,
        tax=TaxRate.objects.get(identifier="DE_STANDARD_VAT_2007"),
    )
