"""htmx on the server: which requests want a fragment, and answering them.

Every page works without JavaScript; htmx only asks for the part that changed, sending
`HX-Request: true`. Such a request gets a fragment, anything else the whole page, and
`Vary: HX-Request` keeps a cache (the browser's, on Back) from mixing the two up.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
