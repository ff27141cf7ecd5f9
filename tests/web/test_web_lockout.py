"""Lockout: guessing is stopped per (username, address) and per address, and locking the
owner out from elsewhere takes far more than a handful of wrong passwords."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse

from sounding.web.accounts.forms import LOCKED_MESSAGE, THROTTLED_MESSAGE
from sounding.web.accounts.lockout import client_ip
from sounding.web.accounts.models import LoginFailure

PASSWORD = "a-long-enough-Passphrase-42"
pytestmark = pytest.mark.django_db


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _sign_in(client: Client, username: str, password: str) -> bytes | None:
    """None when signed in; else the page's content."""
    answer = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return None if answer.status_code == 302 else answer.content


def _locked(content: bytes | None) -> bool:
    return content is not None and LOCKED_MESSAGE.split(".")[0].encode() in content


def test_a_guesser_is_locked_but_the_owner_elsewhere_is_not() -> None:
    User.objects.create_user("alice", password=PASSWORD)
    guesser, owner = _from("203.0.113.7"), _from("198.51.100.20")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert not _locked(_sign_in(guesser, "alice", "wrong-guess"))
    # Now even the right password is refused from the guesser's address...
    assert _locked(_sign_in(guesser, "Alice", PASSWORD))
    # ...but the owner, from their own address, signs in.
    assert _sign_in(owner, "alice", PASSWORD) is None
    # Signing in clears only the owner's own address's failures.
    assert LoginFailure.objects.filter(ip="203.0.113.7").count() == settings.LOGIN_FAILURE_LIMIT


def test_one_address_trying_many_usernames_is_throttled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "LOGIN_IP_FAILURE_LIMIT", 8)
    User.objects.create_user("bob", password=PASSWORD)
    sprayer = _from("203.0.113.9")
    for n in range(8):  # one guess per account: no single username reaches its limit
        _sign_in(sprayer, f"user{n}", "Summer2026!")
    refused = _sign_in(sprayer, "bob", PASSWORD)
    assert refused is not None and THROTTLED_MESSAGE.split(".")[0].encode() in refused
    assert _sign_in(_from("198.51.100.20"), "bob", PASSWORD) is None


def test_guessing_spread_over_many_addresses_locks_the_username(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settings, "LOGIN_USER_FAILURE_LIMIT", 12)
    User.objects.create_user("carol", password=PASSWORD)
    for n in range(12):  # three guesses from each of four addresses: under the pair limit
        assert not _locked(_sign_in(_from(f"192.0.2.{n // 3 + 1}"), "carol", "guess"))
    assert _locked(_sign_in(_from("198.51.100.99"), "carol", PASSWORD))
    # A handful of failures is nowhere near that: another user is not locked by five.
    User.objects.create_user("dave", password=PASSWORD)
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(_from(f"192.0.2.{100 + n}"), "dave", "guess")
    assert _sign_in(_from("198.51.100.99"), "dave", PASSWORD) is None


def test_failures_age_out_of_the_window() -> None:
    from datetime import timedelta

    from django.utils import timezone

    User.objects.create_user("erin", password=PASSWORD)
    guesser = _from("203.0.113.11")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(guesser, "erin", "wrong")
    assert _locked(_sign_in(guesser, "erin", PASSWORD))
    old = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 1)
    LoginFailure.objects.update(at=old)
    assert _sign_in(guesser, "erin", PASSWORD) is None


def test_client_address_behind_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    factory = RequestFactory()
    forwarded = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"}
    request = factory.get("/", **forwarded)
    monkeypatch.setattr(settings, "NUM_PROXIES", 0)
    assert client_ip(request) == "10.0.0.2"  # no proxy trusted: the header is ignored
    monkeypatch.setattr(settings, "NUM_PROXIES", 1)
    assert client_ip(request) == "203.0.113.5"  # what our proxy saw, not the forged entry
    assert client_ip(factory.get("/", REMOTE_ADDR="not an address")) is None


def test_a_locked_account_answers_in_the_time_an_unlocked_one_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Refusing a locked name still hashes the password: the same work as a wrong one."""
    from django.contrib.auth import hashers

    User.objects.create_user("dora", password=PASSWORD)
    hashed: list[str] = []
    real = hashers.make_password
    monkeypatch.setattr(
        "sounding.web.accounts.forms.make_password", lambda p: hashed.append(p) or real(p)
    )
    guesser = _from("203.0.113.9")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(guesser, "dora", "wrong-guess")
    assert hashed == []  # unlocked: Django's own check hashes, not this form
    assert _locked(_sign_in(guesser, "dora", "another-guess"))
    assert hashed == ["another-guess"]


def test_sign_up_and_members_do_not_say_which_names_exist(
    people,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sounding.web.accounts.forms import TAKEN_MESSAGE
    from sounding.web.consultations.models import Consultation, Membership, Role

    monkeypatch.setattr(settings, "ALLOW_SIGNUP", True)
    prober = _from("203.0.113.50")
    taken = prober.post(
        reverse("accounts:signup"),
        {"username": "Analyst", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert TAKEN_MESSAGE.encode() in taken.content and b"already exists" not in taken.content
    assert LoginFailure.objects.filter(ip="203.0.113.50").count() == 1  # counted as probing
    for _ in range(settings.LOGIN_IP_FAILURE_LIMIT):
        LoginFailure.objects.create(username="x", ip="203.0.113.50")
    fresh = prober.post(
        reverse("accounts:signup"),
        {"username": "brand-new-name", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert THROTTLED_MESSAGE.encode() in fresh.content  # a throttled address learns nothing
    assert not User.objects.filter(username="brand-new-name").exists()

    consultation = Consultation.objects.create(name="C", created_by=people.admin)
    Membership.objects.create(user=people.admin, consultation=consultation, role=Role.ADMIN)
    admin = people.client("admin")
    url = reverse("consultations:members", args=[consultation.pk])
    answers = [
        admin.post(url, {"username": name, "role": "viewer"}, follow=True).content.decode()
        for name in ("viewer", "nobody-by-this-name")
    ]
    assert all("If there is an account named" in a for a in answers)
    assert consultation.memberships.filter(user=people.viewer).exists()
