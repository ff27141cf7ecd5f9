"""URL converters: ids are at most 18 digits, so one too large for the database's integer
columns is "not found" (404), never a database error (500)."""

from __future__ import annotations

import re

from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


def as_id(value: object) -> int | None:
    """`value` as an id if it is one (ASCII digits, at most 18 of them), else None: query
    strings and forms are untrusted ("²" passes `str.isdigit` and breaks `int`)."""
    text = str(value) if value is not None else ""
    return int(text) if re.fullmatch(IdConverter.regex, text) else None
