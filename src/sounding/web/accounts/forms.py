"""Login with lockout, and sign-up with Django's password rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.contrib.auth.models import User

from sounding.web.accounts.lockout import client_ip, lock_reason

LOCKED_MESSAGE = (
    "Too many failed sign-in attempts for this username. Wait 15 minutes and try again."
)
THROTTLED_MESSAGE = (
    "Too many failed sign-in attempts from your network. Wait 15 minutes and try again."
)


class LockoutAuthenticationForm(AuthenticationForm):
    """Refuses a locked username or client before checking the password, so guessing stops
    paying (see `lockout` for the limits)."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        reason = lock_reason(username, client_ip(self.request))
        if reason == "address":
            raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        if reason == "username":
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        return super().clean()


# Django's form classes are generic only in the type stubs, not when the module runs.
class SignupForm(UserCreationForm):  # type: ignore[type-arg]
    """A new account: username and password, checked by AUTH_PASSWORD_VALIDATORS."""

    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}
