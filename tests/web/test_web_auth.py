"""Signing in and up, lockout, sessions, secure headers and CSRF."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from sounding.web.accounts.forms import LOCKED_MESSAGE

GOOD_PASSWORD = "a-long-enough-Passphrase-42"
pytestmark = pytest.mark.django_db


def test_database_follows_database_url() -> None:
    """The suite runs on PostgreSQL when DATABASE_URL says so, else SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_sign_in_page_and_redirects_when_signed_out(client: Client) -> None:
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert b"Sign in" in page.content
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_sign_up_enforces_password_rules(client: Client) -> None:
    weak = client.post(
        reverse("accounts:signup"),
        {"username": "newbie", "password1": "password", "password2": "password"},
    )
    assert weak.status_code == 200
    assert not User.objects.filter(username="newbie").exists()
    assert b"too common" in weak.content or b"too short" in weak.content
    good = client.post(
        reverse("accounts:signup"),
        {"username": "newbie", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    assert good.status_code == 302
    assert client.get(reverse("consultations:list")).status_code == 200


def test_a_missing_answer_is_asked_for_by_name(client: Client) -> None:
    """GOV.UK's wording ("Enter a username"), not "This field is required." three times."""
    blank = {"username": "", "password1": "", "password2": ""}
    empty = client.post(reverse("accounts:signup"), blank).content.decode()
    for message in ("Enter a username", "Enter a password", "Enter the password again"):
        assert message in empty
    assert "This field is required" not in empty
    signin = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    signin = signin.content.decode()
    assert "Enter your username" in signin and "Enter your password" in signin


def test_sign_up_can_be_turned_off(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "ALLOW_SIGNUP", False)
    assert client.get(reverse("accounts:signup")).status_code == 404


def test_lockout_after_repeated_failures(client: Client) -> None:
    User.objects.create_user("alice", password=GOOD_PASSWORD)
    url = reverse("accounts:login")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        bad = client.post(url, {"username": "alice", "password": "wrong-guess"})
        assert bad.status_code == 200
    locked = client.post(url, {"username": "Alice", "password": GOOD_PASSWORD})
    assert locked.status_code == 200
    assert LOCKED_MESSAGE.split(".")[0].encode() in locked.content
    assert "_auth_user_id" not in client.session


def test_successful_login_clears_failures(client: Client) -> None:
    User.objects.create_user("bob", password=GOOD_PASSWORD)
    url = reverse("accounts:login")
    client.post(url, {"username": "bob", "password": "nope"})
    ok = client.post(url, {"username": "bob", "password": GOOD_PASSWORD})
    assert ok.status_code == 302
    from sounding.web.accounts.models import LoginFailure

    assert not LoginFailure.objects.filter(username="bob").exists()


def test_sessions_expire() -> None:
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_secure_headers(client: Client) -> None:
    page = client.get(reverse("accounts:login"))
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in page.headers  # plain HTTP: no HSTS
    secure = client.get(reverse("accounts:login"), secure=True)
    assert "max-age=" in secure.headers["Strict-Transport-Security"]


def test_csrf_is_enforced() -> None:
    User.objects.create_user("carol", password=GOOD_PASSWORD)
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(
        reverse("accounts:login"), {"username": "carol", "password": GOOD_PASSWORD}
    )
    assert refused.status_code == 403
    strict.force_login(User.objects.get(username="carol"))
    assert strict.post(reverse("consultations:create"), {"name": "x"}).status_code == 403


def test_sign_out_needs_post(client: Client) -> None:
    user = User.objects.create_user("dave", password=GOOD_PASSWORD)
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_stylesheet_is_served(client: Client) -> None:
    """The app's own CSS (what govuk-frontend lacks) is served without a collectstatic step."""
    css = client.get("/static/sounding/app.css")
    assert css.status_code == 200
    assert b"app-header" in b"".join(css.streaming_content)
