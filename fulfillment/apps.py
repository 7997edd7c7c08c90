from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "fulfillment"
    verbose_name = "Pickups and deliveries"

    def ready(self) -> None:
        from fulfillment.selectors import delivery_get, pickup_get
        from webhooks.outbox import register_renderer

        register_renderer(
            "pickup",
            lambda organization_id, object_id: pickup_get(
                organization_id=organization_id, pickup_id=object_id
            ),
        )
        register_renderer(
            "delivery",
            lambda organization_id, object_id: delivery_get(
                organization_id=organization_id, delivery_id=object_id
            ),
        )
