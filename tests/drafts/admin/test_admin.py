"""The manager's admin: core (organizations, API clients, tokens), orders (catalog, read-only
order history) and drafts. (fulfillment's admin is tested with fulfillment.)"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.models import ApiClient, ApiToken, Counter, Membership
from core.services import api_client_create, api_token_issue
from orders.models import SalesOrder, SalesOrderItem, StatusEvent
from tests.drafts.conftest import create_draft


@pytest.fixture
def manager(db, client):
    user = get_user_model().objects.create_superuser("manager", "m@example.com", "secret-pass")
    client.force_login(user)
    return client


@pytest.fixture
def order(organization):
    order = SalesOrder.objects.create(
        organization=organization, number="S1", sales_channel="pos", draft_number="D9"
    )
    SalesOrderItem.objects.create(
        order=order,
        name="Coffee",
        product="coffee",
        quantity_value=1,
        quantity_unit="PIECES",
        currency="EUR",
        gross_amount=10,
        net_amount=8.4,
        undiscounted_gross_amount=10,
        undiscounted_net_amount=8.4,
    )
    StatusEvent.objects.create(
        organization=organization,
        order=order,
        subject_type="SALES_ORDER",
        subject_id=order.id,
        to_status="NEW",
        actor_label="API: webshop",
    )
    return order


CHANGELISTS = [
    "core_organization",
    "core_apiclient",
    "core_apitoken",
    "orders_taxrate",
    "orders_product",
    "orders_salesorder",
    "orders_statusevent",
    "drafts_salesorderdraft",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_changelist_renders_and_searches(manager, api, product, order, name):
    api_client_create(organization=api.organization, name="webshop", secret="s3cret-s3cret")
    create_draft(api).add_item()
    url = reverse(f"admin:{name}_changelist")
    assert manager.get(url).status_code == 200
    assert manager.get(url, {"q": "coffee"}).status_code == 200


def test_counters_are_not_in_the_admin(manager, organization):
    Counter.take(organization_id=organization.id, name="draft")
    response = manager.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"Counters" not in response.content
    assert b"Organizations" in response.content


def test_organization_page_lists_its_staff_members(manager, organization):
    user = get_user_model().objects.create_user("anna")
    Membership.objects.create(organization=organization, user=user)
    response = manager.get(reverse("admin:core_organization_change", args=[organization.id]))
    assert response.status_code == 200
    assert b"anna" in response.content
    assert b"staff members" in response.content.lower()


def test_api_client_is_created_with_a_secret_that_is_stored_hashed(manager, organization):
    response = manager.post(
        reverse("admin:core_apiclient_add"),
        {
            "organization": organization.id,
            "name": "webshop",
            "secret": "a-long-secret-1",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content
    client = ApiClient.objects.get()
    assert client.secret_hash and client.secret_hash != "a-long-secret-1"
    assert client.check_secret("a-long-secret-1")


def test_api_client_without_a_secret_is_refused(manager, organization):
    response = manager.post(
        reverse("admin:core_apiclient_add"),
        {"organization": organization.id, "name": "webshop", "secret": "", "is_active": "on"},
    )
    assert response.status_code == 200
    assert b"needs a secret" in response.content
    assert ApiClient.objects.count() == 0


def test_api_client_page_never_shows_the_secret_hash(manager, organization):
    client = api_client_create(organization=organization, name="webshop", secret="s3cret-s3cret")
    response = manager.get(reverse("admin:core_apiclient_change", args=[client.id]))
    assert response.status_code == 200
    assert client.secret_hash.encode() not in response.content
    assert client.secret_hash.split("$")[-1].encode() not in response.content


def test_api_client_secret_is_kept_when_left_empty_and_replaced_when_given(manager, organization):
    client = api_client_create(organization=organization, name="webshop", secret="old-secret-123")
    url = reverse("admin:core_apiclient_change", args=[client.id])
    form = {"organization": organization.id, "name": "webshop", "is_active": "on"}
    assert manager.post(url, {**form, "secret": ""}).status_code == 302
    client.refresh_from_db()
    assert client.check_secret("old-secret-123")
    assert manager.post(url, {**form, "secret": "new-secret-456"}).status_code == 302
    client.refresh_from_db()
    assert client.check_secret("new-secret-456")
    assert not client.check_secret("old-secret-123")


def test_api_client_name_with_a_colon_is_refused(manager, organization):
    response = manager.post(
        reverse("admin:core_apiclient_add"),
        {"organization": organization.id, "name": "web:shop", "secret": "a-long-secret-1"},
    )
    assert response.status_code == 200
    assert ApiClient.objects.count() == 0


def test_revoke_action_revokes_tokens_and_the_api_refuses_them(manager, api):
    token = ApiToken.objects.get()
    response = manager.post(
        reverse("admin:core_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [str(token.id)]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/products").status_code == 403


def test_a_token_page_is_view_only_and_tokens_cannot_be_added_or_deleted(manager, organization):
    api_token_issue(organization=organization, label="script")
    token = ApiToken.objects.get()
    change_url = reverse("admin:core_apitoken_change", args=[token.id])
    page = manager.get(change_url)
    assert page.status_code == 200
    assert token.token_hash.encode() not in page.content
    assert manager.post(change_url, {"label": "renamed"}).status_code == 403
    assert manager.get(reverse("admin:core_apitoken_add")).status_code == 403
    assert manager.get(reverse("admin:core_apitoken_delete", args=[token.id])).status_code == 403
    token.refresh_from_db()
    assert token.label == "script"


def test_token_list_filters_by_state(manager, organization):
    api_token_issue(organization=organization, label="fresh")
    api_token_issue(organization=organization, label="old", lifetime=timedelta(seconds=1))
    ApiToken.objects.filter(label="old").update(expires_at=timezone.now() - timedelta(hours=1))
    url = reverse("admin:core_apitoken_changelist")
    usable = manager.get(url, {"state": "usable"}).content
    expired = manager.get(url, {"state": "expired"}).content
    assert b"fresh" in usable and b">old<" not in usable
    assert b">old<" in expired and b"fresh" not in expired


def test_sales_order_page_shows_items_and_history_and_cannot_be_changed(manager, order):
    url = reverse("admin:orders_salesorder_change", args=[order.id])
    page = manager.get(url)
    assert page.status_code == 200
    assert b"Coffee" in page.content
    assert b"API: webshop" in page.content
    assert manager.post(url, {"number": "S2"}).status_code == 403
    assert manager.get(reverse("admin:orders_salesorder_add")).status_code == 403
    assert (
        manager.get(reverse("admin:orders_salesorder_delete", args=[order.id])).status_code == 403
    )
    order.refresh_from_db()
    assert order.number == "S1"


def test_status_events_cannot_be_changed_or_deleted(manager, order):
    event = StatusEvent.objects.get()
    url = reverse("admin:orders_statusevent_change", args=[event.id])
    assert manager.get(url).status_code == 200
    assert manager.post(url, {"to_status": "CANCELED"}).status_code == 403
    assert (
        manager.get(reverse("admin:orders_statusevent_delete", args=[event.id])).status_code == 403
    )


def test_a_product_can_be_edited_by_a_manager(manager, product):
    url = reverse("admin:orders_product_change", args=[product.id])
    response = manager.post(
        url,
        {
            "organization": product.organization_id,
            "product_id": "coffee",
            "name": "Coffee beans 1 kg",
            "price_value": "18.00",
            "currency": "EUR",
            "price_is_gross": "on",
            "tax": "DE_REDUCED_VAT_1983",
            "created_at_0": "2024-01-01",
            "created_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content
    product.refresh_from_db()
    assert (product.name, product.tax_id) == ("Coffee beans 1 kg", "DE_REDUCED_VAT_1983")


def test_draft_page_shows_items_pickups_and_deliveries(manager, api, product):
    draft = create_draft(api)
    item = draft.add_item(lot="LOT-42")
    spare = draft.add_item()
    draft.add_pickup([item["id"]], pager_number="77")
    draft.add_delivery([spare["id"]], shipping_service="bike-courier")
    page = manager.get(reverse("admin:drafts_salesorderdraft_change", args=[draft.id]))
    assert page.status_code == 200
    for text in (b"LOT-42", b"77", b"bike-courier", b"Coffee beans 500 g"):
        assert text in page.content


def test_draft_list_filters_finalized_baskets(manager, api, product):
    open_draft = create_draft(api, "open-channel")
    basket = create_draft(api, "basket-channel")
    basket.add_item()
    assert basket.finalize().status_code == 204
    url = reverse("admin:drafts_salesorderdraft_changelist")
    finalized = manager.get(url, {"state": "finalized"}).content
    being_built = manager.get(url, {"state": "open"}).content
    assert b">D2</a>" in finalized and b">D1</a>" not in finalized
    assert b">D1</a>" in being_built and b">D2</a>" not in being_built
    assert open_draft.id != basket.id


def test_a_draft_cannot_be_edited_in_the_admin(manager, api, product):
    draft = create_draft(api)
    url = reverse("admin:drafts_salesorderdraft_change", args=[draft.id])
    assert manager.post(url, {"sales_channel": "hacked"}).status_code == 403
    assert manager.get(reverse("admin:drafts_salesorderdraft_add")).status_code == 403
