"""/login/ refuses a username after 5 failed sign-ins from one address within 15 minutes, says
so on the page, lets other usernames in, and lets the username in again 15 minutes later; the
lock is listed and lifted in the admin."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests import factories

LIMIT = 5


def fail(username: str, times: int = LIMIT) -> None:
    client = Client()
    for _ in range(times):
        client.post("/login/", {"username": username, "password": "nope"})


def sign_in(username: str):
    return Client().post("/login/", {"username": username, "password": factories.PASSWORD})


@pytest.fixture
def alice(organization):
    return factories.staff(organization, "alice")


def test_five_failures_lock_the_username_and_the_page_says_so(alice):
    fail("alice")
    refused = sign_in("alice")
    assert refused.status_code == 429
    assert b"Too many failed sign-ins for this username" in refused.content
    assert b"15 minutes" in refused.content
    assert b'name="username"' in refused.content


def test_four_failures_do_not_lock(alice):
    fail("alice", LIMIT - 1)
    assert sign_in("alice").status_code == 302


def test_a_locked_username_does_not_lock_another(alice, organization):
    factories.staff(organization, "bob")
    fail("alice")
    assert sign_in("bob").status_code == 302


def test_the_lock_expires_after_15_minutes(alice):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail("alice")
        clock.shift(timedelta(minutes=14))
        assert sign_in("alice").status_code == 429
        clock.shift(timedelta(minutes=1, seconds=1))
        assert sign_in("alice").status_code == 302


def test_a_manager_sees_the_lock_in_the_admin_and_lifts_it(alice):
    fail("alice")
    manager = get_user_model().objects.create_superuser("manager", password="x" * 12)
    admin = Client()
    admin.force_login(manager)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert b"alice" in listing.content
    attempt = AccessAttempt.objects.get(username="alice")
    lifted = admin.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}, follow=False
    )
    assert lifted.status_code == 302
    assert sign_in("alice").status_code == 302
