"""#1-#4: listing, creating, reading and deleting sales order drafts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from drafts.models import DraftItem, DraftPickup, SalesOrderDraft
from tests.conftest import WINDOW, assert_problem, json_of
from tests.drafts.conftest import DRAFTS, create_draft, row_counts


def test_create_returns_201_with_the_draft_and_a_server_assigned_number(api):
    response = api.post(
        DRAFTS,
        {
            "sales_channel": "webshop",
            "additional_invoice_information": [{"type": "note", "text": ["gift", "wrap"]}],
        },
    )
    assert response.status_code == 201
    body = json_of(response)
    assert body == {
        "id": body["id"],
        "number": "D1",
        "sales_channel": "webshop",
        "additional_invoice_information": [{"type": "note", "text": ["gift", "wrap"]}],
    }
    assert str(SalesOrderDraft.objects.get().id) == body["id"]


def test_create_ignores_id_and_number_sent_by_the_client(api):
    response = api.post(DRAFTS, {"sales_channel": "pos", "id": "my-own-id", "number": "X-99"})
    body = json_of(response)
    assert response.status_code == 201
    assert body["id"] != "my-own-id"
    assert body["number"] == "D1"


def test_draft_numbers_count_up_per_organization(api, other_api):
    assert api.post(DRAFTS, {"sales_channel": "a"}).json()["number"] == "D1"
    assert api.post(DRAFTS, {"sales_channel": "a"}).json()["number"] == "D2"
    assert other_api.post(DRAFTS, {"sales_channel": "a"}).json()["number"] == "D1"


def test_create_without_sales_channel_is_400(api):
    body = assert_problem(api.post(DRAFTS, {}), 400)
    assert "sales_channel" in body["detail"]
    assert SalesOrderDraft.objects.count() == 0


def test_create_with_an_empty_sales_channel_is_400(api):
    assert_problem(api.post(DRAFTS, {"sales_channel": ""}), 400)
    assert SalesOrderDraft.objects.count() == 0


def test_get_returns_the_draft(api):
    created = api.post(DRAFTS, {"sales_channel": "webshop"}).json()
    response = api.get(f"{DRAFTS}/{created['id']}")
    assert response.status_code == 200
    assert json_of(response) == created


def test_get_unknown_draft_is_404(api):
    body = assert_problem(api.get(f"{DRAFTS}/8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de"), 404)
    assert "not found" in body["detail"]


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "1", "x" * 300, "%F0%9F%98%80"])
def test_get_with_a_malformed_id_is_404(api, bad_id):
    assert_problem(api.get(f"{DRAFTS}/{bad_id}"), 404)


def test_list_returns_drafts_of_the_window_oldest_first(api):
    first = api.post(DRAFTS, {"sales_channel": "a"}).json()
    second = api.post(DRAFTS, {"sales_channel": "b"}).json()
    response = api.get(DRAFTS, query=WINDOW)
    assert response.status_code == 200
    assert json_of(response) == {"items": [first, second], "problems": []}


def test_list_window_is_from_inclusive_to_exclusive(api):
    first = create_draft(api)
    second = create_draft(api)
    moment = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    SalesOrderDraft.objects.filter(id=first.id).update(created_at=moment)
    SalesOrderDraft.objects.filter(id=second.id).update(created_at=moment + timedelta(seconds=1))
    start = moment.isoformat().replace("+00:00", "Z")
    end = (moment + timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    body = api.get(DRAFTS, query={"from": start, "to": end}).json()
    assert [draft["id"] for draft in body["items"]] == [first.id]


def test_list_pages_with_limit_and_offset(api):
    ids = [create_draft(api).id for _ in range(5)]
    page = api.get(DRAFTS, query={**WINDOW, "limit": 2, "offset": 2}).json()
    assert [draft["id"] for draft in page["items"]] == ids[2:4]


def test_list_filters_by_sales_channel_id(api):
    create_draft(api, "webshop")
    register = create_draft(api, "register")
    body = api.get(DRAFTS, query={**WINDOW, "sales_channel_id": "register"}).json()
    assert [draft["id"] for draft in body["items"]] == [register.id]


def test_list_filters_by_number(api):
    create_draft(api)
    second = create_draft(api)
    body = api.get(DRAFTS, query={**WINDOW, "number": "D2"}).json()
    assert [draft["id"] for draft in body["items"]] == [second.id]


def test_list_without_from_and_to_is_400(api):
    body = assert_problem(api.get(DRAFTS), 400)
    assert "from" in body["detail"]


def test_list_shows_only_drafts_of_the_callers_organization(api, other_api):
    create_draft(other_api)
    assert api.get(DRAFTS, query=WINDOW).json() == {"items": [], "problems": []}


def test_list_still_shows_a_finalized_draft(api, finalized):
    draft, _ = finalized
    body = api.get(DRAFTS, query=WINDOW).json()
    assert [row["id"] for row in body["items"]] == [draft.id]


def test_list_reports_a_row_that_cannot_be_rendered_as_a_problem(api):
    good = create_draft(api)
    broken = create_draft(api)
    SalesOrderDraft.objects.filter(id=broken.id).update(additional_invoice_information="oops")
    body = api.get(DRAFTS, query=WINDOW).json()
    assert [row["id"] for row in body["items"]] == [good.id]
    assert len(body["problems"]) == 1
    assert body["problems"][0]["code"] == "RESOURCE_NOT_RENDERABLE"


def test_delete_removes_the_draft_and_all_its_parts(api, draft):
    item = draft.add_item()
    draft.add_pickup([item["id"]])
    draft.add_delivery([draft.add_item()["id"]])
    response = api.delete(draft.url)
    assert response.status_code == 204
    assert response.content == b""
    assert row_counts() == dict.fromkeys(row_counts(), 0)
    assert_problem(api.get(draft.url), 404)


def test_delete_unknown_draft_is_404(api):
    assert_problem(api.delete(f"{DRAFTS}/8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de"), 404)


def test_delete_of_another_organizations_draft_is_404_and_deletes_nothing(api, other_api):
    theirs = create_draft(other_api)
    assert_problem(api.delete(theirs.url), 404)
    assert SalesOrderDraft.objects.filter(id=theirs.id).exists()


def test_get_of_another_organizations_draft_is_404(api, other_api):
    theirs = create_draft(other_api)
    assert_problem(api.get(theirs.url), 404)


def test_parts_of_another_organizations_draft_are_404(api, other_api, product):
    theirs = create_draft(other_api)
    for path in ("/customer", "/pickups", "/deliveries"):
        assert_problem(api.get(theirs.url + path), 404)
    assert_problem(api.get(theirs.url + "/items", query=WINDOW), 404)
    assert_problem(api.post(theirs.url + "/items", {"product": "coffee"}), 400)
    assert_problem(
        api.post(
            theirs.url + "/items", {"product": "coffee", "quantity": {"value": 1, "unit": "PIECES"}}
        ),
        404,
    )
    assert DraftItem.objects.count() == 0
    assert DraftPickup.objects.count() == 0


def test_a_token_of_another_organization_is_403(api, other_api, draft):
    assert_problem(api.get(draft.url, token=other_api.token), 403)


def test_missing_token_is_403(api, draft):
    assert_problem(api.get(draft.url, token=""), 403)
