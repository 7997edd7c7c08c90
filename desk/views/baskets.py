"""Baskets waiting for checkout, each with its Check out button."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.actors import Actor
from core.problems import Problem
from desk.access import desk_view
from desk.live import (
    Notice,
    answer_action,
    change_stamp,
    clock_minute,
    live_view,
    render_live,
)
from desk.presenters.baskets import waiting_baskets
from drafts.checkout import draft_check_out
from drafts.selectors import finalized_drafts_stamp

BASKETS_TEMPLATE = "desk/baskets.html"


def _stamp(request: HttpRequest) -> str:
    rows = finalized_drafts_stamp(organization_id=request.organization.id)
    return change_stamp("baskets", request.organization.id, rows, clock_minute())


def _baskets_context(request: HttpRequest, *, stamp: str) -> dict:
    baskets, total = waiting_baskets(organization_id=request.organization.id)
    return {
        "stamp": stamp,
        "page": "baskets",
        "baskets": baskets,
        "baskets_total": total,
        "poll_url": reverse("desk-baskets"),
    }


@live_view(_stamp)
def basket_list(request: HttpRequest, *, stamp: str) -> HttpResponse:
    context = _baskets_context(request, stamp=stamp)
    return render_live(request, BASKETS_TEMPLATE, "baskets", context)


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
            text=gettext("Basket {basket} is now order {number}.").format(
                basket=order.draft_number, number=order.number
            ),
            link_url=reverse("desk-order", args=[order.id]),
            link_text=gettext("Open order {number}").format(number=order.number),
        )
        page_url = notice.link_url  # without JavaScript: straight to the new order
    except Problem as problem:
        notice = Notice.of_problem(problem)
    return answer_action(
        request,
        notice=notice,
        template=BASKETS_TEMPLATE,
        partial="baskets",
        context_of=lambda: _baskets_context(request, stamp=_stamp(request)),
        page_url=page_url,
    )
