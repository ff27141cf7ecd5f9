"""Which function runs which kind of job; apps register their handlers in `ready()`."""

from __future__ import annotations

from collections.abc import Callable

from sounding.web.jobs.models import Job

Handler = Callable[[Job], None]
_HANDLERS: dict[str, Handler] = {}


def register(kind: str, handler: Handler) -> None:
    _HANDLERS[kind] = handler


def handler_for(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)
