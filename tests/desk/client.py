"""Helpers of the desk page tests: logged-in browser sessions and requests shaped as htmx
sends them (plain functions, not fixtures)."""

from django.test import Client

from core.models import Organization
from tests import factories

HTMX = {"HX-Request": "true"}


def staff_client(organization: Organization, username: str = "alice") -> Client:
    """A browser session of a staff member of the organization."""
    client = Client()
    client.force_login(factories.staff(organization, username))
    return client


def fragment(client: Client, url: str, **kwargs):
    """GET as an htmx poll sends it."""
    return client.get(url, headers=HTMX, **kwargs)


def act(client: Client, url: str, data: dict):
    """POST a button as htmx sends it."""
    return client.post(url, data, headers=HTMX)
