from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "fulfillment"
    verbose_name = "Pickups and deliveries"

    def ready(self) -> None:
        from fulfillment.selectors import delivery_read, pickup_read
        from webhooks.outbox import register_renderer

        register_renderer(
            "pickup",
            lambda organization_id, object_id: pickup_read(
                organization_id=organization_id, pickup_id=object_id
            ),
        )
        register_renderer(
            "delivery",
            lambda organization_id, object_id: delivery_read(
                organization_id=organization_id, delivery_id=object_id
            ),
        )
