"""Odd input at the API's edge, tried on the draft endpoints: every one is a 4xx problem
document (never a 5xx) and writes nothing. A trailing slash works on every draft path."""

import json

import pytest

from drafts.models import SalesOrderDraft
from tests.conftest import WINDOW, assert_problem, json_of
from tests.drafts.conftest import DRAFTS, create_draft, item_body, row_counts

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def assert_problem_document(response, status: int) -> dict:
    body = assert_problem(response, status)
    assert set(body) >= PROBLEM_KEYS, body
    assert all(isinstance(body[key], str) and body[key] for key in ("type", "title", "detail"))
    return body


@pytest.fixture
def full_draft(api, product):
    """A draft with an item, a pickup, a delivery and a customer; ids by name."""
    draft = create_draft(api)
    item = draft.add_item()
    spare = draft.add_item()
    pickup = draft.add_pickup([item["id"]], pager_number="4")
    delivery = draft.add_delivery([spare["id"]])
    assert api.put(f"{draft.url}/customer", {"individual_name": "Ann"}).status_code == 200
    return {
        "draft": draft.id,
        "item": item["id"],
        "spare": spare["id"],
        "pickup": pickup["id"],
        "delivery": delivery["id"],
    }


# The nine draft operations that take a body, with a valid body for each.
BODY_OPERATIONS = [
    ("POST", DRAFTS, {"sales_channel": "web"}),
    ("PATCH", DRAFTS + "/{draft}", {"@type": "SalesOrderDraftFinalizationRequest"}),
    ("PUT", DRAFTS + "/{draft}/customer", {"individual_name": "Bob"}),
    ("POST", DRAFTS + "/{draft}/items", item_body()),
    ("PUT", DRAFTS + "/{draft}/items/{item}", item_body()),
    ("POST", DRAFTS + "/{draft}/pickups", {"items": ["{item}"]}),
    ("PUT", DRAFTS + "/{draft}/pickups/{pickup}", {"items": ["{item}"]}),
    ("POST", DRAFTS + "/{draft}/deliveries", {"items": ["{item}"]}),
    ("PUT", DRAFTS + "/{draft}/deliveries/{delivery}", {"items": ["{spare}"]}),
]
BODY_IDS = [f"{method} {path.removeprefix(DRAFTS) or '/'}" for method, path, _ in BODY_OPERATIONS]

DEPTH = 10_000
BAD_BODIES = {
    "malformed-json": b'{"sales_channel": "web",',
    "trailing-garbage": b'{"sales_channel": "web"} x',
    "json-array": b"[]",
    "json-string": b'"web"',
    "json-number": b"42",
    "json-null": b"null",
    "empty": b"",
    "invalid-utf8": b'{"sales_channel": "\xff\xfe"}',
    "deep-arrays": b"[" * DEPTH + b"]" * DEPTH,
    "deep-objects": b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
    "nan": b'{"sales_channel": NaN}',
    "infinity": b'{"sales_channel": Infinity}',
}


@pytest.mark.parametrize(("method", "path", "valid"), BODY_OPERATIONS, ids=BODY_IDS)
@pytest.mark.parametrize("raw", list(BAD_BODIES.values()), ids=list(BAD_BODIES))
def test_a_body_that_is_not_the_expected_json_object_is_400(
    api, full_draft, method, path, valid, raw
):
    before = row_counts()
    response = api.request(method, path.format(**full_draft), raw=raw)
    assert_problem_document(response, 400)
    assert row_counts() == before


@pytest.mark.parametrize(("method", "path", "valid"), BODY_OPERATIONS, ids=BODY_IDS)
def test_a_body_over_one_mebibyte_is_413(api, full_draft, method, path, valid):
    before = row_counts()
    raw = json.dumps({**valid, "padding": "x" * (1024 * 1024)})
    response = api.request(method, path.format(**full_draft), raw=raw)
    assert_problem_document(response, 413)
    assert row_counts() == before


# A text field each body operation reads, for a NUL character to sit in.
NUL_FIELDS = ["sales_channel", "@type", "individual_name", "lot", "lot", *["pager_number"] * 2]
NUL_FIELDS += ["shipping_location"] * 2


@pytest.mark.parametrize(
    ("method", "path", "valid", "field"),
    [(*operation, field) for operation, field in zip(BODY_OPERATIONS, NUL_FIELDS, strict=True)],
    ids=BODY_IDS,
)
def test_a_nul_character_in_a_string_is_400(api, full_draft, method, path, valid, field):
    before = row_counts()
    raw = json.dumps({**valid, field: "a\u0000b"}).replace("{item}", full_draft["item"])
    assert "\\u0000" in raw
    response = api.request(method, path.format(**full_draft), raw=raw)
    detail = assert_problem_document(response, 400)["detail"]
    assert field == "@type" or "NUL" in detail, detail
    assert row_counts() == before


def test_a_nul_character_in_a_property_no_schema_reads_is_ignored_with_it(api, full_draft):
    raw = json.dumps({"sales_channel": "web", "note\u0000": ["a\u0000b"]})
    response = api.request("POST", DRAFTS, raw=raw)
    assert response.status_code == 201, response.content


def _post_item(api, draft_id: str, body) -> object:
    return api.request("POST", f"{DRAFTS}/{draft_id}/items", raw=body)


ITEM_BODIES = {
    "quantity-value-as-string": (
        '{"product": "coffee", "quantity": {"value": "2", "unit": "PIECES"}}'
    ),
    "quantity-value-as-bool": (
        '{"product": "coffee", "quantity": {"value": true, "unit": "PIECES"}}'
    ),
    "unknown-unit": '{"product": "coffee", "quantity": {"value": 2, "unit": "FOO"}}',
    "unknown-currency": (
        '{"product": "coffee", "quantity": {"value": 2, "unit": "PIECES"}, '
        '"price": {"price": {"value": 1, "unit": "XXX1"}, "price_is_gross": true}}'
    ),
    "price-is-gross-yes": (
        '{"product": "coffee", "quantity": {"value": 2, "unit": "PIECES"}, '
        '"price": {"price": {"value": 1, "unit": "EUR"}, "price_is_gross": "yes"}}'
    ),
    "price-is-gross-1": (
        '{"product": "coffee", "quantity": {"value": 2, "unit": "PIECES"}, '
        '"price": {"price": {"value": 1, "unit": "EUR"}, "price_is_gross": 1}}'
    ),
    "quantity-1e400": '{"product": "coffee", "quantity": {"value": 1e400, "unit": "PIECES"}}',
    "price-1e400": (
        '{"product": "coffee", "quantity": {"value": 2, "unit": "PIECES"}, '
        '"price": {"price": {"value": -1e400, "unit": "EUR"}, "price_is_gross": true}}'
    ),
    "quantity-huge-integer": (
        '{"product": "coffee", "quantity": {"value": 1' + "0" * 5000 + ', "unit": "PIECES"}}'
    ),
    "quantity-too-precise": (
        '{"product": "coffee", "quantity": {"value": 0.00001, "unit": "PIECES"}}'
    ),
    "quantity-nan": '{"product": "coffee", "quantity": {"value": NaN, "unit": "PIECES"}}',
    "quantity-minus-infinity": (
        '{"product": "coffee", "quantity": {"value": -Infinity, "unit": "PIECES"}}'
    ),
    "missing-product": '{"quantity": {"value": 2, "unit": "PIECES"}}',
    "missing-quantity": '{"product": "coffee"}',
    "missing-unit": '{"product": "coffee", "quantity": {"value": 2}}',
    "null-product": '{"product": null, "quantity": {"value": 2, "unit": "PIECES"}}',
    "product-as-number": '{"product": 7, "quantity": {"value": 2, "unit": "PIECES"}}',
    "long-product": (
        '{"product": "' + "p" * 10_000 + '", "quantity": {"value": 2, "unit": "PIECES"}}'
    ),
    "long-lot": (
        '{"product": "coffee", "lot": "' + "l" * 10_000 + '", '
        '"quantity": {"value": 2, "unit": "PIECES"}}'
    ),
    "unknown-dependency-type": (
        '{"product": "coffee", "quantity": {"value": 2, "unit": "PIECES"}, '
        '"depending_items": [{"depending_item_id": "x", "dependency_type": "GIFT"}]}'
    ),
    "depending-items-as-object": (
        '{"product": "coffee", "quantity": {"value": 2, "unit": "PIECES"}, '
        '"depending_items": {"depending_item_id": "x"}}'
    ),
}


@pytest.mark.parametrize("raw", list(ITEM_BODIES.values()), ids=list(ITEM_BODIES))
def test_an_item_of_the_wrong_shape_is_400(api, full_draft, raw):
    before = row_counts()
    assert_problem_document(_post_item(api, full_draft["draft"], raw), 400)
    assert row_counts() == before


DRAFT_BODIES = {
    "sales-channel-as-number": {"sales_channel": 42},
    "sales-channel-as-list": {"sales_channel": ["web"]},
    "sales-channel-null": {"sales_channel": None},
    "sales-channel-10000-characters": {"sales_channel": "s" * 10_000},
    "missing-sales-channel": {"additional_invoice_information": []},
    "invoice-information-as-string": {
        "sales_channel": "web",
        "additional_invoice_information": "x",
    },
    "invoice-text-10000-characters": {
        "sales_channel": "web",
        "additional_invoice_information": [{"type": "t", "text": ["x" * 10_000]}],
    },
}


@pytest.mark.parametrize("body", list(DRAFT_BODIES.values()), ids=list(DRAFT_BODIES))
def test_a_draft_of_the_wrong_shape_is_400(api, body):
    before = row_counts()
    assert_problem_document(api.post(DRAFTS, body), 400)
    assert row_counts() == before


OTHER_BODIES = {
    "customer-email-10000-characters": ("PUT", "/customer", {"contact_email": "a" * 10_000}),
    "customer-name-as-number": ("PUT", "/customer", {"individual_name": 5}),
    "customer-country-lowercase": ("PUT", "/customer", {"contact_address": {"country_code": "de"}}),
    "pickup-items-as-string": ("POST", "/pickups", {"items": "{item}"}),
    "pickup-items-of-numbers": ("POST", "/pickups", {"items": [1, 2]}),
    "pickup-pager-as-number": ("POST", "/pickups", {"items": ["{item}"], "pager_number": 7}),
    "pickup-time-not-rfc3339": (
        "POST",
        "/pickups",
        {"items": ["{item}"], "pickup_time_range": {"start": "tomorrow"}},
    ),
    "pickup-time-without-zone": (
        "POST",
        "/pickups",
        {"items": ["{item}"], "pickup_time_range": {"start": "2030-01-01T10:00:00"}},
    ),
    "pickup-location-10000-characters": (
        "POST",
        "/pickups",
        {"items": ["{item}"], "pickup_location": {"service_location": "x" * 10_000}},
    ),
    "delivery-country-unknown": (
        "POST",
        "/deliveries",
        {"items": ["{spare}"], "delivery_address": {"country_code": "ZZ"}},
    ),
    "delivery-shipping-service-10000-characters": (
        "POST",
        "/deliveries",
        {"items": ["{spare}"], "shipping_service": "x" * 10_000},
    ),
    "delivery-recipient-email-invalid": (
        "POST",
        "/deliveries",
        {"items": ["{spare}"], "recipient_information": {"contact_email": "no"}},
    ),
    "finalize-type-as-number": ("PATCH", "", {"@type": 1}),
}


@pytest.mark.parametrize(
    ("method", "path", "body"), list(OTHER_BODIES.values()), ids=list(OTHER_BODIES)
)
def test_a_part_of_the_wrong_shape_is_400(api, full_draft, method, path, body):
    raw = json.dumps(body)
    for name, value in full_draft.items():
        raw = raw.replace("{" + name + "}", value)
    before = row_counts()
    response = api.request(method, f"{DRAFTS}/{full_draft['draft']}{path}", raw=raw)
    assert_problem_document(response, 400)
    assert row_counts() == before


def test_emoji_and_non_latin_text_are_stored_and_returned(api):
    response = api.post(DRAFTS, {"sales_channel": "Café ☕ 東京 🛒"})
    assert response.status_code == 201
    assert json_of(api.get(f"{DRAFTS}/{response.json()['id']}"))["sales_channel"] == (
        "Café ☕ 東京 🛒"
    )


def test_an_unknown_field_is_ignored(api):
    response = api.post(DRAFTS, {"sales_channel": "web", "colour": "blue"})
    assert response.status_code == 201
    assert "colour" not in response.json()


# --- query parameters ---------------------------------------------------------------------

BAD_QUERIES = {
    "missing-from": {"to": WINDOW["to"]},
    "missing-to": {"from": WINDOW["from"]},
    "missing-both": {},
    "from-not-rfc3339": {**WINDOW, "from": "2020-01-01"},
    "from-words": {**WINDOW, "from": "yesterday"},
    "to-without-zone": {**WINDOW, "to": "2100-01-01T00:00:00"},
    "from-equals-to": {"from": WINDOW["from"], "to": WINDOW["from"]},
    "from-after-to": {"from": WINDOW["to"], "to": WINDOW["from"]},
    "limit-0": {**WINDOW, "limit": "0"},
    "limit-5001": {**WINDOW, "limit": "5001"},
    "limit-abc": {**WINDOW, "limit": "abc"},
    "limit-1.5": {**WINDOW, "limit": "1.5"},
    "offset-minus-1": {**WINDOW, "offset": "-1"},
    "offset-huge": {**WINDOW, "offset": "9" * 40},
    "nul-in-number": {**WINDOW, "number": "D\x001"},
    "nul-in-from": {**WINDOW, "from": "2000-01-01T00:00:00Z\x00"},
    "sales-channel-id-10000-characters": {**WINDOW, "sales_channel_id": "c" * 10_000},
}


@pytest.mark.parametrize("query", list(BAD_QUERIES.values()), ids=list(BAD_QUERIES))
def test_a_bad_query_on_the_draft_list_is_400(api, full_draft, query):
    assert_problem_document(api.get(DRAFTS, query=query), 400)


@pytest.mark.parametrize(
    "query",
    [BAD_QUERIES[name] for name in ("missing-from", "from-equals-to", "limit-0", "offset-minus-1")],
)
def test_a_bad_query_on_the_item_list_is_400(api, full_draft, query):
    assert_problem_document(api.get(f"{DRAFTS}/{full_draft['draft']}/items", query=query), 400)


def test_a_raw_nul_escape_in_the_query_string_is_400(api, full_draft):
    response = api.client.get(
        f"{api.base}{DRAFTS}?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&number=%00",
        headers={"Authorization": f"Bearer {api.token}"},
    )
    assert_problem_document(response, 400)


def test_limit_bounds_are_accepted(api, full_draft):
    for limit in ("1", "5000"):
        assert api.get(DRAFTS, query={**WINDOW, "limit": limit}).status_code == 200


def test_a_window_with_an_offset_is_accepted(api, full_draft):
    query = {"from": "2000-01-01T02:00:00+02:00", "to": "2100-01-01T00:00:00.123456Z"}
    body = api.get(DRAFTS, query=query).json()
    assert [draft["id"] for draft in body["items"]] == [full_draft["draft"]]


# --- ids and paths -------------------------------------------------------------------------

BAD_IDS = ["not-a-uuid", "0", "x" * 10_000, "8d9f2e5c-7b7a-4b59-9d55-1f6f0ab0c0de-", "%E2%98%95"]


@pytest.mark.parametrize("bad_id", BAD_IDS, ids=["word", "zero", "long", "almost", "emoji"])
@pytest.mark.parametrize(
    "template",
    [
        "{bad}",
        "{bad}/customer",
        "{draft}/items/{bad}",
        "{draft}/pickups/{bad}",
        "{draft}/deliveries/{bad}",
    ],
)
def test_a_malformed_id_is_404_never_500(api, full_draft, bad_id, template):
    path = f"{DRAFTS}/" + template.format(bad=bad_id, draft=full_draft["draft"])
    assert_problem_document(api.get(path), 404)
    before = row_counts()
    assert_problem_document(api.delete(path), 404)
    assert row_counts() == before


# Every draft operation, with a body where it takes one, and the status it answers.
ALL_OPERATIONS = [
    ("GET", "", None, 200),
    ("POST", "", {"sales_channel": "web"}, 201),
    ("GET", "/{draft}", None, 200),
    ("DELETE", "/{draft}", None, 204),
    ("PATCH", "/{draft}", {"@type": "SalesOrderDraftFinalizationRequest"}, 204),
    ("GET", "/{draft}/customer", None, 200),
    ("PUT", "/{draft}/customer", {"individual_name": "Bob"}, 200),
    ("DELETE", "/{draft}/customer", None, 204),
    ("GET", "/{draft}/items", None, 200),
    ("POST", "/{draft}/items", item_body(), 201),
    ("GET", "/{draft}/items/{item}", None, 200),
    ("PUT", "/{draft}/items/{item}", item_body(lot="L"), 200),
    ("DELETE", "/{draft}/items/{free}", None, 204),
    ("GET", "/{draft}/pickups", None, 200),
    ("POST", "/{draft}/pickups", {"items": ["{free}"]}, 201),
    ("GET", "/{draft}/pickups/{pickup}", None, 200),
    ("PUT", "/{draft}/pickups/{pickup}", {"items": ["{item}"], "pager_number": "8"}, 200),
    ("DELETE", "/{draft}/pickups/{pickup}", None, 204),
    ("GET", "/{draft}/deliveries", None, 200),
    ("POST", "/{draft}/deliveries", {"items": ["{free}"]}, 201),
    ("GET", "/{draft}/deliveries/{delivery}", None, 200),
    ("PUT", "/{draft}/deliveries/{delivery}", {"items": ["{spare}"]}, 200),
    ("DELETE", "/{draft}/deliveries/{delivery}", None, 204),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    ALL_OPERATIONS,
    ids=[f"{method} {path or '/'}" for method, path, _, _ in ALL_OPERATIONS],
)
def test_every_draft_path_accepts_a_trailing_slash_without_redirect(
    api, full_draft, method, path, body, status
):
    ids = {**full_draft, "free": api.post(f"{DRAFTS}/{full_draft['draft']}/items", item_body())}
    ids["free"] = ids["free"].json()["id"]
    raw = None if body is None else json.dumps(body)
    for name, value in ids.items():
        raw = raw.replace("{" + name + "}", value) if raw else raw
    url = DRAFTS + path.format(**ids) + "/"
    query = WINDOW if method == "GET" and path in ("", "/{draft}/items") else None
    response = api.get(url, query=query) if method == "GET" else api.request(method, url, raw=raw)
    assert response.status_code == status, response.content
    assert "Location" not in response


def test_error_responses_of_the_drafts_api_are_problem_documents(api, full_draft):
    draft_url = f"{DRAFTS}/{full_draft['draft']}"
    responses = {
        400: api.post(DRAFTS, {}),
        403: api.get(draft_url, token="wrong"),
        404: api.get(f"{draft_url}/items/{full_draft['draft']}"),
        409: api.delete(f"{draft_url}/items/{full_draft['item']}"),
        413: api.request("POST", DRAFTS, raw="[" + " " * (1024 * 1024) + "]"),
        422: api.post(f"{draft_url}/items", item_body("caviar")),
    }
    for status, response in responses.items():
        assert_problem_document(response, status)
    assert SalesOrderDraft.objects.count() == 1
