"""The front end: GOV.UK Design System and htmx files from npm, served under the strict CSP;
htmx fragments for the enhanced views, and the same actions as plain forms without it."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from sounding.web import entry, frontend
from sounding.web.consultations import review
from sounding.web.consultations.background.reassign import REASSIGN
from sounding.web.consultations.models import Consultation, ReadMark, Response, Theme
from sounding.web.frontend.apps import vendor_files_check
from sounding.web.jobs import queue
from sounding.web.jobs.models import Job

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _url(name: str, **kwargs: int) -> str:
    return reverse(f"consultations:{name}", kwargs=kwargs)


def _is_page(answer) -> bool:  # type: ignore[no-untyped-def]
    return b"<!DOCTYPE html>" in answer.content and b"govuk-header" in answer.content


@pytest.fixture
def vendor() -> None:
    missing = frontend.missing_vendor_files()
    if missing:
        pytest.skip(f"front-end files not installed ({missing}): bash scripts/setup.sh test")


def _static(client: Client, path: str) -> tuple[int, str, bytes]:
    answer = client.get(f"{settings.STATIC_URL}{path}")
    body = b"".join(answer.streaming_content) if answer.status_code == 200 else b""
    return answer.status_code, answer.get("Content-Type", ""), body


def test_vendor_assets_are_served_and_the_csp_stays_strict(vendor, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    page = client.get(_url("list"))
    policy = page["Content-Security-Policy"]
    assert policy == settings.CONTENT_SECURITY_POLICY
    for directive in ("script-src 'self'", "style-src 'self'", "font-src 'self'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = page.content.decode()
    for path in (
        "vendor/govuk-frontend/govuk-frontend.min.css",
        "vendor/htmx/htmx.min.js",
        "sounding/app.js",
        "sounding/app.css",
    ):
        assert f'"{settings.STATIC_URL}{path}"' in html  # same origin: allowed by 'self'

    status, kind, css = _static(client, "vendor/govuk-frontend/govuk-frontend.min.css")
    assert status == 200 and kind.startswith("text/css") and b".govuk-header" in css
    # The fonts are found relative to the CSS, wherever STATIC_URL is mounted.
    fonts = re.findall(rb"url\((assets/fonts/[^)]+\.woff2)\)", css)
    assert fonts and b"url(/assets/" not in css
    assert _static(client, "vendor/govuk-frontend/" + fonts[0].decode())[0] == 200
    status, kind, js = _static(client, "vendor/govuk-frontend/govuk-frontend.min.js")
    assert status == 200 and "javascript" in kind and b"initAll" in js
    status, kind, js = _static(client, "vendor/htmx/htmx.min.js")
    assert status == 200 and "javascript" in kind and b"htmx" in js
    status, _, js = _static(client, "sounding/app.js")
    assert b"govuk-frontend-supported" in js and b"initAll" in js


def test_pages_have_no_inline_script_or_style_and_configure_htmx(ready, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("analyst")
    response = Response.objects.filter(consultation=ready).first()
    question = response.question
    pages = [
        client.get(_url("list")),
        client.get(_url("detail", pk=ready.pk)),
        client.get(_url("themes", pk=ready.pk, question_id=question.pk)),
        client.get(_url("responses", pk=ready.pk)),
        client.get(_url("response", pk=ready.pk, response_id=response.pk)),
        client.get(_url("dashboard", pk=ready.pk)),
        Client().get(reverse("accounts:login")),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
        assert not re.search(r"<style\b|\sstyle=", html), "inline style"
        assert "&quot;includeIndicatorStyles&quot;:false" not in html  # left as JSON
        assert '"includeIndicatorStyles":false' in html and '"allowEval":false' in html
        assert 'class="govuk-template__body"' in html and "govuk-footer" in html


def test_missing_vendor_files_warn_with_the_fix_and_pages_still_work(  # type: ignore[no-untyped-def]
    people, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(frontend, "VENDOR_DIR", tmp_path / "static" / "vendor")
    warnings = vendor_files_check()
    assert [w.id for w in warnings] == ["sounding.W001"]
    assert "bash scripts/setup.sh web" in warnings[0].hint
    assert "bash scripts/setup.sh web" in (entry.warn_if_frontend_missing() or "")
    page = people.client("viewer").get(_url("list"))
    assert page.status_code == 200 and b"Your consultations" in page.content


def test_installed_vendor_files_raise_no_warning(vendor) -> None:  # type: ignore[no-untyped-def]
    assert vendor_files_check() == []
    assert finders.find("vendor/htmx/htmx.min.js")


# Responses list: filters update #results -------------------------------------------------


def test_response_filters_answer_htmx_with_the_results_only(ready, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    url = _url("responses", pk=ready.pk)
    question = max(ready.questions.all(), key=lambda q: q.themes.count())
    params = {"stance": "agree", "question": question.pk}
    page = client.get(url, params)
    assert _is_page(page) and b'id="results"' in page.content and b'id="filters"' in page.content
    assert b'hx-push-url="true"' in page.content
    assert "HX-Request" in page["Vary"]

    fragment = client.get(url, params, **HX)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and not _is_page(fragment)
    assert body.lstrip().startswith('<div id="results">') or 'id="results"' in body
    assert 'id="filters"' not in body
    assert '<div id="theme-filter" hx-swap-oob="true">' in body  # themes of that question
    expected = Response.objects.filter(consultation=ready, stance="agree", question=question)
    assert fragment.context["page"].paginator.count == expected.count()
    assert "HX-Request" in fragment["Vary"]

    # Restoring history (a cache miss) needs the whole page, not the fragment.
    restored = client.get(url, params, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX)
    assert _is_page(restored)


def test_a_theme_of_another_question_is_dropped(ready, people) -> None:  # type: ignore[no-untyped-def]
    """Changing the question keeps the old theme in the form once: it must not empty the list."""
    first, second = list(ready.questions.order_by("position")[:2])
    theme = first.themes.first()
    answer = people.client("viewer").get(
        _url("responses", pk=ready.pk), {"question": second.pk, "theme": theme.pk}, **HX
    )
    expected = Response.objects.filter(consultation=ready, question=second).count()
    assert answer.context["page"].paginator.count == expected > 0
    assert answer.context["theme_id"] is None


def test_response_pagination_links_work_with_and_without_htmx(ready, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    url = _url("responses", pk=ready.pk)
    total = Response.objects.filter(consultation=ready).count()
    assert total > 50  # more than one page of PAGE_SIZE
    first = client.get(url).content.decode()
    assert 'class="govuk-pagination"' in first and 'hx-boost="true"' in first
    assert 'href="?page=2"' in first
    second = client.get(url, {"page": 2}, **HX)
    assert not _is_page(second) and second.context["page"].number == 2


# Job progress: polled by htmx, meta refresh only without JavaScript ------------------------


def test_job_progress_fragment_and_refresh_when_done(uploaded: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    job = queue.enqueue("analyse", uploaded)
    detail = client.get(_url("detail", pk=uploaded.pk)).content.decode()
    progress = _url("progress", pk=uploaded.pk)
    assert f'hx-get="{progress}"' in detail and 'hx-trigger="every 2s"' in detail
    assert '<noscript><meta http-equiv="refresh"' in detail  # only without JavaScript

    # Without htmx the progress address is just the overview page.
    plain = client.get(progress)
    assert plain.status_code == 302 and plain["Location"] == _url("detail", pk=uploaded.pk)

    waiting = client.get(progress, **HX)
    assert waiting.status_code == 200 and not _is_page(waiting)
    assert b"Waiting for a worker" in waiting.content

    claimed = queue.claim("test-worker")
    assert claimed is not None and claimed.pk == job.pk
    queue.report(claimed, stage="Embedding responses", done=10, total=40)
    running = client.get(progress, **HX).content.decode()
    assert "Embedding responses: 10 of 40 (25%)" in running and "<progress" in running

    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE)
    done = client.get(progress, **HX)
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    finished = client.get(_url("detail", pk=uploaded.pk)).content.decode()
    assert "hx-trigger" not in finished and "http-equiv" not in finished


def test_reassign_progress_fragment(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = ready.questions.first()
    client = people.client("viewer")
    job = queue.enqueue(REASSIGN, ready, question_id=question.pk, user_id=people.analyst.pk)
    url = _url("reassign_progress", pk=ready.pk, question_id=question.pk)
    page = client.get(_url("themes", pk=ready.pk, question_id=question.pk)).content.decode()
    assert f'hx-get="{url}"' in page
    assert client.get(url).status_code == 302
    fragment = client.get(url, **HX)
    assert b"waiting for a worker" in fragment.content and not _is_page(fragment)
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error="x")
    assert client.get(url, **HX)["HX-Refresh"] == "true"


# Theme edit in place ----------------------------------------------------------------------


def _theme(ready: Consultation) -> Theme:
    return Theme.objects.filter(question__consultation=ready).order_by("pk").first()


def test_theme_edit_in_place_with_htmx(ready, people) -> None:  # type: ignore[no-untyped-def]
    theme = _theme(ready)
    client = people.client("analyst")
    url = _url("theme_edit", pk=ready.pk, theme_id=theme.pk)
    themes_page = client.get(_url("themes", pk=ready.pk, question_id=theme.question_id))
    assert f'hx-get="{url}"' in themes_page.content.decode()

    form = client.get(url, **HX)
    body = form.content.decode()
    assert form.status_code == 200 and not _is_page(form)
    assert body.strip().startswith("<tr") and f'id="theme-{theme.pk}"' in body
    assert f'hx-post="{url}"' in body and 'name="version"' in body
    # Its fields' ids are its own: the page's add-a-theme form has "id_label" already.
    assert f'id="id_theme{theme.pk}_label"' in body and 'id="id_label"' not in body
    assert 'id="id_label"' in themes_page.content.decode()

    saved = client.post(
        url,
        {"label": "Fares too high", "description": "Cost", "stance": "disagree", "version": 1},
        **HX,
    )
    body = saved.content.decode()
    assert saved.status_code == 200 and not _is_page(saved)
    assert "Fares too high" in body and f'id="theme-{theme.pk}"' in body
    # The merge form's versions moved on: it comes back out of band, as do the messages.
    assert '<section id="merge-themes" aria-labelledby="merge-heading" hx-swap-oob="true">' in body
    assert f"{theme.pk}:2" in body
    assert '<div id="app-messages" hx-swap-oob="true">' in body and "saved" in body
    theme.refresh_from_db()
    assert (theme.label, theme.version) == ("Fares too high", 2)


def test_stale_theme_edit_in_place_is_refused(ready, people) -> None:  # type: ignore[no-untyped-def]
    theme = _theme(ready)
    review.edit_theme(theme, 1, people.admin, "Changed meanwhile", "", "neutral")
    url = _url("theme_edit", pk=ready.pk, theme_id=theme.pk)
    stale = people.client("analyst").post(
        url, {"label": "Mine", "description": "", "stance": "agree", "version": 1}, **HX
    )
    body = stale.content.decode()
    assert stale.status_code == 409 and not _is_page(stale)
    assert "Someone else changed" in body and "Changed meanwhile" in body
    assert 'name="version" value="2"' in body  # the form now carries the current version
    assert 'value="Mine"' in body  # and the analyst's words, not lost
    theme.refresh_from_db()
    assert theme.label == "Changed meanwhile"


def test_theme_edit_without_javascript_is_a_page(ready, people) -> None:  # type: ignore[no-untyped-def]
    theme = _theme(ready)
    client = people.client("analyst")
    url = _url("theme_edit", pk=ready.pk, theme_id=theme.pk)
    assert _is_page(client.get(url))
    invalid = client.post(url, {"label": "", "stance": "agree", "version": 1})
    assert _is_page(invalid) and b"govuk-error-summary" in invalid.content
    assert b"govuk-form-group--error" in invalid.content and b'href="#id_label"' in invalid.content
    saved = client.post(url, {"label": "Plain", "description": "", "stance": "agree", "version": 1})
    assert saved.status_code == 302


# Flag and read marks on a response --------------------------------------------------------


def _response(ready: Consultation) -> Response:
    return Response.objects.filter(consultation=ready, status="themed").order_by("pk").first()


def test_flag_with_htmx_swaps_the_marks(ready, people) -> None:  # type: ignore[no-untyped-def]
    response = _response(ready)
    client = people.client("analyst")
    page = client.get(_url("response", pk=ready.pk, response_id=response.pk)).content.decode()
    flag_url = _url("response_flag", pk=ready.pk, response_id=response.pk)
    assert f'hx-post="{flag_url}"' in page and 'id="response-marks"' in page
    answer = client.post(flag_url, {"flagged": "1", "version": response.version}, **HX)
    body = answer.content.decode()
    assert answer.status_code == 200 and not _is_page(answer)
    assert body.lstrip().startswith('<div id="response-marks"') and "Remove flag" in body
    assert '<div id="app-messages" hx-swap-oob="true">' in body and "Flagged for attention" in body
    response.refresh_from_db()
    assert response.flagged


def test_stale_flag_is_refused_with_and_without_htmx(ready, people) -> None:  # type: ignore[no-untyped-def]
    response = _response(ready)
    seen = response.version
    review.set_flag(response, True, people.admin)  # someone else, meanwhile
    client = people.client("analyst")
    url = _url("response_flag", pk=ready.pk, response_id=response.pk)
    stale = client.post(url, {"flagged": "1", "version": seen}, **HX)
    assert stale.status_code == 409 and b"Someone else changed" in stale.content
    assert b"Remove flag" in stale.content  # the marks as they are now
    plain = client.post(url, {"flagged": "0", "version": seen}, follow=True)
    assert plain.redirect_chain[-1][0] == _url("response", pk=ready.pk, response_id=response.pk)
    assert b"Someone else changed" in plain.content
    response.refresh_from_db()
    assert response.flagged  # neither stale change was saved


def test_flag_without_javascript_redirects(ready, people) -> None:  # type: ignore[no-untyped-def]
    response = _response(ready)
    client = people.client("analyst")
    url = _url("response_flag", pk=ready.pk, response_id=response.pk)
    answer = client.post(url, {"flagged": "1"})
    assert answer.status_code == 302
    page = client.get(answer["Location"])
    assert b"Remove flag" in page.content and b"Flagged for attention." in page.content


def test_mark_read_and_unread(ready, people) -> None:  # type: ignore[no-untyped-def]
    response = _response(ready)
    client = people.client("viewer")  # read marks are personal: viewers have them too
    url = _url("response_read", pk=ready.pk, response_id=response.pk)
    client.get(_url("response", pk=ready.pk, response_id=response.pk))  # opening marks it read
    assert ReadMark.objects.filter(user=people.viewer, response=response).exists()

    unread = client.post(url, {"read": "0"}, **HX)
    assert unread.status_code == 200 and not _is_page(unread)
    assert b"Mark as read" in unread.content and b"Unread" in unread.content
    assert not ReadMark.objects.filter(user=people.viewer, response=response).exists()
    read = client.post(url, {"read": "1"}, **HX)
    assert b"Mark as unread" in read.content
    assert ReadMark.objects.filter(user=people.viewer, response=response).exists()

    # Without JavaScript: "unread" goes back to the list (opening it again would mark it read).
    plain = client.post(url, {"read": "0"})
    assert plain.status_code == 302 and plain["Location"] == _url("responses", pk=ready.pk)
    listed = client.get(plain["Location"], {"unread": "1"}).context["page"].paginator.object_list
    assert response.pk in {r.pk for r in listed}
    again = client.post(url, {"read": "1"})
    assert again["Location"] == _url("response", pk=ready.pk, response_id=response.pk)
    assert ReadMark.objects.filter(user=people.viewer, response=response).exists()


def test_an_expired_session_sends_htmx_to_the_sign_in_page(ready) -> None:  # type: ignore[no-untyped-def]
    url = _url("responses", pk=ready.pk)
    signed_out = Client()
    fragment = signed_out.get(url, **HX)
    assert fragment.status_code == 204  # nothing swapped into the page
    assert fragment["HX-Redirect"].startswith(reverse("accounts:login"))
    page = signed_out.get(url)  # without htmx: the usual redirect
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))


def test_each_part_names_itself_in_the_service_navigation(people) -> None:  # type: ignore[no-untyped-def]
    """Ask and Documents are not "Consultation analysis"."""
    client = people.client("viewer")
    for url, name in (
        (reverse("consultations:list"), "Consultation analysis"),
        (reverse("ask:page"), "Ask GOV.UK guidance"),
        (reverse("assist:collections"), "Documents"),
    ):
        page = client.get(url).content.decode()
        service = page.split('class="govuk-service-navigation__service-name"')[1].split("</span>")[
            0
        ]
        assert f">{name}</a>" in service, url
