"""The one NinjaAPI: mounts each app's router under /api."""

from typing import Any

from csp.decorators import csp_update
from ninja import NinjaAPI

from core.api import router as core_router
from core.auth import OrganizationBearer
from core.errors import install_error_handlers
from core.openapi import publish
from core.parsing import StrictJsonParser
from core.problems import PROBLEM_CONTENT_TYPE
from core.rendering import ExactJsonRenderer
from drafts import checkout_api
from drafts.api import router as drafts_router
from fulfillment.api import router as fulfillment_router
from idempotency.openapi import declare_idempotency_key
from orders.api import catalog_router
from orders.api import router as orders_router
from orders.schemas import STATUS_UPDATE_SCHEMAS
from webhooks.api import router as webhooks_router


class SalesOrdersApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> dict:
        schema = super().get_openapi_schema(*args, **kwargs)
        declare_idempotency_key(schema, problem_media_type=PROBLEM_CONTENT_TYPE)
        return publish(schema, schemas=STATUS_UPDATE_SCHEMAS)


# Swagger UI (served from ninja's static files) sets inline styles and draws data: images.
SWAGGER_UI_CSP = csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"]})

api = SalesOrdersApi(
    title="Fulfillment desk: enfore Sales Orders API",
    version="0.4.5",
    description=(
        "The enfore Sales Orders API 0.4.5 with the decisions of the project's contract. "
        "Errors are RFC 9457 problem documents."
    ),
    auth=OrganizationBearer(),
    parser=StrictJsonParser(),
    renderer=ExactJsonRenderer(),
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=SWAGGER_UI_CSP,
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("", core_router)
checkout_api.register(orders_router)
api.add_router("", orders_router)
api.add_router("", catalog_router)
api.add_router("", fulfillment_router)
api.add_router("", drafts_router)
api.add_router("", webhooks_router)
