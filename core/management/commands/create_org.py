from django.core.management.base import BaseCommand, CommandError

from core.services import organization_ensure


class Command(BaseCommand):
    help = "Create an organization (idempotent); ORG_ID is the {org-id} of API paths."

    def add_arguments(self, parser):
        parser.add_argument("org_id")
        parser.add_argument("--name", required=True)

    def handle(self, *args, org_id: str, name: str, **options):
        if not org_id.strip() or len(org_id) > 64 or "/" in org_id:
            raise CommandError("ORG_ID must be 1-64 characters without '/'.")
        organization = organization_ensure(org_id=org_id, name=name)
        self.stdout.write(organization.id)
