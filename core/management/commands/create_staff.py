from django.core.management.base import BaseCommand, CommandError

from core.models import Organization
from core.services import staff_ensure


class Command(BaseCommand):
    help = "Create a staff user, or add an organization to an existing one (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, dest="org_id")
        parser.add_argument("--password", required=True)

    def handle(self, *args, username: str, org_id: str, password: str, **options):
        organization = Organization.objects.filter(id=org_id).first()
        if organization is None:
            raise CommandError(f"No organization {org_id!r}; create it with create_org.")
        user = staff_ensure(username=username, organization=organization, password=password)
        self.stdout.write(f"{user.get_username()} is staff of {organization.id}")
