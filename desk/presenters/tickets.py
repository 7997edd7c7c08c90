"""A pickup's printed ticket: its big number, order number, items and a QR code holding the big
number (what the pager box finds), the code's geometry computed here for the template's SVG."""

from dataclasses import dataclass

import segno

from desk.presenters.cards import ItemLine, item_lines
from desk.presenters.formats import LocalTimes
from desk.presenters.texts import big_number
from fulfillment import board_selectors

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
TICKET_ITEMS = 6  # item lines a ticket prints; more are summed up, so it stays one page


@dataclass(frozen=True)
class QrCode:
    text: str
    size: int  # modules across, quiet zone included
    path: str  # SVG path data: one rectangle per run of dark modules, one unit per module


def qr_code(text: str) -> QrCode:
    """The smallest QR code (error correction M or better) of `text`."""
    code = segno.make_qr(text, error="m")
    runs = []
    for y, row in enumerate(code.matrix_iter(scale=1, border=QUIET_ZONE)):
        x = 0
        row = list(row)
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    size, _ = code.symbol_size(scale=1, border=QUIET_ZONE)
    return QrCode(text=text, size=size, path="".join(runs))


@dataclass(frozen=True)
class Ticket:
    id: str
    number: str
    has_pager: bool
    pickup_number: str
    order_number: str
    ordered: str
    location: str
    items: list[ItemLine]
    more_items: int  # item lines left off the ticket
    qr: QrCode


def pickup_ticket(*, organization_id: str, pickup_id) -> Ticket | None:
    """The ticket of one pickup of the organization, or None. Two queries."""
    row, items = board_selectors.pickup_ticket_row(
        organization_id=organization_id, pickup_id=pickup_id
    )
    if row is None:
        return None
    number = big_number(row.pager_number, row.pickup_number)
    return Ticket(
        id=str(row.id),
        number=number,
        has_pager=bool(row.pager_number),
        pickup_number=row.pickup_number,
        order_number=row.order__number,
        ordered=LocalTimes().moment(row.order__transaction_date_and_time),
        location=row.service_location or "",
        items=item_lines(items[:TICKET_ITEMS]),
        more_items=max(0, len(items) - TICKET_ITEMS),
        qr=qr_code(number),
    )
