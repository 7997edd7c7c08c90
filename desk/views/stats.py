"""Waiting times for managers: the stats page (charts and a table) and the same numbers as
CSV."""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from desk.access import desk_view
from desk.filters import StatsFilters
from desk.live import with_query
from desk.presenters.stats import stats_csv_rows, stats_page, stats_waits, store_today


def _filters(request: HttpRequest) -> StatsFilters:
    return StatsFilters.from_data(request.GET, today=store_today(request.organization))


@require_GET
@desk_view
def stats(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    context = {
        "page": "stats",
        "report": stats_page(organization=request.organization, filters=filters),
        "csv_url": with_query(reverse("desk-stats-csv"), filters.as_query()),
    }
    return render(request, "desk/stats.html", context)


@require_GET
@desk_view
def stats_csv(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    hours = stats_waits(organization=request.organization, filters=filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"pickup-waits-{filters.start.isoformat()}-{filters.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    csv.writer(response).writerows(stats_csv_rows(hours))
    return response
