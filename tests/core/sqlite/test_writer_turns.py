"""core.sqlite's writer turns: one writer of an SQLite file at a time, a waiter woken as soon
as the holder lets go, a wait that stops at its deadline."""

import subprocess
import sys
import threading

import pytest

from core.sqlite.writer_turns import WriterTurn


@pytest.fixture
def lock_path(tmp_path):
    return tmp_path / "db.sqlite3-writers"


@pytest.fixture
def turn(lock_path):
    """A new connection's turns at the test's lock file, let go of at the end."""
    made = []

    def new() -> WriterTurn:
        made.append(WriterTurn(lock_path))
        return made[-1]

    yield new
    for taken in made:
        taken.give_up()


def test_a_turn_no_one_holds_is_taken_at_once(turn):
    first = turn()
    assert first.take(timeout=1) == 0.0
    assert first.held


def test_a_waiter_gets_the_turn_as_soon_as_the_holder_lets_go(turn):
    holder, waiter = turn(), turn()
    holder.take(timeout=1)
    waited, taken = [], threading.Event()

    def wait_for_turn():
        waited.append(waiter.take(timeout=10))
        taken.set()

    threading.Thread(target=wait_for_turn).start()
    assert not taken.wait(0.2)
    holder.give_up()
    assert taken.wait(10)
    assert waited[0] > 0 and waiter.held


def test_a_turn_that_does_not_come_in_time_is_database_is_locked(turn):
    turn().take(timeout=1)
    late = turn()
    with pytest.raises(Exception, match="database is locked"):
        late.take(timeout=0.1)
    assert not late.held


def test_a_waiter_that_stopped_waiting_lets_go_of_the_turn_when_it_comes(turn):
    holder = turn()
    holder.take(timeout=1)
    with pytest.raises(Exception, match="database is locked"):
        turn().take(timeout=0.1)
    holder.give_up()
    assert turn().take(timeout=5) >= 0


def test_a_process_that_dies_holding_the_turn_lets_go_of_it(turn, lock_path):
    holding = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from core.sqlite.writer_turns import WriterTurn\n"
            f"WriterTurn(__import__('pathlib').Path({str(lock_path)!r})).take(timeout=1)\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holding.stdout.readline().strip() == "held"
        with pytest.raises(Exception, match="database is locked"):
            turn().take(timeout=0.1)
        holding.kill()
        holding.wait(10)
        assert turn().take(timeout=5) >= 0
    finally:
        holding.kill()
        holding.wait(10)
