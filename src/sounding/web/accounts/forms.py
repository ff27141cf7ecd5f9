"""Login with lockout, and sign-up with Django's password rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.http import HttpRequest

from sounding.web.accounts.lockout import client_ip, lock_reason
from sounding.web.accounts.models import LoginFailure

LOCKED_MESSAGE = (
    "Too many failed sign-in attempts for this username. Wait 15 minutes and try again."
)
TAKEN_MESSAGE = "That username cannot be used. Choose another."
THROTTLED_MESSAGE = (
    "Too many failed sign-in attempts from your network. Wait 15 minutes and try again."
)


def ask_by_name(form: forms.BaseForm, messages: dict[str, str]) -> None:
    """A missing answer asked for by name ("Enter a username"), as GOV.UK forms do, not
    Django's "This field is required." repeated for every field."""
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class LockoutAuthenticationForm(AuthenticationForm):
    """Refuses a locked username or client before checking the password, so guessing stops
    paying (see `lockout` for the limits)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ask_by_name(self, {"username": "Enter your username", "password": "Enter your password"})

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        reason = lock_reason(username, client_ip(self.request))
        if reason is not None:
            # Hash the password anyway, so a locked account answers in the time an unlocked
            # one does: the time must not tell a guesser which usernames are locked (real).
            make_password(self.cleaned_data.get("password") or "")
        if reason == "address":
            raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        if reason == "username":
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        return super().clean()


# Django's form classes are generic only in the type stubs, not when the module runs.
class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    """A new account: username and password, checked by AUTH_PASSWORD_VALIDATORS.

    A name already taken cannot be given twice, so sign-up must refuse it; the refusal counts
    as a failed sign-in from the address, so probing names here meets the same per-address
    limit as guessing passwords, and a throttled address is refused before any name is
    checked."""

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        ask_by_name(
            self,
            {
                "username": "Enter a username",
                "password1": "Enter a password",
                "password2": "Enter the password again",
            },
        )

    def clean_username(self) -> str:
        ip = client_ip(self.request)
        if lock_reason("", ip) == "address":
            raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        name = str(self.cleaned_data.get("username") or "")
        if User.objects.filter(username__iexact=name).exists():
            LoginFailure.objects.create(username=name.strip().lower()[:150], ip=ip)
            raise forms.ValidationError(TAKEN_MESSAGE, code="unavailable")
        return name

    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}
