"""A request waits for an unanswering database once: after one call outlived its deadline,
no new connection is tried for the rest of the request; the next request connects again."""

import pytest
from django.db import OperationalError, connection, connections
from django.test import override_settings

from core.postgresql.deadlines import serving_request

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="deadlines are PostgreSQL's backend"
    ),
]


@pytest.fixture
def own_connection():
    """A connection of this test's own, so that breaking it leaves the test database's be."""
    wrapper = connections.create_connection("default")
    yield wrapper
    wrapper.close()


@override_settings(DATABASE_CALL_DEADLINE_SECONDS=0.3)
def test_after_a_call_past_its_deadline_no_new_connection_is_tried(own_connection):
    with serving_request():
        with pytest.raises(OperationalError), own_connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        own_connection.close()  # as a failed rollback leaves it
        with pytest.raises(OperationalError, match="earlier in this request"):
            own_connection.ensure_connection()
        assert own_connection.connection is None


@override_settings(DATABASE_CALL_DEADLINE_SECONDS=0.3)
def test_the_next_request_connects_again(own_connection):
    with serving_request():
        with pytest.raises(OperationalError), own_connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        own_connection.close()
    with serving_request(), own_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
