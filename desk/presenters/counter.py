"""The counter screen: numbers only, Preparing apart from Ready, oldest first."""

from dataclasses import dataclass, field

from desk.presenters.texts import big_number
from fulfillment import board_selectors
from fulfillment.models import CounterDisplay
from orders.statuses import PickupStatus


@dataclass(frozen=True)
class CounterNumber:
    key: str  # the pickup number: stable, unique per organization, not personal
    number: str


@dataclass
class CounterBoard:
    display: CounterDisplay
    preparing: list[CounterNumber] = field(default_factory=list)
    ready: list[CounterNumber] = field(default_factory=list)


def counter_board(*, display: CounterDisplay) -> CounterBoard:
    """One query reading pager number, pickup number and status, nothing else."""
    board = CounterBoard(display=display)
    for pager_number, pickup_number, status in board_selectors.counter_rows(display=display):
        entry = CounterNumber(key=pickup_number, number=big_number(pager_number, pickup_number))
        (board.ready if status == PickupStatus.PREPARED else board.preparing).append(entry)
    return board
