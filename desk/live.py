"""One template serves a page and its live fragment (`{% partialdef %}`); a button answers with
the fragment it changed plus a notice swapped out of band, so a poll never wipes the notice.

Every live fragment carries a change stamp of exactly what it shows (its ETag, also in its
`data-stamp`). A poll sends it back as `If-None-Match`; when nothing the fragment shows has
changed the answer is a bodiless 304, found with one small query and no rendering. A changed
fragment is morphed into the page (idiomorph), so focus, typed text and scroll survive.
"""

import hashlib
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from core.problems import Problem
from desk.access import is_fragment_request

# Every live fragment polls this often; a move made elsewhere shows within this plus a request.
POLL_SECONDS = 2


@dataclass(frozen=True)
class Notice:
    text: str
    kind: str = "ok"  # ok | error
    link_url: str = ""
    link_text: str = ""

    @classmethod
    def of_problem(cls, problem: Problem) -> "Notice":
        return cls(text=problem.detail, kind="error")


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


def unchanged(request: HttpRequest, stamp: str) -> bool:
    """A poll of a fragment that still shows what `stamp` describes."""
    return is_fragment_request(request) and request.headers.get("If-None-Match") == f'"{stamp}"'


def not_modified(stamp: str) -> HttpResponse:
    response = HttpResponse(status=304)
    response["ETag"] = f'"{stamp}"'
    return response


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
