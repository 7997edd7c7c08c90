"""The API's Basic exchange refuses a client name after 5 failures from one address within
15 minutes, with 429 TOO_MANY_ATTEMPTS and Retry-After, for 15 minutes."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from core.services import api_client_create
from tests.conftest import assert_problem
from tests.core.api.test_access import basic

LIMIT = 5


@pytest.fixture
def webshop(organization):
    api_client_create(organization=organization, name="webshop", secret="s3cret")
    return f"/api/auth/authorize/{organization.id}"


def fail(url: str, times: int, *, name: str = "webshop", address: str = "10.0.0.1") -> list[int]:
    client = Client(REMOTE_ADDR=address)
    return [client.get(url, headers=basic(name, "wrong")).status_code for _ in range(times)]


def authorize(url: str, *, name: str = "webshop", address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).get(url, headers=basic(name, "s3cret"))


def test_five_failures_lock_the_client_name_with_429_and_retry_after(webshop):
    assert fail(webshop, LIMIT - 1) == [403] * (LIMIT - 1)
    fail(webshop, 1)
    refused = authorize(webshop)
    body = assert_problem(refused, 429)
    assert body["code"] == "TOO_MANY_ATTEMPTS"
    assert 800 < int(refused["Retry-After"]) <= 900


def test_four_failures_do_not_lock(webshop):
    fail(webshop, LIMIT - 1)
    assert authorize(webshop).status_code == 200


def test_a_lock_does_not_reach_another_client_name(webshop, organization):
    api_client_create(organization=organization, name="register", secret="s3cret")
    fail(webshop, LIMIT)
    assert authorize(webshop, name="register").status_code == 200


def test_a_lock_does_not_reach_another_address(webshop):
    fail(webshop, LIMIT)
    assert authorize(webshop, address="10.0.0.2").status_code == 200


def test_the_lock_expires_after_15_minutes(webshop):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail(webshop, LIMIT)
        clock.shift(timedelta(minutes=14))
        assert authorize(webshop).status_code == 429
        clock.shift(timedelta(minutes=1, seconds=1))
        assert authorize(webshop).status_code == 200
