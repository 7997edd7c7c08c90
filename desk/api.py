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
from drafts import api as drafts_api
from drafts import checkout_api
from fulfillment import api as fulfillment_api
from idempotency.openapi import declare_idempotency_key
from orders import api as orders_api
from orders.schemas import STATUS_UPDATE_SCHEMAS
from webhooks import api as webhooks_api


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
# Each app's router is mounted at its PREFIX; a path parameter of the prefix ({org_id}) reaches
# the handlers that declare it.
checkout_api.register(orders_api.router)
api.add_router(orders_api.PREFIX, orders_api.router)
api.add_router(orders_api.CATALOG_PREFIX, orders_api.catalog_router)
api.add_router(fulfillment_api.PREFIX, fulfillment_api.router)
api.add_router(drafts_api.PREFIX, drafts_api.router)
api.add_router(webhooks_api.PREFIX, webhooks_api.router)
