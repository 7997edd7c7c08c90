"""core.sqlite's backend: a transaction holds its writer turn from BEGIN to its end."""

from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction

from core.models import Counter
from core.sqlite.writer_turns import WriterTurn

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's own"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def other_writer():
    """Turns of another connection to the test database, let go of at the end."""
    turns = []

    def turn() -> WriterTurn:
        turns.append(WriterTurn(Path(f"{connection.settings_dict['NAME']}-writers")))
        return turns[-1]

    yield turn
    for taken in turns:
        taken.give_up()


def test_a_transaction_holds_the_turn_until_it_commits(organization, other_writer):
    with transaction.atomic():
        Counter.objects.create(organization=organization, name="held")
        with pytest.raises(Exception, match="database is locked"):
            other_writer().take(timeout=0.05)
    assert other_writer().take(timeout=1) >= 0


def test_a_transaction_that_rolls_back_lets_go_of_the_turn(organization, other_writer):
    with pytest.raises(ValueError), transaction.atomic():
        Counter.objects.create(organization=organization, name="undone")
        raise ValueError("undo")
    assert other_writer().take(timeout=1) >= 0
    assert not Counter.objects.filter(name="undone").exists()


def test_a_transaction_whose_turn_does_not_come_is_an_operational_error(
    organization, other_writer, monkeypatch
):
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.1)
    holder = other_writer()
    holder.take(timeout=1)
    with pytest.raises(OperationalError, match="database is locked"), transaction.atomic():
        Counter.objects.create(organization=organization, name="never")
    holder.give_up()
    assert not Counter.objects.filter(name="never").exists()
