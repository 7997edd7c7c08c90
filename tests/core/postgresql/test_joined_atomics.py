"""core.postgresql's atomics_joined: blocks opened directly inside take no savepoint, deeper
ones keep theirs."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core.models import Counter

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend's own"
)


def savepoints(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" in q["sql"]]


def test_a_block_opened_directly_inside_takes_no_savepoint_and_a_deeper_one_does(organization):
    with transaction.atomic(), connection.atomics_joined():
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            Counter.objects.create(organization=organization, name="joined")
            assert savepoints(captured) == []
            with transaction.atomic():
                Counter.objects.create(organization=organization, name="deeper")
        assert [sql.split()[0] for sql in savepoints(captured)] == ["SAVEPOINT", "RELEASE"]


def test_a_failure_in_a_joined_block_marks_the_whole_transaction_for_rollback(organization):
    with transaction.atomic(), connection.atomics_joined():
        with pytest.raises(ValueError), transaction.atomic():
            raise ValueError("inside")
        assert transaction.get_rollback()
        transaction.set_rollback(False)  # the test's own transaction carries on


def test_a_database_error_caught_around_a_deeper_block_is_recovered(organization):
    Counter.objects.create(organization=organization, name="taken")
    with transaction.atomic(), connection.atomics_joined(), transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():
            Counter.objects.create(organization=organization, name="taken")
        assert not transaction.get_rollback()
        assert Counter.objects.filter(organization=organization, name="taken").count() == 1
