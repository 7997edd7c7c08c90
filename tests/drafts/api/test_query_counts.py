"""List endpoints run a fixed number of SQL queries, whatever the page size."""

import pytest

from tests.conftest import WINDOW
from tests.drafts.conftest import DRAFTS, create_draft

# One query authenticates the bearer token (with its client and organization).
AUTH = 1


@pytest.mark.parametrize("count", [5, 50])
def test_draft_list_runs_two_queries_for_any_page_size(
    api, product, django_assert_num_queries, count
):
    for _ in range(count):
        create_draft(api)
    with django_assert_num_queries(AUTH + 1):
        response = api.get(DRAFTS, query={**WINDOW, "limit": 5000})
    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_item_list_runs_three_queries_for_any_page_size(
    api, draft, django_assert_num_queries, count
):
    for _ in range(count):
        draft.add_item()
    with django_assert_num_queries(AUTH + 2):
        response = api.get(f"{draft.url}/items", query={**WINDOW, "limit": 5000})
    assert len(response.json()["items"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_pickup_and_delivery_lists_run_three_queries_each(
    api, draft, django_assert_num_queries, count, settings
):
    settings.API_TOKEN_CACHE_SECONDS = 0  # the second read would reuse the first one's token row
    for _ in range(count):
        draft.add_pickup([draft.add_item()["id"]])
        draft.add_delivery([draft.add_item()["id"]])
    with django_assert_num_queries(AUTH + 2):
        pickups = api.get(f"{draft.url}/pickups")
    with django_assert_num_queries(AUTH + 2):
        deliveries = api.get(f"{draft.url}/deliveries")
    assert len(pickups.json()["items"]) == len(deliveries.json()["items"]) == count
