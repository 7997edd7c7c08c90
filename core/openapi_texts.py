"""The spec's own words for the published OpenAPI document: response descriptions by operation
and status, tag descriptions, path parameter descriptions. Where the spec has no text for a
response (a status this project adds, e.g. 409 for a finalized draft or 413), the project's
own text is used, written in the same style."""

CREDENTIALS = "Credentials missing or not sufficient"
INVALID_PARAMETERS = "Invalid parameters were sent by the client"
LISTED = "Data successfully returned"
NOT_FOUND = "Resource(s) not found or invalid identifier"
SEMANTIC = "Specified data is semantically incorrect"
SEMANTIC_REFERENCE = "Specified data is semantically incorrect (eg., references non-existing item)"
INCOMPATIBLE = "Specified status is incompatible with the current status"
FINALIZED = "The sales order draft is finalized; it and its parts can no longer be changed"
TOO_LARGE = "Request body over 1 MiB"

# Said wherever an operation does not say otherwise.
DEFAULT_RESPONSES: dict[int, str] = {
    400: INVALID_PARAMETERS,
    403: CREDENTIALS,
    404: NOT_FOUND,
    409: FINALIZED,
    413: TOO_LARGE,
    422: SEMANTIC,
    429: "Too many failed sign-ins; retry after the time in Retry-After",
    503: "The database is not reachable; retry",
}


def _draft_part(noun: str, schema: str, *, reference: bool = False) -> dict[str, dict[int, str]]:
    """The create/get/replace/delete texts of one part of a draft (#10-#13 and alike)."""
    semantic = SEMANTIC_REFERENCE if reference else SEMANTIC
    return {
        "create": {
            201: f"{noun} is successfully created",
            400: f"Bad request, for example request body is not {schema}",
            422: semantic,
        },
        "get": {200: f"{noun} is successfully returned"},
        "replace": {
            200: f"{noun} is successfully updated",
            400: f"Bad request, for example request body is not {schema}",
            422: semantic,
        },
        "delete": {204: f"{noun} was successfully deleted"},
    }


_ITEM = _draft_part("Item", "SalesOrderDraftItem")
_PICKUP = _draft_part("Pickup", "SalesOrderDraftPickups", reference=True)
_DELIVERY = _draft_part("Delivery", "SalesOrderDraftDelivery", reference=True)

RESPONSES: dict[str, dict[int, str]] = {
    "listSalesOrderDrafts": {200: LISTED},
    "createSalesOrderDraft": {
        201: "Sales order draft is successfully created",
        400: "Bad request, for example request body is not SalesOrderDraft",
    },
    "getSalesOrderDraft": {200: "Sales order draft is successfully returned"},
    "deleteSalesOrderDraft": {204: "Sales order draft info was successfully deleted"},
    "finalizeSalesOrderDraft": {
        204: "Sales order draft was successfully updated",
        400: "Bad request, for example request body is not SalesOrderDraftUpdateRequest",
    },
    "getSalesOrderDraftCustomer": {200: "Customer info is successfully returned"},
    "setSalesOrderDraftCustomer": {
        200: "Customer info is successfully updated",
        400: "Bad request, for example request body is not SalesOrderDraftCustomerInformation",
    },
    "deleteSalesOrderDraftCustomer": {204: "Customer info was successfully deleted"},
    "listSalesOrderDraftItems": {200: LISTED},
    "createSalesOrderDraftItem": _ITEM["create"],
    "getSalesOrderDraftItem": _ITEM["get"],
    "replaceSalesOrderDraftItem": _ITEM["replace"],
    "deleteSalesOrderDraftItem": {
        **_ITEM["delete"],
        409: "The item is still referenced by a pickup, a delivery or another item, or the "
        "sales order draft is finalized",
    },
    "listSalesOrderDraftPickups": {200: LISTED},
    "createSalesOrderDraftPickup": _PICKUP["create"],
    "getSalesOrderDraftPickup": _PICKUP["get"],
    "replaceSalesOrderDraftPickup": {
        **_PICKUP["replace"],
        400: "Bad request, for example request body is not SalesOrderDraftPickup",
    },
    "deleteSalesOrderDraftPickup": _PICKUP["delete"],
    "listSalesOrderDraftDeliveries": {200: LISTED},
    "createSalesOrderDraftDelivery": _DELIVERY["create"],
    "getSalesOrderDraftDelivery": _DELIVERY["get"],
    "replaceSalesOrderDraftDelivery": _DELIVERY["replace"],
    "deleteSalesOrderDraftDelivery": _DELIVERY["delete"],
    "listSalesOrders": {200: LISTED},
    "createSalesOrderFromDraft": {
        201: "Sales order is successfully created",
        400: "Bad request, for example request body is not the ID for a SalesOrderDraft",
        409: "The sales order draft was changed meanwhile; retry",
    },
    "getSalesOrder": {
        200: "Sales order is successfully returned",
        404: "Sales order not found or invalid identifier",
    },
    "setSalesOrderStatus": {
        204: "Sales order status is successfully updated",
        400: "Bad request, for example request body is not SalesOrderStatus",
        404: "Sales order not found or invalid identifier",
        409: INCOMPATIBLE,
    },
    "listPickups": {200: LISTED},
    "getPickup": {
        200: "Pickup is successfully returned",
        404: "Pickup not found or invalid identifier",
    },
    "setPickupStatus": {
        204: "Pickup status is successfully updated",
        400: "Bad request, for example malformed request body",
        404: "Pickup not found or invalid identifier",
        409: "Specified status is incompatible with the current status of the pickup",
    },
    "listDeliveries": {200: LISTED},
    "getDelivery": {
        200: "Delivery is successfully returned",
        404: "Delivery not found or invalid identifier",
    },
    "setDeliveryStatus": {
        204: "Delivery status is successfully updated",
        400: "Bad request, for example malformed request body",
        404: "Delivery not found or invalid identifier",
        # The spec says "of the pickup" on the delivery endpoint too; the delivery is meant.
        409: "Specified status is incompatible with the current status of the delivery",
    },
    "authorize": {
        200: "Access token for the organization",
        403: CREDENTIALS,
    },
    "health": {200: "The database answers", 503: "The database is not reachable"},
    "listProducts": {200: LISTED},
    "getProduct": {200: "Product is successfully returned"},
    "putProduct": {
        200: "Product is successfully replaced",
        201: "Product is successfully created",
        400: "Bad request, for example request body is not a product",
    },
    "deleteProduct": {
        204: "Product was successfully deleted",
        409: "The product is still used by an open sales order draft",
    },
}

TAGS: list[dict[str, str]] = [
    {
        "name": "Sales Order Drafts",
        "description": (
            "A sales order draft is a draft object that can be converted into a sales order "
            'once all data has been provided. During shopping it holds the "not yet final" '
            "basket, which is built up at the register or online store by scanning/adding items "
            "and other information (e.g. customer name)."
        ),
    },
    {
        "name": "Sales Orders",
        "description": (
            "A sales order is the seller-side representation of a customer's request to "
            "purchase one or more items. It is created when checkout of a basket is completed. "
            "At that point the items, the customer and the contact, fulfillment and payment "
            "information have been collected."
        ),
    },
    {
        "name": "Fulfillments",
        "description": (
            "Pickups and deliveries of sales orders, each with its own status machine, worked "
            "by the staff at the fulfillment desk until the customer has the goods."
        ),
    },
    {
        "name": "Catalog",
        "description": (
            "Products and their prices (an extension; enfore keeps the catalog in another API)."
        ),
    },
    {
        "name": "Webhooks",
        "description": (
            "Events out (an extension): subscriptions receive signed POSTs (Standard Webhooks) "
            "when a sales order is created or a sales order, pickup or delivery changes status; "
            "at least once, retried on a schedule, deduplicated by `webhook-id`."
        ),
    },
    {
        "name": "Access",
        "description": "Access tokens for API clients, and the service's health.",
    },
]

PATH_PARAMETERS: dict[str, str] = {
    "org-id": "ID of the organization whose data is being accessed",
    "sales-order-draft-id": "ID of the sales order draft",
    "item-id": "ID of the item",
    "sales-order-id": "ID of the sales order",
    "product-id": "ID of the product in the organization's catalog",
    "webhook-id": "ID of the webhook subscription",
}

# `pickup-id` and `delivery-id` name a draft's part under /sales-order-drafts/ and a
# fulfillment under /fulfillments/; the spec words them differently.
PATH_PARAMETERS_UNDER_FULFILLMENTS: dict[str, str] = {
    "pickup-id": "The identifier of the pickup",
    "delivery-id": "The identifier of the delivery",
}
PATH_PARAMETERS_UNDER_DRAFTS: dict[str, str] = {
    "pickup-id": "ID of the pickup",
    "delivery-id": "ID of the delivery",
}
