"""One template serves a page and its live fragment (`{% partialdef %}`); a button answers with
the fragment it changed plus a notice swapped out of band, so a poll never wipes the notice.

Every live fragment carries a change stamp of exactly what it shows (its ETag, also in its
`data-stamp`). A poll sends it back as `If-None-Match`; when nothing the fragment shows has
changed the answer is a bodiless 304, found with one small query and no rendering. A changed
fragment is morphed into the page (idiomorph), so focus, typed text and scroll survive.

The pickup queue and the delivery board are one `LiveBoard` each: a page of cards, their
filters, and buttons that move a card. Their cards are kept rendered in this process's cache
(`{% cache %}` in the templates), keyed by `card_scope` and what each card shows, so a changed
fragment renders only the cards that changed.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_GET

from core.error_codes import ProblemCode
from core.problems import Problem
from desk.access import (
    desk_response,
    desk_view,
    is_fragment_request,
    issue_pass,
    passed_organization,
)

# Every live fragment polls this often; a move made elsewhere shows within this plus a request.
POLL_SECONDS = 2

# What a button's notice says when the move was refused on a page in another language than
# English: the problem's own text (the API's, precise) is English, and shown as it is there.
PROBLEM_NOTICES = {
    ProblemCode.TRANSITION_NOT_ALLOWED: gettext_lazy(
        "That step is not possible now: the status changed meanwhile or its order keeps it."
    ),
    ProblemCode.NOT_FOUND: gettext_lazy("That is gone: someone else may have removed it."),
    ProblemCode.DRAFT_NOT_FINALIZED: gettext_lazy("That basket is not finalized."),
    ProblemCode.DRAFT_EMPTY: gettext_lazy("That basket has no items."),
    ProblemCode.DRAFT_INCONSISTENT: gettext_lazy("That basket cannot become an order as it is."),
    ProblemCode.UNKNOWN_PRODUCT: gettext_lazy("A product of that basket is not in the catalog."),
    ProblemCode.UNKNOWN_TAX: gettext_lazy("A tax rate of that basket is not known."),
    ProblemCode.CURRENCY_MISMATCH: gettext_lazy("That basket mixes currencies."),
    ProblemCode.AMOUNT_TOO_LARGE: gettext_lazy("An amount of that basket is too large."),
    ProblemCode.PAGER_NUMBER_HELD: gettext_lazy(
        "That pager number is already held by another open pickup."
    ),
}
PROBLEM_LANGUAGE = "en"
PROBLEM_NOTICE_ELSE = gettext_lazy("That did not work. Reload the page and try again.")


@dataclass(frozen=True)
class Notice:
    text: str
    kind: str = "ok"  # ok | error
    link_url: str = ""
    link_text: str = ""

    @classmethod
    def of_problem(cls, problem: Problem) -> "Notice":
        if get_language().split("-")[0] == PROBLEM_LANGUAGE:
            return cls(text=problem.detail, kind="error")
        return cls(text=str(PROBLEM_NOTICES.get(problem.code, PROBLEM_NOTICE_ELSE)), kind="error")


def with_query(path: str, query) -> str:
    encoded = urlencode(query, doseq=True)
    return f"{path}?{encoded}" if encoded else path


def clock_minute() -> int:
    """The current minute: part of the stamp of fragments that show ages or "today"."""
    return int(time.time() // 60)


def change_stamp(*parts) -> str:
    """An opaque validator of what a fragment shows: its page, organization, filters and the
    selectors' stamp of its rows, in the active language and time zone."""
    text = repr((get_language(), timezone.get_current_timezone_name(), *parts))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def card_scope(request: HttpRequest, *parts) -> str:
    """What every card of a fragment shares besides its own data: language, time zone, the
    clock minute (ages), this browser's CSRF secret (its forms), the page's filters."""
    get_token(request)  # sets the secret of a browser that has none yet
    text = repr(
        (
            get_language(),
            timezone.get_current_timezone_name(),
            clock_minute(),
            request.META.get("CSRF_COOKIE", ""),
            settings.PICKUP_WAIT_WARNING_MINUTES,
            *parts,
        )
    )
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def is_poll(request: HttpRequest) -> bool:
    """A fragment request that names the stamp it shows: may be answered 304."""
    return is_fragment_request(request) and "If-None-Match" in request.headers


def shown_tag(request: HttpRequest) -> tuple[str, str]:
    """What a poll says it shows: the stamp of its fragment and the poll pass that came with
    it (empty without one). A fragment's tag is `stamp` or `stamp.pass`: stamps are hex."""
    tag = request.headers.get("If-None-Match", "")
    if len(tag) < 2 or tag[0] != '"' or tag[-1] != '"':
        return "", ""
    stamp, _, poll_pass = tag[1:-1].partition(".")
    return stamp, poll_pass


def unchanged(request: HttpRequest, stamp: str) -> bool:
    """A poll of a fragment that still shows what `stamp` describes."""
    return is_fragment_request(request) and shown_tag(request)[0] == stamp


def with_pass(request: HttpRequest, stamp: str) -> str:
    """The tag of a fragment a verified request answers: its stamp with a fresh poll pass
    for the session (`desk.access.issue_pass`), so that its next idle polls are answered by
    any process without a session read."""
    poll_pass = issue_pass(request, request.organization)
    return stamp if poll_pass is None else f"{stamp}.{poll_pass}"


def not_modified(tag: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = f'"{tag}"'
    return response


def live_view(stamp_of: Callable[..., str]):
    """A live page's GET view behind `desk_view`, called as `view(request, ..., stamp=...)`
    with its fragment's tag (`stamp_of(request, ...)`, given `request.organization`, with a
    fresh poll pass: `with_pass`).

    A poll whose stamp still holds is a bodiless 304. When it shows a valid poll pass, that
    304 is found with the stamp alone (no session, user or membership read) and keeps the
    tag it was sent; any answer with data, and a poll without a valid pass, is checked
    afresh, and its tag carries a new pass.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def stamped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            known = getattr(request, "desk_passed_stamp", None)
            if known is not None and known[0] == request.organization.id:
                stamp = known[1]
            else:
                stamp = stamp_of(request, *args, **kwargs)
            if unchanged(request, stamp):
                return not_modified(with_pass(request, stamp))
            return view(request, *args, stamp=with_pass(request, stamp), **kwargs)

        checked = desk_view(stamped)

        @require_GET
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            shown, poll_pass = shown_tag(request) if is_poll(request) else ("", "")
            organization = passed_organization(request, poll_pass) if poll_pass else None
            if organization is not None:
                request.organization = organization
                with timezone.override(organization.zone):
                    stamp = stamp_of(request, *args, **kwargs)
                if stamp == shown:
                    return desk_response(not_modified(f"{shown}.{poll_pass}"))
                request.desk_passed_stamp = (organization.id, stamp)
            return checked(request, *args, **kwargs)

        return wrapped

    return decorate


def render_live(
    request: HttpRequest, template: str, partial: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """The whole page, or only its live fragment for an HTMX request; the fragment's stamp
    (context["stamp"]) as its ETag."""
    context = {"poll_seconds": POLL_SECONDS, **context}
    if is_fragment_request(request):
        response = render(request, f"{template}#{partial}", context, status=status)
    else:
        response = render(request, template, context, status=status)
    if context.get("stamp"):
        response["ETag"] = f'"{context["stamp"]}"'
    return response


def answer_action(
    request: HttpRequest,
    *,
    notice: Notice,
    template: str,
    partial: str,
    context_of,
    page_url: str,
) -> HttpResponse:
    """After a button: HTMX gets the changed fragment plus the notice; a plain form post (no
    JavaScript) is redirected back to the page, the notice riding along as a message."""
    if not request.htmx:
        level = messages.SUCCESS if notice.kind == "ok" else messages.ERROR
        messages.add_message(request, level, notice.text)
        return HttpResponseRedirect(page_url)
    context = {"poll_seconds": POLL_SECONDS, **context_of()}
    html = render_to_string(f"{template}#{partial}", context, request)
    html += render_to_string("desk/notice.html", {"notice": notice, "oob": True}, request)
    return HttpResponse(html)


@lru_cache(maxsize=1024)
def _filters_of_query(read_filters: Callable[[Any], Any], query: str):
    """A board's filters as its poll's query string gives them (a screen polls the same
    string again and again; filters are frozen values)."""
    return read_filters(QueryDict(query))


@dataclass(frozen=True)
class LiveBoard:
    """A live board of cards that staff move with buttons (the pickup queue, the delivery
    board). `rows_stamp`, `present` and `options` take `organization_id=` and `filters=`:
    the selectors' stamp of the rows shown, the fragment's context, and what the full page's
    filters offer."""

    name: str  # the page, as the navigation and the stamps know it
    url_name: str
    template: str
    partial: str
    read_filters: Callable[[Any], Any]
    rows_stamp: Callable[..., tuple]
    present: Callable[..., dict]
    options: Callable[..., dict]

    def page_url(self, filters) -> str:
        return with_query(reverse(self.url_name), filters.as_query())

    def stamp(self, request: HttpRequest, filters) -> str:
        rows = self.rows_stamp(organization_id=request.organization.id, filters=filters)
        return change_stamp(self.name, request.organization.id, filters, rows, clock_minute())

    def poll_stamp(self, request: HttpRequest) -> str:
        return self.stamp(
            request, _filters_of_query(self.read_filters, request.META.get("QUERY_STRING", ""))
        )

    def context(self, request: HttpRequest, filters, *, stamp: str, full: bool) -> dict:
        organization_id = request.organization.id
        context = {
            "stamp": stamp,
            "filters": filters,
            "poll_url": self.page_url(filters),
            "page": self.name,
            "cards_scope": card_scope(request, self.name, filters),
            **self.present(organization_id=organization_id, filters=filters),
        }
        if full:
            context |= self.options(organization_id=organization_id, filters=filters)
        return context

    def page_view(self) -> Callable[..., HttpResponse]:
        """The board's GET view: the page, or its fragment for a poll (see `live_view`)."""

        @live_view(self.poll_stamp)
        def page(request: HttpRequest, *, stamp: str) -> HttpResponse:
            filters = self.read_filters(request.GET)
            full = not request.htmx or request.htmx.history_restore_request
            context = self.context(request, filters, stamp=stamp, full=full)
            return render_live(request, self.template, self.partial, context)

        return page

    def move(self, request: HttpRequest, *, allowed, perform: Callable[[str], str]) -> HttpResponse:
        """A button's POST: `perform(status)` moves the card and says what it did (or raises
        a Problem); the answer is the board as it now stands with that notice."""
        filters = self.read_filters(request.POST)
        status = request.POST.get("status", "")
        if status not in allowed:
            notice = Notice(text=gettext("Unknown action."), kind="error")
        else:
            try:
                notice = Notice(text=perform(status))
            except Problem as problem:
                notice = Notice.of_problem(problem)
        return answer_action(
            request,
            notice=notice,
            template=self.template,
            partial=self.partial,
            context_of=lambda: self.context(
                request, filters, stamp=with_pass(request, self.stamp(request, filters)), full=False
            ),
            page_url=self.page_url(filters),
        )
