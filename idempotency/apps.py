from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "idempotency"
    verbose_name = "Idempotency keys"

    def ready(self) -> None:
        from idempotency.services import purge_expired
        from webhooks.worker import register_periodic

        register_periodic(purge_expired)
