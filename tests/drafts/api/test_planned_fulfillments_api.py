"""What the drafts API does alike for a draft's planned pickups (#14-#18) and deliveries
(#19-#23): the same five operations, the same item rules."""

from dataclasses import dataclass

import pytest

from drafts.models import DraftDelivery, DraftPickup
from tests.conftest import assert_problem, json_of
from tests.drafts.conftest import DraftBuilder, create_draft

UNKNOWN = "8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de"


@dataclass(frozen=True)
class Kind:
    segment: str  # the path segment under a draft: "pickups" or "deliveries"
    model: type[DraftPickup] | type[DraftDelivery]
    other: str  # the other kind's segment

    def url(self, draft: DraftBuilder, part_id: str = "") -> str:
        return f"{draft.url}/{self.segment}" + (f"/{part_id}" if part_id else "")

    def add(self, draft: DraftBuilder, items: list[str]) -> dict:
        response = draft.api.post(self.url(draft), {"items": items})
        assert response.status_code == 201, response.content
        return json_of(response)


@pytest.fixture(
    params=[
        Kind("pickups", DraftPickup, "deliveries"),
        Kind("deliveries", DraftDelivery, "pickups"),
    ],
    ids=["pickups", "deliveries"],
)
def kind(request) -> Kind:
    return request.param


def test_get_returns_what_was_added(api, draft, kind):
    created = kind.add(draft, [draft.add_item()["id"]])
    response = api.get(kind.url(draft, created["id"]))
    assert response.status_code == 200
    assert json_of(response) == created


def test_list_returns_all_oldest_first(api, draft, kind):
    first = kind.add(draft, [draft.add_item()["id"]])
    second = kind.add(draft, [draft.add_item()["id"]])
    response = api.get(kind.url(draft))
    assert response.status_code == 200
    assert json_of(response) == {"items": [first, second], "problems": []}


@pytest.mark.parametrize("body", [{}, {"items": []}], ids=["no-items", "empty-items"])
def test_add_without_items_is_400(api, draft, kind, body):
    assert_problem(api.post(kind.url(draft), body), 400)
    assert kind.model.objects.count() == 0


def test_add_naming_an_item_that_is_not_in_the_draft_is_422(api, draft, kind):
    response = api.post(kind.url(draft), {"items": [UNKNOWN]})
    body = assert_problem(response, 422, "ITEM_NOT_IN_DRAFT")
    assert UNKNOWN in body["detail"]
    assert kind.model.objects.count() == 0


def test_add_naming_an_item_of_another_draft_is_422(api, draft, kind):
    elsewhere = create_draft(api).add_item()
    assert_problem(api.post(kind.url(draft), {"items": [elsewhere["id"]]}), 422)
    assert kind.model.objects.count() == 0


def test_add_naming_an_item_twice_is_422(api, draft, kind):
    item = draft.add_item()
    response = api.post(kind.url(draft), {"items": [item["id"], item["id"]]})
    assert "twice" in assert_problem(response, 422)["detail"]
    assert kind.model.objects.count() == 0


def test_add_of_an_item_the_other_kind_already_hands_over_is_422(api, draft, kind):
    item = draft.add_item()
    response = api.post(f"{draft.url}/{kind.other}", {"items": [item["id"]]})
    assert response.status_code == 201, response.content
    handing_over = json_of(response)
    response = api.post(kind.url(draft), {"items": [item["id"]]})
    assert handing_over["id"] in assert_problem(response, 422)["detail"]
    assert kind.model.objects.count() == 0


def test_replace_with_an_unknown_item_is_422_and_keeps_it(api, draft, kind):
    part = kind.add(draft, [draft.add_item()["id"]])
    assert_problem(api.put(kind.url(draft, part["id"]), {"items": [UNKNOWN]}), 422)
    assert json_of(api.get(kind.url(draft, part["id"]))) == part


def test_replace_an_unknown_one_is_404(api, draft, kind):
    item = draft.add_item()
    assert_problem(api.put(kind.url(draft, UNKNOWN), {"items": [item["id"]]}), 404)


@pytest.mark.parametrize("wrong", [UNKNOWN, "not-a-uuid", "12345"])
def test_get_an_unknown_one_is_404(api, draft, kind, wrong):
    assert_problem(api.get(kind.url(draft, wrong)), 404)


def test_get_or_delete_through_another_draft_is_404(api, draft, kind):
    part = kind.add(draft, [draft.add_item()["id"]])
    other = create_draft(api)
    assert_problem(api.get(kind.url(other, part["id"])), 404)
    assert_problem(api.delete(kind.url(other, part["id"])), 404)
    assert kind.model.objects.count() == 1


def test_delete_returns_204_and_the_part_is_gone(api, draft, kind):
    part = kind.add(draft, [draft.add_item()["id"]])
    response = api.delete(kind.url(draft, part["id"]))
    assert (response.status_code, response.content) == (204, b"")
    assert kind.model.objects.count() == 0
    assert_problem(api.get(kind.url(draft, part["id"])), 404)


def test_item_ids_are_matched_whatever_their_letter_case(api, draft, kind):
    item = draft.add_item()
    part = kind.add(draft, [item["id"].upper()])
    assert part["items"] == [item["id"]]
    assert_problem(api.delete(f"{draft.url}/items/{item['id']}"), 409)
