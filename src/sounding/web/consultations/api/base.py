"""What the API's endpoints share: the membership check and the JSON shapes in and out.

Inputs carry the same limits as the pages' forms (a label of at most 300 characters, no NUL
characters, ids a database can hold), so a malformed request is refused with 422 before
anything is looked up, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import field_validator

from sounding.web.consultations.access import membership
from sounding.web.consultations.models import Membership, Response, Role, Stance

#: The largest id or version PostgreSQL's integer columns hold.
MAX_INT = 2**31 - 1
#: The most responses one split may move (keeps the query within SQLite's variable limit).
MAX_SPLIT = 10_000

Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Version = Annotated[
    int, Field(ge=1, le=MAX_INT, description="The version read: a stale one is refused (409).")
]
Label = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00]+$")]
Text = Annotated[str, Field(max_length=20_000, pattern=r"^[^\x00]*$")]


def member(request: HttpRequest, pk: int, role: Role = Role.VIEWER) -> Membership:
    """The caller's membership: 404 for non-members (as on the pages), 403 below `role`."""
    found = membership(request.user, pk)
    if not found.allows(role):
        raise HttpError(403, f"This needs the {role.label.lower()} role.")
    return found


class Problem(Schema):
    detail: str


class ConsultationOut(Schema):
    id: int
    name: str
    state: str
    role: str


class QuestionOut(Schema):
    id: int
    key: str
    text: str


class ThemeOut(Schema):
    id: int
    key: str
    label: str
    description: str
    stance: str
    version: int
    count: int
    agree: int
    disagree: int
    neutral: int


class ThemeNew(Schema):
    """A theme to add: analysts' themes have no version to check yet."""

    label: Label
    description: Text = ""
    stance: Stance

    @field_validator("label")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("The label cannot be blank.")
        return value.strip()


class ThemeIn(ThemeNew):
    """A theme's new label, description and stance, with the version they replace."""

    version: Version


class MergeIn(Schema):
    """Merge theme `absorb` into the theme in the URL; both versions as read."""

    version: Version
    absorb: Id
    absorb_version: Version


class SplitIn(ThemeNew):
    """Move the chosen `responses` (coded with the theme in the URL) to a new theme."""

    version: Version
    responses: list[Id] = Field(min_length=1, max_length=MAX_SPLIT)


class CodingIn(Schema):
    """The complete list of themes (of the response's question) the response should have."""

    themes: list[Id] = Field(max_length=1000)
    version: Version


class FlagIn(Schema):
    flagged: bool
    version: Version


class ResponseOut(Schema):
    id: int
    respondent_id: str
    question: str
    text: str
    status: str
    stance: str
    flagged: bool
    metadata: dict[str, Any]
    themes: list[str]
    theme_ids: list[int]
    version: int


class ResponsePage(Schema):
    count: int
    page: int
    items: list[ResponseOut]


class EditOut(Schema):
    """One row of the history: who changed what, when, with the values before and after."""

    id: int
    at: datetime
    user: str | None
    action: str
    target: str
    before: Any
    after: Any


def response_out(r: Response) -> ResponseOut:
    """`r` as the API shows it; prefetch `codings__theme` when listing many."""
    codings = sorted(r.codings.all(), key=lambda c: c.theme.key)
    return ResponseOut(
        id=r.pk,
        respondent_id=r.respondent_id,
        question=r.question.key,
        text=r.text,
        status=r.status,
        stance=r.stance,
        flagged=r.flagged,
        metadata=r.metadata or {},
        themes=[c.theme.key for c in codings],
        theme_ids=[c.theme_id for c in codings],
        version=r.version,
    )
