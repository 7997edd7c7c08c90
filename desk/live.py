"""One template serves a page and its live fragment (`{% partialdef %}`); a button answers with
the fragment it changed plus a notice swapped out of band, so a poll never wipes the notice."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string

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


def render_live(
    request: HttpRequest, template: str, partial: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """The whole page, or only its live fragment for an HTMX request."""
    context = {"poll_seconds": POLL_SECONDS, **context}
    if is_fragment_request(request):
        return render(request, f"{template}#{partial}", context, status=status)
    return render(request, template, context, status=status)


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
