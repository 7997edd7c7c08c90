"""Every authenticated request looks its bearer token up: one query, with no join to the
organization and no ORDER BY (both cost planning time on each request; see BENCHMARKS.md)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.http import OrganizationBearer
from core.models import ApiToken
from core.services import api_client_create


class Request:
    def __init__(self, org_id: str):
        self.resolver_match = type("Match", (), {"kwargs": {"org_id": org_id}})()


def test_a_script_token_is_found_with_one_query_without_organization_join(organization):
    _, plain = ApiToken.issue(organization=organization, label="script")
    with CaptureQueriesContext(connection) as captured:
        found = OrganizationBearer().authenticate(Request(organization.id), plain)
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
        assert OrganizationBearer().authenticate(Request(organization.id), plain) is None
    assert len(captured.captured_queries) == 1


def test_a_token_of_another_organization_is_refused(organization, other_organization):
    _, plain = ApiToken.issue(organization=other_organization, label="rival")
    assert OrganizationBearer().authenticate(Request(organization.id), plain) is None
