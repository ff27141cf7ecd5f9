"""htmx on the server: which requests want a fragment, and answering them.

Every page works without JavaScript; htmx only asks for the part that changed, sending
`HX-Request: true`. Such a request gets a fragment, anything else the whole page, and
`Vary: HX-Request` keeps a cache (the browser's, on Back) from mixing the two up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_vary_headers


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx asked for a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_either(
    request: HttpRequest,
    page: str,
    fragment: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """`fragment` for htmx, `page` for everyone else, from the same context."""
    response = render(request, fragment if is_htmx(request) else page, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def refresh_page() -> HttpResponse:
    """Tell htmx to reload the whole page (say, a job finished and the page has more to show)."""
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


class SignInRedirectMiddleware:
    """Send an htmx request whose session has expired to the sign-in page as a whole page.

    htmx follows redirects silently and would swap the sign-in form into a fragment (a
    progress box, a table row); `HX-Redirect` makes it load the sign-in page instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_htmx(request) and response.status_code == 302:
            target = response.get("Location", "")
            if target.split("?", 1)[0] == resolve_url(settings.LOGIN_URL):
                redirect = HttpResponse(status=204)
                redirect["HX-Redirect"] = target
                return redirect
        return response
