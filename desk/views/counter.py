"""The customer-facing counter screen: opened by its secret link, no login, numbers only."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from desk.languages import activate_language, supported_language
from desk.live import change_stamp, not_modified, render_live, unchanged
from desk.presenters.counter import counter_board
from fulfillment.board_stamps import counter_display_get


@require_GET
@never_cache
def counter_screen(request: HttpRequest, secret: str) -> HttpResponse:
    display = counter_display_get(secret=secret)
    if display is None:
        raise Http404("No such counter screen.")
    # ?lang= on the link, else the display's own setting, else the browser's (the middleware).
    language = supported_language(request.GET.get("lang")) or supported_language(display.language)
    if language:
        activate_language(request, language)
    with timezone.override(display.zone):
        stamp = change_stamp("counter", display.id, display.service_location, display.numbers_stamp)
        if unchanged(request, stamp):
            response = not_modified(stamp)
        else:
            board = counter_board(display=display)
            context = {"board": board, "poll_url": request.get_full_path(), "stamp": stamp}
            response = render_live(request, "desk/counter.html", "board", context)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
