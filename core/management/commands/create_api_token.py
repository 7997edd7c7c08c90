from django.core.management.base import BaseCommand, CommandError

from core.models import Organization
from core.services import api_token_issue


class Command(BaseCommand):
    help = "Print a long-lived API access token for an organization (alone on stdout)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, dest="org_id")
        parser.add_argument("--label", default="manage.py create_api_token")

    def handle(self, *args, org_id: str, label: str, **options):
        organization = Organization.objects.filter(id=org_id).first()
        if organization is None:
            raise CommandError(f"No organization {org_id!r}; create it with create_org.")
        self.stdout.write(api_token_issue(organization=organization, label=label))
