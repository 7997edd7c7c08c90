import pytest
from django.core.exceptions import ValidationError

from core.admin import OrganizationForm
from core.models import Organization

pytestmark = pytest.mark.django_db


def test_a_new_organization_takes_the_servers_time_zone(settings):
    settings.TIME_ZONE = "Europe/Vienna"
    organization = Organization.objects.create(id="wien", name="Wien")
    assert organization.time_zone == "Europe/Vienna"
    assert str(organization.zone) == "Europe/Vienna"


def test_a_time_zone_that_is_not_an_iana_name_is_refused():
    organization = Organization(id="mars", name="Mars", time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as refused:
        organization.full_clean()
    assert "time_zone" in refused.value.message_dict


def test_the_admin_offers_iana_names_to_choose_from():
    choices = dict(OrganizationForm().fields["time_zone"].choices)
    assert "Europe/Berlin" in choices
    assert "Mars/Olympus_Mons" not in choices
