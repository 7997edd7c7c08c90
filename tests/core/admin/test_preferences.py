"""Managers set a user's desk language in the admin, on the user's page; a counter screen's
language on the display's page."""

import pytest

from core.models import UserPreferences
from fulfillment.models import CounterDisplay
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_users_admin_page_offers_the_desk_language(admin_client, organization):
    user = factories.staff(organization, "bob")
    content = admin_client.get(f"/admin/auth/user/{user.id}/change/").content.decode()
    assert 'name="preferences-0-language"' in content
    assert '<option value="de">Deutsch</option>' in content


def test_a_language_set_in_the_admin_is_the_users(admin_client, organization):
    user = factories.staff(organization, "bob")
    page = admin_client.get(f"/admin/auth/user/{user.id}/change/")
    form = page.context["adminform"].form
    data = {
        **{name: value for name, value in form.initial.items() if value is not None},
        "username": user.username,
        "date_joined_0": "2030-01-01",
        "date_joined_1": "10:00:00",
        "preferences-TOTAL_FORMS": "1",
        "preferences-INITIAL_FORMS": "0",
        "preferences-MIN_NUM_FORMS": "0",
        "preferences-MAX_NUM_FORMS": "1",
        "preferences-0-language": "fr",
        "preferences-0-user": str(user.id),
    }
    data.pop("password", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = admin_client.post(f"/admin/auth/user/{user.id}/change/", data)
    assert response.status_code == 302, response.context and response.context.get("errors")
    assert UserPreferences.objects.get(user=user).language == "fr"


def test_a_displays_admin_page_offers_its_language(admin_client, organization):
    display = factories.display(organization)
    content = admin_client.get(
        f"/admin/fulfillment/counterdisplay/{display.id}/change/"
    ).content.decode()
    assert 'name="language"' in content
    assert CounterDisplay._meta.get_field("language").blank
