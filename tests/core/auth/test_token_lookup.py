"""Every authenticated request needs its bearer token's row: one statement written once (no ORM
compilation per request), with no join to the organization and no ORDER BY (see BENCHMARKS.md).
Read-only requests may reuse a row this process read less than API_TOKEN_CACHE_SECONDS ago;
requests that may write always read it again, and expiry is checked on every request."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import auth
from core.auth import TOKEN_CACHE, OrganizationBearer
from core.models import ApiToken
from core.services import api_client_create


class Request:
    def __init__(self, org_id: str, method: str = "GET"):
        self.method = method
        self.resolver_match = type("Match", (), {"kwargs": {"org_id": org_id}})()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def clock(monkeypatch, settings):
    settings.API_TOKEN_CACHE_SECONDS = 2
    caches[TOKEN_CACHE].clear()
    fake = Clock()
    monkeypatch.setattr(auth, "clock", fake)
    yield fake
    caches[TOKEN_CACHE].clear()


def authenticate(organization, plain: str, method: str = "GET") -> ApiToken | None:
    return OrganizationBearer().authenticate(Request(organization.id, method), plain)


def queries_of(call) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, len(captured.captured_queries)


def test_a_script_token_is_found_with_one_query_without_organization_join(organization):
    _, plain = ApiToken.issue(organization=organization, label="script")
    with CaptureQueriesContext(connection) as captured:
        found = authenticate(organization, plain)
    assert found is not None and found.organization_id == organization.id
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    assert "core_organization" not in sql
    assert "ORDER BY" not in sql


def test_a_client_token_of_an_inactive_client_is_refused_within_the_same_query(organization):
    client = api_client_create(organization=organization, name="shop", secret="s3cret-s3cret")
    _, plain = ApiToken.issue(organization=organization, label="shop", client=client)
    client.is_active = False
    client.save()
    with CaptureQueriesContext(connection) as captured:
        assert authenticate(organization, plain) is None
    assert len(captured.captured_queries) == 1


def test_a_token_of_another_organization_is_refused(organization, other_organization):
    _, plain = ApiToken.issue(organization=other_organization, label="rival")
    assert authenticate(organization, plain) is None


def test_a_token_of_another_organization_is_refused_from_the_cache_too(
    organization, other_organization
):
    _, plain = ApiToken.issue(organization=other_organization, label="rival")
    assert OrganizationBearer().authenticate(Request(other_organization.id), plain) is not None
    assert queries_of(lambda: authenticate(organization, plain)) == (None, 0)


def test_the_token_found_has_every_field_loaded_so_reading_it_runs_no_query(organization):
    client = api_client_create(organization=organization, name="shop", secret="s3cret-s3cret")
    issued, plain = ApiToken.issue(
        organization=organization, label="shop", client=client, lifetime=timedelta(hours=1)
    )
    fields = ApiToken._meta.concrete_fields
    for _ in range(2):  # read from the database, then from the cache
        found = authenticate(organization, plain)
        with CaptureQueriesContext(connection) as captured:
            loaded = {field.attname: getattr(found, field.attname) for field in fields}
        assert captured.captured_queries == []
        assert loaded == {field.attname: getattr(issued, field.attname) for field in fields}
        assert found.pk == issued.pk and not found._state.adding
        assert found.expires_at.tzinfo is not None  # aware, as the ORM reads it (also SQLite)


def test_a_second_read_within_the_window_runs_no_query(organization, clock):
    _, plain = ApiToken.issue(organization=organization, label="script")
    assert queries_of(lambda: authenticate(organization, plain) is not None) == (True, 1)
    clock.now += 1.9
    assert queries_of(lambda: authenticate(organization, plain) is not None) == (True, 0)
    clock.now += 0.2
    assert queries_of(lambda: authenticate(organization, plain) is not None) == (True, 1)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_request_that_may_write_always_reads_the_token_from_the_database(organization, method):
    _, plain = ApiToken.issue(organization=organization, label="script")
    assert authenticate(organization, plain) is not None
    assert queries_of(lambda: authenticate(organization, plain, method) is not None) == (True, 1)


def test_a_write_does_not_fill_the_cache_and_drops_what_it_held(organization):
    _, plain = ApiToken.issue(organization=organization, label="script")
    assert authenticate(organization, plain, "POST") is not None
    assert queries_of(lambda: authenticate(organization, plain) is not None) == (True, 1)
    assert authenticate(organization, plain, "PUT") is not None
    assert queries_of(lambda: authenticate(organization, plain) is not None) == (True, 1)
    assert queries_of(lambda: authenticate(organization, plain) is not None) == (True, 0)


def test_a_revoked_token_writes_nothing_and_reads_nothing_after_a_refused_write(
    organization, clock
):
    token, plain = ApiToken.issue(organization=organization, label="script")
    assert authenticate(organization, plain) is not None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert authenticate(organization, plain, "PUT") is None
    assert authenticate(organization, plain) is None  # the PUT dropped the kept row
    assert authenticate(organization, plain, "POST") is None


def test_a_revoked_token_reads_for_at_most_the_window_after_it_was_last_read(organization, clock):
    token, plain = ApiToken.issue(organization=organization, label="script")
    assert authenticate(organization, plain) is not None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    clock.now += 1.9
    assert authenticate(organization, plain) is not None  # the documented limit
    clock.now += 0.1
    assert authenticate(organization, plain) is None


def test_a_deactivated_client_reads_for_at_most_the_window_and_writes_nothing(organization, clock):
    client = api_client_create(organization=organization, name="shop", secret="s3cret-s3cret")
    _, plain = ApiToken.issue(organization=organization, label="shop", client=client)
    assert authenticate(organization, plain) is not None
    client.is_active = False
    client.save()
    assert authenticate(organization, plain, "PUT") is None
    clock.now += 2
    assert authenticate(organization, plain) is None


def test_without_the_cache_a_revoked_token_is_refused_by_the_very_next_read(organization, settings):
    settings.API_TOKEN_CACHE_SECONDS = 0
    token, plain = ApiToken.issue(organization=organization, label="script")
    assert authenticate(organization, plain) is not None
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert queries_of(lambda: authenticate(organization, plain)) == (None, 1)


def test_expiry_is_checked_on_every_request_even_from_the_cache(organization, monkeypatch):
    _, plain = ApiToken.issue(
        organization=organization, label="script", lifetime=timedelta(minutes=5)
    )
    assert authenticate(organization, plain) is not None
    later = timezone.now() + timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert queries_of(lambda: authenticate(organization, plain)) == (None, 0)


def test_an_expired_token_is_refused(organization):
    token, plain = ApiToken.issue(organization=organization, label="script")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert authenticate(organization, plain) is None


def test_unknown_tokens_are_not_kept(organization):
    for guess in ("guess-0", "guess-1", "guess-2"):
        assert queries_of(lambda guess=guess: authenticate(organization, guess)) == (None, 1)
    assert queries_of(lambda: authenticate(organization, "guess-0")) == (None, 1)


def test_the_cache_keeps_at_most_its_size_dropping_the_oldest(organization, settings):
    bounded = {**settings.CACHES[TOKEN_CACHE], "LOCATION": "api-tokens-of-two"}
    bounded["OPTIONS"] = {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}
    settings.CACHES = {**settings.CACHES, TOKEN_CACHE: bounded}
    plains = [ApiToken.issue(organization=organization, label=f"t{n}")[1] for n in range(3)]
    for plain in plains:
        assert authenticate(organization, plain) is not None
    assert queries_of(lambda: authenticate(organization, plains[2]) is not None) == (True, 0)
    assert queries_of(lambda: authenticate(organization, plains[1]) is not None) == (True, 0)
    assert queries_of(lambda: authenticate(organization, plains[0]) is not None) == (True, 1)
