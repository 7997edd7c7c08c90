"""The customer-facing counter screen: opened by its secret link, no login, numbers only."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from desk.live import render_live
from desk.presenters.counter import counter_board
from fulfillment.board_selectors import counter_display_get


@require_GET
@never_cache
def counter_screen(request: HttpRequest, secret: str) -> HttpResponse:
    display = counter_display_get(secret=secret)
    if display is None:
        raise Http404("No such counter screen.")
    board = counter_board(display=display)
    response = render_live(
        request,
        "desk/counter.html",
        "board",
        {"board": board, "poll_url": request.path},
    )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
