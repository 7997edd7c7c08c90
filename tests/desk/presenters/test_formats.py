"""The desk's texts (desk.presenters.formats): what the card builders and the template filters
print for quantities, moments and time windows."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from desk.presenters.formats import LocalTimes, money_text, quantity_text, status_label

NOW = datetime(2030, 3, 5, 22, 30, 12, tzinfo=UTC)  # 23:30 in Berlin, 09:30 next day Auckland


def django_moment(value: datetime, now: datetime) -> str:
    """A moment as the desk wrote it with Django's date_format before formats.LocalTimes."""
    local = timezone.localtime(value)
    today = timezone.localtime(now).date()
    return date_format(local, "H:i" if local.date() == today else "D j M H:i")


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Pacific/Auckland"])
def test_an_english_moment_reads_as_djangos_date_format_writes_it(settings, zone):
    settings.TIME_ZONE = zone
    moments = [NOW + timedelta(hours=hours, minutes=7) for hours in range(-80, 80, 7)]
    with translation.override("en"):
        times = LocalTimes(NOW)
        assert [times.moment(m) for m in moments] == [django_moment(m, NOW) for m in moments]


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Wed 6 Mar 00:30"), ("de", "Mi, 6. Mär 00:30"), ("fr", "mer. 6 mars 00:30")],
)
def test_a_moment_on_another_day_is_written_as_the_language_writes_dates(settings, language, text):
    settings.TIME_ZONE = "Europe/Berlin"
    with translation.override(language):
        assert LocalTimes(NOW).moment(NOW + timedelta(hours=1)) == text


@pytest.mark.parametrize(
    ("language", "start_only", "end_only"),
    [("de", "ab 10:00", "bis 10:00"), ("fr", "à partir de 10:00", "jusqu'à 10:00")],
)
def test_an_open_time_window_is_worded_in_the_language(settings, language, start_only, end_only):
    settings.TIME_ZONE = "Europe/Berlin"
    today_10 = datetime(2030, 3, 5, 9, 0, tzinfo=UTC)
    with translation.override(language):
        times = LocalTimes(NOW)
        assert (times.time_range(today_10, None), times.time_range(None, today_10)) == (
            start_only,
            end_only,
        )


def test_a_moment_today_is_the_time_and_another_day_adds_the_date(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    times = LocalTimes(NOW)
    assert times.moment(NOW - timedelta(minutes=5)) == "23:25"
    assert times.moment(NOW + timedelta(hours=1)) == "Wed 6 Mar 00:30"
    assert times.moment(None) == ""


def test_a_time_window_names_the_date_only_when_it_is_not_today(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    times = LocalTimes(NOW)
    today_10 = datetime(2030, 3, 5, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    assert times.time_range(today_10, today_10 + timedelta(minutes=30)) == "10:00–10:30"
    assert times.time_range(today_10, today_10 + timedelta(days=1)) == "10:00–Wed 6 Mar 10:00"
    tomorrow = today_10 + timedelta(days=1)
    assert times.time_range(tomorrow, tomorrow + timedelta(hours=2)) == "Wed 6 Mar 10:00–12:00"
    assert times.time_range(today_10, None) == "from 10:00"
    assert times.time_range(None, tomorrow) == "until Wed 6 Mar 10:00"
    assert times.time_range(None, None) == ""


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("1.0000"), "PIECES", "1 ×"),
        (Decimal("2.5000"), "MASS_KILOGRAMS", "2.5 kg"),
        (Decimal("0.2500"), "VOLUME_LITERS", "0.25 l"),
        (Decimal("1000"), "", "1000"),
        (Decimal("3"), "SOME_NEW_UNIT", "3 some new unit"),
        ("n/a", "PIECES", "n/a ×"),
    ],
)
def test_a_quantity_reads_as_a_number_and_its_unit(value, unit, text):
    assert quantity_text(value, unit) == text


def test_a_status_label_is_the_status_in_words():
    assert status_label("ON_HOLD") == "On hold"


@pytest.mark.parametrize(
    ("language", "labels"),
    [("de", ["Zurückgestellt", "In Bearbeitung"]), ("fr", ["En attente", "En cours"])],
)
def test_a_status_label_is_in_the_language(language, labels):
    with translation.override(language):
        assert [status_label("ON_HOLD"), status_label("IN_PROCESS")] == labels


@pytest.mark.parametrize(
    ("language", "quantity", "money"),
    [
        ("en", "2.5 kg", "1,234.50 EUR"),
        ("de", "2,5 kg", "1.234,50 EUR"),
        ("fr", "2,5 kg", "1\xa0234,50 EUR"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(language, quantity, money):
    with translation.override(language):
        assert (quantity_text(Decimal("2.5"), "MASS_KILOGRAMS"), money_text("1234.5", "EUR")) == (
            quantity,
            money,
        )
