"""Slow down password guessing without handing anyone a way to lock others out.

Failed logins are counted in the database (so the rule holds across web processes) within a
sliding window, and three limits apply, as OWASP and django-axes recommend:

- a username from one client address: LOGIN_FAILURE_LIMIT failures lock that pair, so the
  person guessing is stopped while the account's owner, elsewhere, can still sign in;
- one client address, whatever the usernames: LOGIN_IP_FAILURE_LIMIT failures stop it
  trying more (guessing one common password against many accounts);
- a username from anywhere: LOGIN_USER_FAILURE_LIMIT failures, set much higher, lock it
  against guessing spread over many addresses; reaching it takes that many attempts, not
  five, so locking someone out is no longer cheap.

A lock lifts by itself once the failures age out of the window. Behind a reverse proxy, set
SOUNDING_WEB_PROXIES to the number of proxies so the client's own address is counted.
"""

from __future__ import annotations

import ipaddress
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


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or with NUM_PROXIES trusted proxies in front, the
    X-Forwarded-For entry the outermost of them added (earlier entries can be forged)."""
    if request is None:
        return None
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return _valid(hops[-min(proxies, len(hops))])
    return _valid(request.META.get("REMOTE_ADDR"))


def _valid(address: str | None) -> str | None:
    """`address` if it is an IP address (the column holds nothing else), else None."""
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def lock_reason(username: str, ip: str | None) -> str | None:
    """Why a sign-in as `username` from `ip` is refused now ("address" or "username"), or
    None if it may go ahead."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    if ip and recent.filter(ip=ip).count() >= settings.LOGIN_IP_FAILURE_LIMIT:
        return "address"
    if not username:
        return None
    mine = recent.filter(username=_key(username))
    if ip and mine.filter(ip=ip).count() >= settings.LOGIN_FAILURE_LIMIT:
        return "username"
    if mine.count() >= settings.LOGIN_USER_FAILURE_LIMIT:
        return "username"
    return None


def is_locked(username: str, ip: str | None = None) -> bool:
    return lock_reason(username, ip) is not None


@receiver(user_login_failed)
def record_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = credentials.get("username") or ""
    LoginFailure.objects.create(username=_key(username), ip=client_ip(request))


@receiver(user_logged_in)
def clear_failures(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """The owner got in from here: forget this address's failures for them (others' stay,
    so a guesser elsewhere is not given a fresh allowance)."""
    LoginFailure.objects.filter(username=_key(user.get_username()), ip=client_ip(request)).delete()
