"""The dashboard: prevalence by stance and group, campaigns, agreement with corrections."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sounding.web.consultations import review
from sounding.web.consultations.models import Consultation, Response
from sounding.web.consultations.queries import stats

pytestmark = pytest.mark.django_db


def test_dashboard_shows_prevalence_and_groups(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    url = reverse("consultations:dashboard", kwargs={"pk": ready.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert b"Prevalence by stance" in page.content and b"no corrections yet" in page.content
    dimension = ready.analysis_meta["metadata_columns"][0]
    grouped = client.get(url, {"by": "0"})
    assert f"By {dimension}".encode() in grouped.content
    question = grouped.context["questions"][0]
    for row in question["groups"]:
        assert sum(row["cells"]) == row["theme"].count  # every counted response has a group


def test_agreement_between_machine_and_corrections(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = ready.questions.first()
    themed = list(Response.objects.filter(question=question, status="themed")[:2])
    # The first correction keeps the machine's themes and adds one: F1 = 2·1/(1+2) when the
    # machine gave one theme; the second replaces them entirely: F1 = 0.
    first, second = themed
    machine = list(first.codings.values_list("theme_id", flat=True))
    extra = question.themes.exclude(pk__in=machine).first()
    review.set_response_themes(first, [*machine, extra.pk], people.analyst)
    others = question.themes.exclude(
        pk__in=second.codings.values_list("theme_id", flat=True)
    ).first()
    review.set_response_themes(second, [others.pk], people.analyst)
    result = stats.agreement(question)
    expected = (2 * len(machine) / (2 * len(machine) + 1) + 0.0) / 2
    assert result["corrected"] == 2
    assert result["f1"] == pytest.approx(expected)
    page = people.client("viewer").get(reverse("consultations:dashboard", kwargs={"pk": ready.pk}))
    assert b"over 2 corrected responses" in page.content
