import base64

import pytest
from django.test import Client

from core.models import ApiToken
from core.services import api_client_create
from tests.conftest import assert_problem


def basic(name: str, secret: str) -> dict:
    encoded = base64.b64encode(f"{name}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


@pytest.mark.django_db
def test_health_answers_ok_when_the_database_answers():
    response = Client().get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_authorize_trades_client_credentials_for_a_token_that_reaches_the_api(organization):
    api_client_create(organization=organization, name="webshop", secret="s3cret")
    response = Client().get(
        f"/api/auth/authorize/{organization.id}", headers=basic("webshop", "s3cret")
    )
    assert response.status_code == 200
    token = response.json()["accessToken"]
    listing = Client().get(
        f"/api/org/{organization.id}/products", headers={"Authorization": f"Bearer {token}"}
    )
    assert listing.status_code == 200


def test_authorize_tokens_expire(organization):
    api_client_create(organization=organization, name="webshop", secret="s3cret")
    Client().get(f"/api/auth/authorize/{organization.id}", headers=basic("webshop", "s3cret"))
    assert ApiToken.objects.get().expires_at is not None


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic !!!"}, {"Authorization": "Bearer x"}],
    ids=["missing", "malformed", "not-basic"],
)
def test_authorize_without_valid_basic_credentials_is_403(organization, headers):
    assert_problem(Client().get(f"/api/auth/authorize/{organization.id}", headers=headers), 403)


def test_authorize_with_a_wrong_secret_is_403(organization):
    api_client_create(organization=organization, name="webshop", secret="s3cret")
    response = Client().get(
        f"/api/auth/authorize/{organization.id}", headers=basic("webshop", "no")
    )
    assert_problem(response, 403)


def test_authorize_for_another_organization_is_403(organization, other_organization):
    api_client_create(organization=organization, name="webshop", secret="s3cret")
    response = Client().get(
        f"/api/auth/authorize/{other_organization.id}", headers=basic("webshop", "s3cret")
    )
    assert_problem(response, 403)


def test_missing_token_is_403(api):
    assert_problem(api.get("/products", token=""), 403)


def test_unknown_token_is_403(api):
    assert_problem(api.get("/products", token="not-a-token"), 403)


def test_token_of_another_organization_is_403(api, other_api):
    assert_problem(api.get("/products", token=other_api.token), 403)


def test_revoked_token_is_403(api):
    from django.utils import timezone

    ApiToken.objects.update(revoked_at=timezone.now())
    assert_problem(api.get("/products"), 403)


def test_expired_token_is_403(api):
    from datetime import timedelta

    from django.utils import timezone

    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_problem(api.get("/products"), 403)


def test_openapi_schema_names_path_parameters_as_the_spec_does(db):
    schema = Client().get("/api/openapi.json").json()
    assert any("{org-id}" in path for path in schema["paths"])
    assert not any("{org_id}" in path for path in schema["paths"])
