"""The customer-facing counter screen: opened by its secret link, no login, numbers only."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from desk.live import change_stamp, not_modified, render_live, unchanged
from desk.presenters.counter import counter_board
from fulfillment.board_stamps import counter_display_get


@require_GET
@never_cache
def counter_screen(request: HttpRequest, secret: str) -> HttpResponse:
    display = counter_display_get(secret=secret)
    if display is None:
        raise Http404("No such counter screen.")
    stamp = change_stamp("counter", display.id, display.numbers_stamp)
    if unchanged(request, stamp):
        response = not_modified(stamp)
    else:
        board = counter_board(display=display)
        context = {"board": board, "poll_url": request.path, "stamp": stamp}
        response = render_live(request, "desk/counter.html", "board", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
