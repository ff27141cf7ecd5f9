"""Schemathesis generates requests from the API's own OpenAPI schema and checks that none
makes the server fail and every answer matches the schema, as a signed-in analyst: reads and
every write (themes added, edited, merged, split, deleted; responses corrected and flagged),
aimed at real objects of a real consultation."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from sounding.web.consultations.api import api  # noqa: E402
from sounding.web.wsgi import application  # noqa: E402

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
CSRF = "a" * 32  # an unmasked token: sent as both cookie and header, as a browser would


@pytest.fixture
def _same_connection():  # type: ignore[no-untyped-def]
    """Calls go straight to the WSGI app in this thread: keep its database connection (and
    the test's transaction) open across them, as Django's own test client does."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_same_connection")
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_matches_its_schema(case, ready, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("analyst")
    session = client.cookies["sessionid"].value
    if "pk" in case.path_parameters:
        case.path_parameters["pk"] = ready.pk  # mostly a real consultation, so 200s happen too
    for name, value in _real_ids(ready).items():  # and real objects in it, for the writes
        if name in case.path_parameters and value is not None:
            case.path_parameters[name] = value
    case.call_and_validate(
        headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF},
        checks=[not_a_server_error, response_schema_conformance],
    )


def _real_ids(consultation) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    """Ids of a question, theme and response of `consultation` (earlier examples may have
    merged or deleted some themes)."""
    from sounding.web.consultations.models import Response, Theme

    theme = Theme.objects.filter(question__consultation=consultation).order_by("?").first()
    response = Response.objects.filter(consultation=consultation).order_by("?").first()
    return {
        "question_id": theme.question_id if theme else None,
        "theme_id": theme.pk if theme else None,
        "response_id": response.pk if response else None,
    }
