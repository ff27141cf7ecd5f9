"""Failed logins, kept so repeated guessing is locked out for a while (see `lockout`)."""

from __future__ import annotations

from django.db import models


class LoginFailure(models.Model):
    """One failed login attempt: for the lockout rule and for an administrator's eye."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} at {self.at:%Y-%m-%d %H:%M}"
