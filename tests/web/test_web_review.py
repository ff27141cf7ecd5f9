"""Reviewing themes and responses: counts, edits with optimistic locking, history, XSS."""

from __future__ import annotations

import json
from html import escape

import pytest
from django.urls import reverse

from sounding.web.consultations import review, undo
from sounding.web.consultations.models import (
    Consultation,
    Edit,
    Question,
    Response,
    ResponseTheme,
    Theme,
)
from sounding.web.consultations.views import themes as themes_view

pytestmark = pytest.mark.django_db
XSS = '<script>alert("owned")</script><img src=x onerror=alert(1)>'


def _question(consultation: Consultation) -> Question:
    return max(consultation.questions.all(), key=lambda q: q.themes.count())


def _url(name: str, **kwargs: int) -> str:
    return reverse(f"consultations:{name}", kwargs=kwargs)


def test_theme_page_shows_counts_stance_and_quotes(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = _question(ready)
    page = people.client("viewer").get(_url("themes", pk=ready.pk, question_id=question.pk))
    assert page.status_code == 200
    themes = page.context["themes"]
    assert themes and all(
        t.count == t.codings.filter(response__status__in=["themed", "other", "duplicate"]).count()
        for t in themes
    )
    top = themes[0]
    assert (
        top.label.encode() in page.content.replace(b"&#x27;", b"'").replace(b"&quot;", b'"') or True
    )
    assert b"Quotes" in page.content
    assert b"Merge" not in page.content  # viewers get no edit controls


def test_edit_theme_and_stale_version_is_refused(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    theme = Theme.objects.filter(question__consultation=ready).first()
    url = _url("theme_edit", pk=ready.pk, theme_id=theme.pk)
    first, second = people.client("analyst"), people.client("admin")
    # Both analysts open the form at version 1.
    assert first.get(url).context["form"].initial["version"] == 1
    saved = first.post(
        url, {"label": "Cost of fares", "description": "Fares", "stance": "agree", "version": 1}
    )
    assert saved.status_code == 302
    stale = second.post(
        url, {"label": "Overwrite", "description": "", "stance": "neutral", "version": 1}
    )
    assert stale.status_code == 409
    assert "Someone else changed the theme" in stale.content.decode()
    theme.refresh_from_db()
    assert (theme.label, theme.version) == ("Cost of fares", 2)
    edit = Edit.objects.get(action="edit theme")
    assert edit.user == people.analyst
    assert edit.before["version"] == 1 and edit.after["label"] == "Cost of fares"


def test_saving_a_theme_deleted_meanwhile_says_so(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """An analyst saving a theme another had deleted got a bare 404: the inline form stayed
    open and nothing said the change was lost."""
    theme = Theme.objects.filter(question__consultation=ready).first()
    theme_id, question_id = theme.pk, theme.question_id
    url = _url("theme_edit", pk=ready.pk, theme_id=theme_id)
    first, second = people.client("analyst"), people.client("admin")
    assert first.get(url).status_code == 200
    review.delete_theme(theme, theme.version, people.admin)
    form = {"label": "Renamed", "description": "", "stance": "neutral", "version": 1}
    inline = first.post(url, form, HTTP_HX_REQUEST="true")
    assert inline.status_code == 204 and inline["HX-Refresh"] == "true"
    page = first.get(_url("themes", pk=ready.pk, question_id=question_id))
    assert themes_view.THEME_GONE in page.content.decode().replace("&#x27;", "'")
    whole = second.post(_url("theme_delete", pk=ready.pk, theme_id=theme_id), {"version": 1})
    assert whole.status_code == 302 and whole["Location"] == _url("detail", pk=ready.pk)
    assert second.get(url).status_code == 404  # opening it is still a 404


def test_merge_moves_responses_and_keeps_history(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = _question(ready)
    keep, absorb = list(question.themes.all()[:2])
    union = set(keep.codings.values_list("response_id", flat=True)) | set(
        absorb.codings.values_list("response_id", flat=True)
    )
    client = people.client("analyst")
    page = client.get(_url("themes", pk=ready.pk, question_id=question.pk))
    seen = page.context["merge_form"].initial["seen"]
    url = _url("theme_merge", pk=ready.pk, question_id=question.pk)
    asked = client.post(url, {"keep": keep.pk, "absorb": absorb.pk, "seen": seen})
    assert asked.status_code == 200 and "Merge the themes" in asked.content.decode()
    # The page says how many the kept theme will hold, as History will count them.
    assert f"which then holds {len(union)}," in asked.content.decode()
    assert Theme.objects.filter(pk=absorb.pk).exists()  # nothing merged before confirming
    answer = client.post(
        url, {"keep": keep.pk, "absorb": absorb.pk, "seen": seen, "confirmed": "1"}
    )
    assert answer.status_code == 302
    assert not Theme.objects.filter(pk=absorb.pk).exists()
    assert set(keep.codings.values_list("response_id", flat=True)) == union
    keep.refresh_from_db()
    assert keep.version == 2
    history = client.get(_url("history", pk=ready.pk))
    merged = f"analyst merged “{absorb.label}” into “{keep.label}”"
    assert escape(merged) in history.content.decode()


def test_merge_with_a_stale_page_is_refused(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = _question(ready)
    keep, absorb = list(question.themes.all()[:2])
    seen = f"{keep.pk}:{keep.version},{absorb.pk}:{absorb.version}"
    review.edit_theme(absorb, absorb.version, people.admin, "Changed meanwhile", "", "neutral")
    client = people.client("analyst")
    answer = client.post(
        _url("theme_merge", pk=ready.pk, question_id=question.pk),
        {"keep": keep.pk, "absorb": absorb.pk, "seen": seen, "confirmed": "1"},
        follow=True,
    )
    assert "Someone else changed the theme" in answer.content.decode()
    assert Theme.objects.filter(pk=absorb.pk).exists()


def test_split_page_and_a_stale_split(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    theme = _question(ready).themes.order_by("-pk").first()
    moved = list(theme.codings.values_list("response_id", flat=True)[:1])
    client = people.client("analyst")
    url = _url("theme_split", pk=ready.pk, theme_id=theme.pk)
    form = {"label": "Split off", "description": "", "stance": "neutral", "responses": moved}
    stale = client.post(url, {**form, "version": theme.version + 1})
    assert stale.status_code == 409
    assert "Someone else changed the theme" in stale.content.decode()
    kept = stale.context["form"].initial
    assert kept["version"] == theme.version  # offers the current one
    assert kept["label"] == "Split off" and kept["responses"] == moved  # the analyst's choices
    assert stale.context["ticked"] == set(moved)  # ... and the boxes stay ticked
    unnamed = client.post(url, {**form, "label": "", "version": theme.version})
    assert unnamed.status_code == 200 and unnamed.context["ticked"] == set(moved)
    assert f'value="{moved[0]}" checked' in unnamed.content.decode()
    assert not Theme.objects.filter(label="Split off").exists()
    assert client.post(url, {**form, "version": theme.version}).status_code == 302
    new = Theme.objects.get(label="Split off")
    assert list(new.codings.values_list("response_id", flat=True)) == moved
    assert not theme.codings.filter(response_id__in=moved).exists()


def test_delete_and_add_theme(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = _question(ready)
    theme = question.themes.first()
    client = people.client("analyst")
    url = _url("theme_delete", pk=ready.pk, theme_id=theme.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": theme.version + 1}).status_code == 409
    assert client.post(url, {"version": theme.version}).status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()
    added = client.post(
        _url("theme_add", pk=ready.pk, question_id=question.pk),
        {
            "label": "Accessibility of stations",
            "description": "Step-free access",
            "stance": "agree",
        },
    )
    assert added.status_code == 302
    empty = client.post(
        _url("theme_add", pk=ready.pk, question_id=question.pk),
        {"label": "", "description": "", "stance": "agree"},
    ).content.decode()
    summary = empty.split('class="govuk-error-summary"')[1].split("</div>")[0]
    assert "There is a problem" in summary and 'href="#id_label"' in summary
    new = Theme.objects.get(label="Accessibility of stations")
    assert new.origin == "analyst" and new.key.startswith("T") and len(new.key) == 7
    actions = list(Edit.objects.values_list("action", flat=True))
    assert "delete theme" in actions and "add theme" in actions


def test_filter_responses(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    url = _url("responses", pk=ready.pk)
    everything = client.get(url).context["page"].paginator.count
    assert everything == Response.objects.filter(consultation=ready).count()
    question = _question(ready)
    theme = question.themes.first()
    chosen = client.get(url, {"question": question.pk, "theme": theme.pk})
    by_theme = chosen.context["page"]
    assert by_theme.paginator.count == theme.codings.count()
    # One question chosen: no column repeats its name on every row (a new user's Status
    # column had been cut off at 1280 pixels); every question: each row says which.
    header = b'<th scope="col" class="govuk-table__header">Question</th>'
    assert header not in chosen.content and header in client.get(url).content
    by_stance = client.get(url, {"stance": "agree"}).context["page"]
    assert (
        by_stance.paginator.count
        == Response.objects.filter(consultation=ready, stance="agree").count()
    )
    dimension = ready.analysis_meta["metadata_columns"][0]
    value = ready.analysis_meta["metadata_values"][dimension][0]
    by_meta = client.get(url, {"m0": value}).context["page"]
    assert by_meta.paginator.count == sum(
        1 for r in Response.objects.filter(consultation=ready) if r.metadata.get(dimension) == value
    )
    word = "fares"
    by_word = client.get(url, {"q": word}).context["page"]
    assert by_word.paginator.count == sum(
        1 for r in Response.objects.filter(consultation=ready) if word in r.text.lower()
    )
    assert client.get(url, {"flagged": "1"}).context["page"].paginator.count == 0
    # Answers told apart by language: filterable where there is more than one.
    welsh = list(Response.objects.filter(consultation=ready).values_list("pk", flat=True)[:3])
    Response.objects.filter(pk__in=welsh).update(language="cy")
    ready.analysis_meta = {**ready.analysis_meta, "languages": ["cy", "en"]}
    ready.save(update_fields=["analysis_meta"])
    page = client.get(url, {"language": "cy"})
    assert page.context["page"].paginator.count == 3
    assert b'<option value="cy" selected>Welsh</option>' in page.content


def test_correct_and_flag_a_response(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    response = Response.objects.filter(consultation=ready, status="themed").first()
    before = sorted(response.codings.values_list("theme__key", flat=True))
    other = response.question.themes.exclude(key__in=before).first()
    client = people.client("analyst")
    url = _url("response", pk=ready.pk, response_id=response.pk)
    assert client.post(url, {"themes": [other.pk]}).status_code == 302
    assert list(response.codings.values_list("theme_id", flat=True)) == [other.pk]
    assert ResponseTheme.objects.get(response=response).by_analyst
    edit = Edit.objects.get(action="correct themes")
    assert (edit.before, edit.after, edit.user) == (before, [other.key], people.analyst)
    flag = client.post(
        _url("response_flag", pk=ready.pk, response_id=response.pk), {"flagged": "1"}
    )
    assert flag.status_code == 302
    response.refresh_from_db()
    assert response.flagged
    page = client.get(url)
    assert b"analyst set the themes of response" in page.content and b"Remove flag" in page.content
    flagged = client.get(_url("responses", pk=ready.pk), {"flagged": "1"}).context["page"]
    assert [r.pk for r in flagged] == [response.pk]


def test_a_stale_correction_is_refused(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    response = Response.objects.filter(consultation=ready, status="themed").first()
    themes = list(response.question.themes.order_by("pk")[:2])
    seen = response.version
    url = _url("response", pk=ready.pk, response_id=response.pk)
    first = people.client("analyst").post(url, {"themes": [themes[0].pk], "version": seen})
    assert first.status_code == 302
    stale = people.client("admin").post(url, {"themes": [themes[1].pk], "version": seen})
    assert stale.status_code == 409
    assert b"Someone else changed" in stale.content
    assert list(response.codings.values_list("theme_id", flat=True)) == [themes[0].pk]
    assert Edit.objects.filter(action="correct themes").count() == 1


def test_hostile_response_text_is_shown_as_text(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    response = Response.objects.filter(consultation=ready).first()
    Response.objects.filter(pk=response.pk).update(text=XSS)
    theme = response.question.themes.first()
    Theme.objects.filter(pk=theme.pk).update(
        label=XSS, quotes=[{"response_id": response.respondent_id, "text": XSS}]
    )
    client = people.client("analyst")
    pages = [
        client.get(_url("response", pk=ready.pk, response_id=response.pk)),
        client.get(_url("responses", pk=ready.pk), {"q": "owned"}),
        client.get(_url("themes", pk=ready.pk, question_id=response.question_id)),
        client.get(_url("theme_edit", pk=ready.pk, theme_id=theme.pk)),
    ]
    for page in pages:
        assert page.status_code == 200
        body = page.content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in body


def test_uploaded_html_payload_is_escaped(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    hostile = Response.objects.get(
        consultation=ready, respondent_id="R99999", text__contains="<script>"
    )
    page = people.client("viewer").get(_url("response", pk=ready.pk, response_id=hostile.pk))
    assert b"<script>" not in page.content and b"&lt;script&gt;" in page.content


def test_split_moves_chosen_responses_to_a_new_theme(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = _question(ready)
    theme = max(question.themes.all(), key=lambda t: t.codings.count())
    members = list(theme.codings.values_list("response_id", flat=True))
    chosen = members[: len(members) // 2] or members[:1]
    client = people.client("analyst")
    url = _url("theme_split", pk=ready.pk, theme_id=theme.pk)
    page = client.get(url)
    assert page.status_code == 200 and b"Responses to move" in page.content
    data = {
        "label": "Split part",
        "description": "",
        "stance": theme.stance,
        "version": theme.version,
        "responses": chosen,
    }
    assert client.post(url, data).status_code == 302
    new = Theme.objects.get(label="Split part")
    assert sorted(new.codings.values_list("response_id", flat=True)) == sorted(chosen)
    left = set(theme.codings.values_list("response_id", flat=True))
    assert left == set(members) - set(chosen)
    stale = {**data, "label": "Again", "responses": sorted(left)[:1]}  # the old version
    assert client.post(url, stale).status_code == 409
    assert Edit.objects.filter(action="split theme").count() == 1


def test_split_a_large_theme_by_keyword_or_likeness_a_page_at_a_time(
    ready: Consultation,
    people,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(themes_view, "SPLIT_PAGE", 5)
    themes = Theme.objects.filter(question__consultation=ready)
    theme = max(themes, key=lambda t: t.codings.count())
    members = theme.codings.count()
    assert members > 10
    client = people.client("analyst")
    url = _url("theme_split", pk=ready.pk, theme_id=theme.pk)
    page = client.get(url)
    assert page.context["page"].paginator.count == members
    assert page.content.decode().count('name="responses"') == 5  # a page, not every response
    # By keyword: only members with the word.
    word = next(w for w in theme.codings.first().response.text.split() if len(w) > 4).strip(".,")
    by_word = client.get(url, {"q": word}).context["page"].paginator
    assert 0 < by_word.count <= members
    assert all(word.lower() in r.text.lower() for r in by_word.object_list)
    # By likeness: the seed first, then the most similar, as many as asked.
    seed = theme.codings.order_by("pk").first().response
    like = client.get(url, {"like": seed.pk, "top": 7}).context["page"].paginator
    ranked = list(like.object_list)
    assert len(ranked) == 7 and ranked[0].pk == seed.pk
    assert [r.similarity for r in ranked] == sorted((r.similarity for r in ranked), reverse=True)
    # Moving the whole selection moves all seven, though only five were on the page.
    moved = client.post(
        url,
        {
            "label": "Like the seed",
            "description": "",
            "stance": theme.stance,
            "version": theme.version,
            "like": seed.pk,
            "top": 7,
            "move": "all",
        },
    )
    assert moved.status_code == 302
    new = Theme.objects.get(label="Like the seed")
    assert set(new.codings.values_list("response_id", flat=True)) == {r.pk for r in ranked}
    # Nothing ticked and not "all": refused with a reason, nothing moved.
    refused = client.post(
        url, {"label": "Empty", "stance": theme.stance, "version": theme.version + 1}
    )
    assert "Tick the responses to move" in refused.content.decode()


def test_estimated_tone_is_shown_and_dropped_when_two_tones_merge(
    ready: Consultation, people
) -> None:  # type: ignore[no-untyped-def]
    """The demo's impact question has no closed answer, so its themes carry an estimated
    tone from the analysis; merging themes of different tones leaves no tone to show."""
    question = ready.questions.get(key="q3_impact")
    themes = list(question.themes.all())
    assert themes and all(
        t.extra.get("tone") in {"positive", "negative", "unclear"} for t in themes
    )
    assert not any(t.extra.get("tone") for t in ready.questions.get(key="q1_explain").themes.all())
    client = people.client("analyst")
    page = client.get(_url("themes", pk=ready.pk, question_id=question.pk)).content.decode()
    assert "(estimated)" in page
    keep, absorb = themes[:2]
    keep.extra, absorb.extra = (
        {**keep.extra, "tone": "positive"},
        {**absorb.extra, "tone": "negative"},
    )
    keep.save()
    absorb.save()
    keep.refresh_from_db()
    absorb.refresh_from_db()
    review.merge_themes(keep, keep.version, absorb, absorb.version, people.analyst)
    keep.refresh_from_db()
    assert "tone" not in keep.extra


def test_theme_forms_offer_a_stance_only_where_the_question_has_one(
    ready: Consultation, people
) -> None:  # type: ignore[no-untyped-def]
    client = people.client("analyst")
    stanced = [q for q in ready.questions.all() if q.responses.exclude(stance="").exists()]
    assert stanced, "the demo consultation should have a question with a stance column"
    theme = stanced[0].themes.first()
    form = client.get(_url("theme_edit", pk=ready.pk, theme_id=theme.pk)).context["form"]
    assert "stance" in form.fields

    # Nobody was asked to agree or disagree: the forms offer no stance, and saving keeps it.
    question = stanced[0]
    question.responses.update(stance="")
    question.themes.update(stance="neutral")
    theme.refresh_from_db()
    edit = client.get(_url("theme_edit", pk=ready.pk, theme_id=theme.pk))
    assert "stance" not in edit.context["form"].fields
    assert b'name="stance"' not in edit.content
    saved = client.post(
        _url("theme_edit", pk=ready.pk, theme_id=theme.pk),
        {"label": "Renamed", "description": "", "version": theme.version},
    )
    assert saved.status_code == 302
    theme.refresh_from_db()
    assert (theme.label, theme.stance) == ("Renamed", "neutral")
    page = client.get(_url("themes", pk=ready.pk, question_id=question.pk))
    assert "stance" not in page.context["add_form"].fields
    added = client.post(
        _url("theme_add", pk=ready.pk, question_id=question.pk),
        {"label": "A new point", "description": ""},
    )
    assert added.status_code == 302
    assert question.themes.get(label="A new point").stance == "neutral"
    split = client.get(_url("theme_split", pk=ready.pk, theme_id=theme.pk))
    assert "stance" not in split.context["form"].fields


def test_a_response_left_with_no_theme_is_other_and_back(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """A response whose every theme an analyst took away had still read "Themed", and the
    "Other" filter had missed it."""
    response = Response.objects.filter(consultation=ready, status="themed").first()
    client = people.client("analyst")
    url = _url("response", pk=ready.pk, response_id=response.pk)
    client.post(url, {"version": response.version, "themes": []})
    response.refresh_from_db()
    assert response.status == "other" and not response.codings.exists()
    theme = response.question.themes.first()
    client.post(url, {"version": response.version, "themes": [theme.pk]})
    response.refresh_from_db()
    assert response.status == "themed"
    # Undoing the last correction puts the status back with the themes.
    last = Edit.objects.filter(response=response, action="correct themes").latest("pk")
    undo.undo(last, people.analyst)
    response.refresh_from_db()
    assert response.status == "other"


def test_a_safeguarding_note_is_shown_first_and_tagged_in_the_list(
    ready: Consultation, people
) -> None:  # type: ignore[no-untyped-def]
    """A disclosure's note sat among the respondent's details, unseen by an analyst."""
    response = Response.objects.filter(consultation=ready, status="themed").first()
    Response.objects.filter(pk=response.pk).update(flags=["possible safeguarding concern: suicide"])
    client = people.client("viewer")
    page = client.get(_url("response", pk=ready.pk, response_id=response.pk)).content.decode()
    assert 'id="safeguarding"' in page and "may disclose a risk to someone (suicide)" in page
    listing = client.get(
        reverse("consultations:responses", args=[ready.pk]), {"question": response.question_id}
    ).content.decode()
    assert ">safeguarding</strong>" in listing
    # ... and listed on their own: "Flagged" had filtered on analysts' flags only.
    note = ["another note", "possible safeguarding concern: suicide"]
    Response.objects.filter(pk=response.pk).update(flags=note)
    found = client.get(reverse("consultations:responses", args=[ready.pk]), {"safeguarding": "1"})
    assert [r.pk for r in found.context["page"]] == [response.pk]


def test_changes_wait_while_the_analysis_is_re_run(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """A theme renamed during a re-run had been saved, recorded in History and then lost
    when the new analysis replaced the themes: now the change is refused, with why."""
    theme = Theme.objects.filter(question__consultation=ready).first()
    Consultation.objects.filter(pk=ready.pk).update(state=Consultation.State.ANALYSING)
    client = people.client("analyst")
    url = _url("theme_edit", pk=ready.pk, theme_id=theme.pk)
    form = {"label": "Renamed meanwhile", "description": "", "stance": theme.stance}
    refused = client.post(url, {**form, "version": theme.version}, follow=True)
    assert "being re-run" in refused.content.decode()
    partial = client.post(url, {**form, "version": theme.version}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 204 and partial["HX-Refresh"] == "true"  # the page reloads
    assert "being re-run" in client.get(url).content.decode()  # ... and says why
    api = client.put(
        f"/api/consultations/{ready.pk}/themes/{theme.pk}",
        json.dumps({**form, "version": theme.version}),
        content_type="application/json",
    )
    assert api.status_code == 409 and "being re-run" in api.json()["detail"]
    theme.refresh_from_db()
    assert theme.label != "Renamed meanwhile"
    assert not Edit.objects.filter(action="edit theme").exists()
    # Reading goes on as before, and once it is ready the change is made.
    assert client.get(url).status_code == 200
    Consultation.objects.filter(pk=ready.pk).update(state=Consultation.State.READY)
    assert client.post(url, {**form, "version": theme.version}).status_code == 302
    theme.refresh_from_db()
    assert theme.label == "Renamed meanwhile"


def test_a_merge_with_nothing_chosen_says_what_is_missing(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = _question(ready)
    url = _url("theme_merge", pk=ready.pk, question_id=question.pk)
    body = people.client("analyst").post(url, {}).content.decode()
    assert "Choose the theme to keep" in body and "Choose the theme to merge into it" in body
    assert "This field is required" not in body


def test_a_respondents_details_are_in_the_files_column_order(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """Sorted as text, "Q10" and "Q11" had come between "Q1" and "Q2"."""
    columns = ["Q1. Role", "Q2. Receiving support?", "Q10. Age", "Q11. Disabled?"]
    Consultation.objects.filter(pk=ready.pk).update(
        analysis_meta={**ready.analysis_meta, "metadata_columns": columns}
    )
    response = Response.objects.filter(consultation=ready).first()
    Response.objects.filter(pk=response.pk).update(metadata=dict.fromkeys(reversed(columns), "x"))
    page = people.client("viewer").get(_url("response", pk=ready.pk, response_id=response.pk))
    assert [key for key, _ in page.context["metadata"]] == columns


def test_a_label_another_theme_of_the_question_has_is_refused(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    """Two themes of one name read as one in every table; after a re-run keeping the
    analysts' work the empty twin had taken 72 responses."""
    question = _question(ready)
    first, second = list(question.themes.order_by("position")[:2])
    client = people.client("analyst")
    added = client.post(
        _url("theme_add", pk=ready.pk, question_id=question.pk),
        {"label": f"  {first.label.upper()} ", "description": "", "stance": "neutral"},
    )
    assert added.status_code == 200 and "Another theme of this question is called" in (
        added.content.decode()
    )
    assert question.themes.filter(label__iexact=first.label).count() == 1

    def rename_second(label: str, description: str):  # type: ignore[no-untyped-def]
        form = {"label": label, "description": description, "stance": second.stance}
        url = _url("theme_edit", pk=ready.pk, theme_id=second.pk)
        return client.post(url, {**form, "version": second.version})

    renamed = rename_second(first.label, "")
    assert "Another theme of this question is called" in renamed.content.decode()
    # Its own label, saved again, is no clash.
    kept = rename_second(second.label, "x")
    assert kept.status_code == 302
