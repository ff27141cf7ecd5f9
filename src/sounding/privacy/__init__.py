"""Keep respondents' personal data on this machine.

Text is redacted before it is sent to any remote model, and the placeholders are put back
locally in what comes back, so a provider never sees an email, phone or card number.
"""

from __future__ import annotations

from sounding.privacy.redact import (
    KINDS,
    NameFinder,
    Redaction,
    SpacyNameFinder,
    redact,
    redact_many,
    restore,
)

__all__ = [
    "KINDS",
    "NameFinder",
    "Redaction",
    "SpacyNameFinder",
    "redact",
    "redact_many",
    "restore",
]
