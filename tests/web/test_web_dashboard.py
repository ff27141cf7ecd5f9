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


def test_themes_analysts_gave_before_a_re_run_are_not_called_no_corrections(
    ready: Consultation, people
) -> None:  # type: ignore[no-untyped-def]
    """After a re-run keeping the analysts' work their themes are back on the responses, but
    no correction of the new coding exists: "no corrections yet" had read as work lost."""
    question = ready.questions.first()
    themed = list(Response.objects.filter(question=question, status="themed")[:3])
    for response in themed:
        response.codings.update(by_analyst=True)
    assert stats.agreement(question) == {"corrected": 0, "f1": None, "kept": 3}
    page = people.client("viewer").get(reverse("consultations:dashboard", kwargs={"pk": ready.pk}))
    assert b"3 responses keep themes analysts gave before it" in page.content


def test_a_question_without_stance_shows_no_stance_split(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    with_stance = [q for q in ready.questions.all() if q.responses.exclude(stance="").exists()]
    without = [q for q in ready.questions.all() if q not in with_stance]
    assert with_stance and without  # the demo has both kinds
    page = people.client("viewer").get(reverse("consultations:dashboard", kwargs={"pk": ready.pk}))
    shown = {q["question"].pk: q for q in page.context["questions"]}
    body = page.content.decode()
    for question in without:
        assert not shown[question.pk]["has_stance"]
        section = body.split(f'id="question-{question.pk}"')[1].split("</section>")[0]
        assert ">Agree<" not in section and "this question has no stance" in section
    for question in with_stance:
        section = body.split(f'id="question-{question.pk}"')[1].split("</section>")[0]
        assert "Prevalence by stance" in section


def test_counts_agree_on_every_page(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """One definition: the overview, the themes page and the dashboard say the same."""
    client = people.client("viewer")
    overview = client.get(reverse("consultations:detail", kwargs={"pk": ready.pk}))
    assert "Counted: those with words" in overview.content.decode()
    dashboard = client.get(reverse("consultations:dashboard", kwargs={"pk": ready.pk}))
    statuses = {q["question"].pk: q["status"] for q in dashboard.context["questions"]}
    for row in overview.context["questions"]:
        page = client.get(reverse("consultations:themes", args=[ready.pk, row.pk]))
        shown = page.context["counts"]
        assert (shown.total, shown.counted, shown.themed) == (row.total, row.counted, row.themed)
        assert page.context["total"] == row.counted  # shares are of counted responses
        status = statuses[row.pk]
        assert row.total == sum(status.values())
        assert row.counted == status["themed"] + status["other"] + status["duplicate"]
        text = page.content.decode()
        assert f"{row.total} responses, {row.counted} counted, {row.themed} themed" in text
    # ... the dashboard's line too: its raw "themed: 241 · duplicate: 41" had read as
    # disagreeing with the overview's 281 themed, copies included.
    shown = dashboard.content.decode()
    for row in overview.context["questions"]:
        assert f"{row.total} responses: {row.counted} counted, of which {row.themed} themed" in (
            shown
        )


def test_groups_by_a_column_named_as_people_name_them(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """ "Overall rating" or "How satisfied are you?" went into the query as an alias, and
    the dashboard failed with a server error for any such column."""
    question = ready.questions.first()
    column = "How satisfied are you? (1=low)"
    for n, response in enumerate(Response.objects.filter(question=question)):
        response.metadata = {**response.metadata, column: ["Very", "Not at all"][n % 2]}
        response.save(update_fields=["metadata"])
    values, rows = stats.group_counts(question, column)
    assert values == ["Not at all", "Very"]
    for row in rows:
        assert sum(row["cells"]) == row["theme"].count


def test_no_stance_themes_are_not_called_neutral(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """Every theme of such a question was tagged "Neutral" beside counts of 0 / 0 / 0, and
    a theme added there was "Agree" unless the analyst changed the first choice."""
    with_stance = [q for q in ready.questions.all() if q.responses.exclude(stance="").exists()]
    without = next(q for q in ready.questions.all() if q not in with_stance)
    client = people.client("analyst")
    body = client.get(reverse("consultations:themes", args=[ready.pk, without.pk])).content.decode()
    table = body.split('id="themes"')[1].split("</table>")[0]
    assert "Agree / disagree / neutral" not in table and ">Neutral<" not in table
    # Nor does the add form offer a side where nobody was asked to take one.
    assert 'name="stance"' not in body
    body = client.get(reverse("consultations:themes", args=[ready.pk, with_stance[0].pk]))
    assert "Agree / disagree / neutral" in body.content.decode()
    # Where they were, it is neutral unless the analyst picks a side.
    assert '<option value="neutral" selected>' in body.content.decode()


def test_groups_too_small_to_publish_are_marked(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """The dashboard showed every group's counts with nothing to say that the report would
    not publish a group of 3, so a figure could be copied from it into a publication."""
    question = ready.questions.first()
    column = "Ward"
    counted = Response.objects.filter(question=question, status__in=stats.COUNTED)
    small = set(counted.order_by("pk").values_list("pk", flat=True)[:3])
    for response in Response.objects.filter(question=question):
        ward = "Abbey" if response.pk in small else "Castle"
        response.metadata = {**response.metadata, column: ward}
        response.save(update_fields=["metadata"])
    ready.analysis_meta = {
        **ready.analysis_meta,
        "metadata_columns": [column],
        "settings": {"consult": {"min_group_size": 5}},
    }
    ready.save(update_fields=["analysis_meta"])
    sizes = stats.group_sizes(question, column)
    assert sizes == {"Abbey": 3, "Castle": counted.count() - 3}
    url = reverse("consultations:dashboard", kwargs={"pk": ready.pk})
    page = people.client("viewer").get(url, {"by": "0"})
    shown = {v["name"]: v for v in page.context["questions"][0]["values"]}
    assert shown["Abbey"]["unpublished"] == "fewer than 5: not published"
    # With one group hidden, the other's figures would give it away: withheld too.
    assert shown["Castle"]["unpublished"] == (
        "withheld: it would reveal a smaller group, here or in another table"
    )
    body = page.content.decode()
    assert "3 responses; fewer than 5: not published" in body
    assert "groups of fewer than 5 responses" in body


def test_the_dashboard_says_when_it_shows_only_the_most_common_themes(
    ready: Consultation, people, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A library survey's 17 themes had shown as 15, with nothing to say so."""
    from sounding.web.consultations.views import dashboard

    monkeypatch.setattr(dashboard, "DASHBOARD_THEMES", 2)
    page = people.client("viewer").get(reverse("consultations:dashboard", kwargs={"pk": ready.pk}))
    question = page.context["questions"][0]
    total = question["question"].themes.count()
    assert len(question["themes"]) == 2 and question["more_themes"] == total - 2
    assert f"The 2 most common of {total} themes" in page.content.decode()
