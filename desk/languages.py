"""Which language a request is answered in.

Staff pages and the login page: the user's own setting, else the browser's `Accept-Language`,
else LANGUAGE_CODE. The user's setting is mirrored in a cookie, so a request is put in its
language before (and without) reading the user: an idle poll answered from the access
recently verified (desk.access) never touches the session or the user. Every desk page
that reads the user puts the cookie right when it differs from the setting (another browser,
another user at the same screen, a setting changed in the admin).

Counter screens: `?lang=`, else their display's setting, else the same as staff pages
(desk.views.counter). The API answers in LANGUAGE_CODE whatever the request says: its problem
texts are part of the contract, in English.
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


PREFERENCE_COOKIE = "desk_language"


def remembered_language(request: HttpRequest) -> str:
    """The user's own setting as this browser's cookie remembers it, or ''."""
    return supported_language(request.COOKIES.get(PREFERENCE_COOKIE))


def follow_user_language(request: HttpRequest, user) -> str | None:
    """Puts the request in the user's own language when the cookie did not; the cookie value
    the response must carry ('' to drop it), or None when the cookie is right."""
    preferred = user_language(user)
    if preferred == remembered_language(request):
        return None
    activate_language(request, preferred or translation.get_language_from_request(request))
    return preferred


def remember_language(response: HttpResponse, language: str) -> HttpResponse:
    if language:
        response.set_cookie(
            PREFERENCE_COOKIE,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(PREFERENCE_COOKIE, samesite="Lax")
    return response


def activate_language(request: HttpRequest, code: str) -> None:
    translation.activate(code)
    request.LANGUAGE_CODE = translation.get_language()


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (Accept-Language, Content-Language, Vary), with the user's own
    setting (as its cookie remembers it) first and the API kept in English."""

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith(API_PREFIX):
            activate_language(request, settings.LANGUAGE_CODE)
            return
        chosen = remembered_language(request) or translation.get_language_from_request(request)
        activate_language(request, chosen)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            response = super().process_response(request, response)
        translation.deactivate()  # the request's language never outlives it in this thread
        return response
