"""Desk pages that span apps: the overview and the baskets (they need drafts, which the
fulfillment app may not import; desk is the top floor)."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.actors import Actor
from core.problems import Problem
from desk import queries
from drafts.checkout import draft_check_out
from fulfillment.views.access import desk_view
from fulfillment.views.live import Notice, answer_action, render_live

BASKETS_TEMPLATE = "desk/baskets.html"


@require_GET
@desk_view
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "page": "overview",
        "counts": queries.overview_counts(organization_id=request.organization.id),
        "poll_url": reverse("desk-overview"),
    }
    return render_live(request, "desk/overview.html", "counts", context)


def _baskets_context(request: HttpRequest) -> dict:
    baskets, total = queries.waiting_baskets(organization_id=request.organization.id)
    return {
        "page": "baskets",
        "baskets": baskets,
        "baskets_total": total,
        "poll_url": reverse("desk-baskets"),
    }


@require_GET
@desk_view
def basket_list(request: HttpRequest) -> HttpResponse:
    return render_live(request, BASKETS_TEMPLATE, "baskets", _baskets_context(request))


@require_POST
@desk_view
def basket_check_out(request: HttpRequest, draft_id) -> HttpResponse:
    page_url = reverse("desk-baskets")
    try:
        order = draft_check_out(
            organization_id=request.organization.id,
            draft_id=draft_id,
            actor=Actor.for_user(request.user),
        )
        notice = Notice(
            text=f"Basket {order.draft_number} is now order {order.number}.",
            link_url=reverse("desk-order", args=[order.id]),
            link_text=f"Open order {order.number}",
        )
        page_url = notice.link_url  # without JavaScript: straight to the new order
    except Problem as problem:
        notice = Notice.of_problem(problem)
    return answer_action(
        request,
        notice=notice,
        template=BASKETS_TEMPLATE,
        partial="baskets",
        context_of=lambda: _baskets_context(request),
        page_url=page_url,
    )
