"""Writes of the drafts app: building a basket and finalizing it.

Every write runs in one transaction and first locks the draft row (`select_for_update`), so a
concurrent finalization (or checkout, which locks the same row first) can never interleave with
a change to the draft's parts. A rejected request raises before anything is written, or inside
the transaction, which then rolls back.

Rules (each a problem document with its status):
- unknown draft, item, pickup or delivery, or one of another organization: 404;
- any change to a finalized draft or its parts: 409;
- an item whose `product` is not in the organization's catalog: 422;
- a manual price whose currency is not the product's currency: 422;
- `depending_items` naming an item that is not in the same draft, the item itself, the same item
  twice, or closing a cycle: 422;
- pickup/delivery `items` naming an item that is not in the same draft, the same item twice, or
  an item already handed over by another pickup or delivery of the draft: 422;
- a pager number held by an open (PENDING/PREPARED) pickup of the organization at the same
  pickup location, or by another pickup of the same draft at that location: 422;
- deleting an item that a pickup, a delivery or another item's `depending_items` still names:
  409 (remove the reference first);
- finalizing a draft without items, or with a reference that is no longer consistent: 422;
  finalizing it again: 422 ("draft already finalized" in the contract's table of 422s).
"""

from drafts.services.checks import lock_draft
from drafts.services.draft import (
    draft_consistency_problems,
    draft_create,
    draft_customer_delete,
    draft_customer_set,
    draft_delete,
    draft_finalize,
)
from drafts.services.fulfillments import (
    draft_delivery_delete,
    draft_delivery_write,
    draft_pickup_delete,
    draft_pickup_write,
)
from drafts.services.items import draft_item_delete, draft_item_write

__all__ = [
    "draft_consistency_problems",
    "draft_create",
    "draft_customer_delete",
    "draft_customer_set",
    "draft_delete",
    "draft_delivery_delete",
    "draft_delivery_write",
    "draft_finalize",
    "draft_item_delete",
    "draft_item_write",
    "draft_pickup_delete",
    "draft_pickup_write",
    "lock_draft",
]
