"""The whole basket → order → pickup flow as a typed integrator writes it, against a client
that openapi-python-client generated from /api/openapi.json
(tests/core/openapi/test_generated_client.py generates `desk_client` next to this file,
type-checks both with `mypy --strict`, then runs `run_flow` against a live server). No hand
edits to the generated code."""

import base64
import datetime

from desk_client import AuthenticatedClient
from desk_client.api.access import authorize
from desk_client.api.catalog import put_product
from desk_client.api.fulfillments import get_pickup, list_pickups, set_pickup_status
from desk_client.api.sales_order_drafts import (
    create_sales_order_draft,
    create_sales_order_draft_item,
    create_sales_order_draft_pickup,
    finalize_sales_order_draft,
    get_sales_order_draft,
)
from desk_client.api.sales_orders import create_sales_order_from_draft, get_sales_order
from desk_client.models import (
    AccessTokenOut,
    Currency,
    Money,
    PickupOut,
    PickupPage,
    PickupStatus,
    PickupStatusUpdate,
    Problem,
    ProductIn,
    ProductOut,
    Quantity,
    QuantityUnit,
    SalesOrderDraftFinalizationRequest,
    SalesOrderDraftIn,
    SalesOrderDraftItemIn,
    SalesOrderDraftItemOut,
    SalesOrderDraftOut,
    SalesOrderDraftPickupIn,
    SalesOrderDraftPickupOut,
    SalesOrderOut,
    SalesOrderStatus,
)


def access_token(base_url: str, org_id: str, client_name: str, secret: str) -> str:
    basic = base64.b64encode(f"{client_name}:{secret}".encode()).decode()
    with AuthenticatedClient(base_url=base_url, token=basic, prefix="Basic") as client:
        answer = authorize.sync(org_id, client=client)
    assert isinstance(answer, AccessTokenOut), answer
    return answer.access_token


def run_flow(base_url: str, org_id: str, client_name: str, secret: str) -> SalesOrderOut:
    token = access_token(base_url, org_id, client_name, secret)
    with AuthenticatedClient(base_url=base_url, token=token) as client:
        product = put_product.sync(
            org_id,
            "espresso",
            client=client,
            body=ProductIn(
                name="Espresso beans 1 kg",
                price=Money(value=24.5, unit=Currency.EUR),
                tax="DE_REDUCED_VAT_1983",
            ),
        )
        assert isinstance(product, ProductOut), product

        draft = create_sales_order_draft.sync(
            org_id, client=client, body=SalesOrderDraftIn(sales_channel="web-shop")
        )
        assert isinstance(draft, SalesOrderDraftOut), draft
        item = create_sales_order_draft_item.sync(
            org_id,
            draft.id,
            client=client,
            body=SalesOrderDraftItemIn(
                product="espresso", quantity=Quantity(value=2, unit=QuantityUnit.PIECES)
            ),
        )
        assert isinstance(item, SalesOrderDraftItemOut), item
        pickup = create_sales_order_draft_pickup.sync(
            org_id,
            draft.id,
            client=client,
            body=SalesOrderDraftPickupIn(items=[item.id], pager_number="7"),
        )
        assert isinstance(pickup, SalesOrderDraftPickupOut), pickup
        finalized = finalize_sales_order_draft.sync_detailed(
            org_id,
            draft.id,
            client=client,
            body=SalesOrderDraftFinalizationRequest(type_="SalesOrderDraftFinalizationRequest"),
        )
        assert finalized.status_code == 204, finalized

        order = create_sales_order_from_draft.sync(org_id, client=client, body=draft.id)
        assert isinstance(order, SalesOrderOut), order
        assert order.status == SalesOrderStatus.NEW
        gone = get_sales_order_draft.sync(org_id, draft.id, client=client)
        assert isinstance(gone, Problem) and gone.code.value == "NOT_FOUND", gone

        now = datetime.datetime.now(datetime.UTC)
        page = list_pickups.sync(
            org_id,
            client=client,
            from_=now - datetime.timedelta(hours=1),
            to=now + datetime.timedelta(hours=1),
            sales_order_id=order.id,
        )
        assert isinstance(page, PickupPage), page
        assert [found.status for found in page.items] == [PickupStatus.PENDING]
        pickup_id = page.items[0].id

        prepared = set_pickup_status.sync_detailed(
            org_id, pickup_id, client=client, body=PickupStatusUpdate(status=PickupStatus.PREPARED)
        )
        assert prepared.status_code == 204, prepared
        ready = get_pickup.sync(org_id, pickup_id, client=client)
        assert isinstance(ready, PickupOut) and ready.status == PickupStatus.PREPARED, ready
        assert ready.pager_number == "7"

        handed_over = set_pickup_status.sync_detailed(
            org_id, pickup_id, client=client, body=PickupStatus.PICKED_UP
        )
        assert handed_over.status_code == 204, handed_over

        refused = set_pickup_status.sync(
            org_id, pickup_id, client=client, body=PickupStatus.PENDING
        )
        assert isinstance(refused, Problem), refused
        assert refused.code.value == "TRANSITION_NOT_ALLOWED"

        done = get_sales_order.sync(org_id, order.id, client=client)
        assert isinstance(done, SalesOrderOut), done
        return done
