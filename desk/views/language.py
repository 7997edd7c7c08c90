"""The language menu: a staff user's own choice of the desk's language, kept with the user."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.services import user_set_language
from desk.access import desk_response, safe_next
from desk.languages import remember_language, supported_language


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """POST language=<code> (blank: the browser's language), next=<page to go back to>."""
    if not request.user.is_authenticated:
        return desk_response(redirect_to_login(reverse("desk-overview")))
    next_url = safe_next(request, request.POST.get("next"), reverse("desk-overview"))
    language = supported_language(request.POST.get("language"))
    user_set_language(user=request.user, language=language)
    return remember_language(desk_response(HttpResponseRedirect(next_url)), language)
