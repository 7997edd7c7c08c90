"""Which language a request is answered in.

Staff pages and the login page: the user's own setting, else the browser's `Accept-Language`,
else LANGUAGE_CODE. Counter screens: `?lang=`, else their display's setting, else the same as
staff pages (desk.views.counter). The API answers in LANGUAGE_CODE whatever the request says:
its problem texts are part of the contract, in English.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_PREFIX = "/api/"


def supported_language(code: str | None) -> str:
    """The supported language a code names ("de-AT" -> "de"), or ''."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code.strip())
    except LookupError:
        return ""


def user_language(user) -> str:
    """The language the user chose on the desk or in the admin, or ''."""
    if not getattr(user, "is_authenticated", False):
        return ""
    preferences = getattr(user, "preferences", None)  # a missing row raises AttributeError
    return supported_language(preferences.language if preferences else "")


def activate_language(request: HttpRequest, code: str) -> None:
    translation.activate(code)
    request.LANGUAGE_CODE = translation.get_language()


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (Accept-Language, Content-Language, Vary), with the user's own
    setting first and the API kept in English. After AuthenticationMiddleware."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(API_PREFIX):
            activate_language(request, settings.LANGUAGE_CODE)
            return
        chosen = user_language(request.user) or translation.get_language_from_request(request)
        activate_language(request, chosen)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            response = super().process_response(request, response)
        translation.deactivate()  # the request's language never outlives it in this thread
        return response
