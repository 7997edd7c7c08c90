from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Sales orders and catalog"

    def ready(self) -> None:
        from orders.selectors import sales_order_read
        from webhooks.outbox import register_renderer

        register_renderer(
            "sales_order",
            lambda organization_id, object_id: sales_order_read(
                organization_id=organization_id, sales_order_id=object_id
            ),
        )
