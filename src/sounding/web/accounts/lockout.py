"""Lock a username after repeated failed logins, counted in the database.

Counting in the database (not a per-process cache) keeps the rule right across several web
processes. The lock lifts by itself once the failures age out of the window.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from sounding.web.accounts.models import LoginFailure


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def is_locked(username: str) -> bool:
    """Whether `username` has failed too often within the window."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(username=_key(username), at__gte=since)
    return recent.count() >= settings.LOGIN_FAILURE_LIMIT


def client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_login_failed)
def record_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get("username") or ""
    LoginFailure.objects.create(username=_key(username), ip=client_ip(request))


@receiver(user_logged_in)
def clear_failures(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    LoginFailure.objects.filter(username=_key(user.get_username())).delete()
