"""Headers Django does not set by itself: a Content Security Policy on every response.

Response text is hostile, so the policy allows no inline script or style at all: even if
escaping failed somewhere, a `<script>` in a response could not run.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    """Add `Content-Security-Policy` (from settings) unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


def private_files() -> None:
    """Files and folders this process creates (database, uploads, caches, call log) are the
    owner's alone: consultation data must not be readable by other accounts on the server."""
    os.umask(0o077)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in user (pages, exports, the
    API): what a consultation holds must not stay in a shared or browser cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store"
        return response
