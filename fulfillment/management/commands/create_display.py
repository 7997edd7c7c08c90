from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.models import Organization
from fulfillment.models import CounterDisplay


class Command(BaseCommand):
    help = "Create a counter screen for a pickup location; prints its path /display/<secret>/."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, dest="org_id")
        parser.add_argument("--location", required=True, dest="service_location")
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--language",
            default="",
            choices=["", *(code for code, _ in settings.LANGUAGES)],
            help="The screen's language (default: the browser's).",
        )

    def handle(
        self, *args, org_id: str, service_location: str, name: str, language: str, **options
    ):
        organization = Organization.objects.filter(id=org_id).first()
        if organization is None:
            raise CommandError(f"No organization {org_id!r}; create it with create_org.")
        display = CounterDisplay.objects.create(
            organization=organization,
            service_location=service_location,
            name=name,
            language=language,
        )
        self.stdout.write(display.get_absolute_url())
