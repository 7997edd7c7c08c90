"""One way a JSON body is sent: bodies that django-ninja validates and bodies a selector builds
in the schema's exact shape (core.rendering.json_response) carry the same Content-Type."""

import pytest

from core.rendering import JSON_CONTENT_TYPE
from tests.conftest import WINDOW


@pytest.mark.parametrize(
    "path",
    [
        "/sales-orders",
        "/fulfillments/pickups",
        "/fulfillments/deliveries",
        "/sales-order-drafts",
        "/products",
        "/webhooks",
    ],
)
def test_every_list_is_sent_with_the_one_json_content_type(api, path):
    response = api.get(path, query=WINDOW)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == JSON_CONTENT_TYPE
