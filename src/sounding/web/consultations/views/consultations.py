"""The list of one's consultations, creating one, its overview page and its members."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sounding.web.consultations.access import (
    can_edit,
    consultation_view,
    my_consultations,
    signed_in_user,
)
from sounding.web.consultations.audit import record
from sounding.web.consultations.forms import ConsultationForm, MemberForm
from sounding.web.consultations.models import Consultation, Membership, Role
from sounding.web.consultations.queries.stats import COUNTS_MEANING, cached_counts
from sounding.web.htmx import is_htmx, refresh_page
from sounding.web.jobs import queue


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "consultations/list.html", {"consultations": my_consultations(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    """Anyone signed in may start a consultation and becomes its admin."""
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        with transaction.atomic():
            consultation = Consultation.objects.create(
                name=form.cleaned_data["name"], created_by=user
            )
            Membership.objects.create(user=user, consultation=consultation, role=Role.ADMIN)
            record(consultation, user, "create consultation", consultation.name)
        return redirect("consultations:upload", pk=consultation.pk)
    return render(request, "consultations/create.html", {"form": form})


@consultation_view(Role.VIEWER)
def consultation_detail(
    request: HttpRequest, consultation: Consultation, member: Membership
) -> HttpResponse:
    job = queue.jobs_of(consultation).order_by("-created_at", "-id").first()
    questions = list(consultation.questions.all())
    for question in questions:  # `with_counts`'s, as the themes page shows them (cached)
        for name, value in asdict(cached_counts(question)).items():
            setattr(question, name, value)
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "member": member,
            "can_edit": can_edit(member),
            "job": job,
            "counts_meaning": COUNTS_MEANING,
            "refresh": job is not None and job.active,
            "questions": questions,
        },
    )


@consultation_view(Role.VIEWER)
@require_GET
def job_progress(
    request: HttpRequest, consultation: Consultation, member: Membership
) -> HttpResponse:
    """The latest job's progress, for htmx to poll; once it has ended, reload the page.

    Without htmx (JavaScript off) the overview page itself refreshes, so go there."""
    if not is_htmx(request):
        return redirect("consultations:detail", pk=consultation.pk)
    job = queue.jobs_of(consultation).order_by("-created_at", "-id").first()
    if job is None or not job.active:
        return refresh_page()
    response = render(
        request, "consultations/_job.html", {"consultation": consultation, "job": job}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@consultation_view(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    """Admins add people by username with a role, change roles, or remove them."""
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, role = form.cleaned_data["username"], form.cleaned_data["role"]
        name = form.data.get("username", "")
        if user is None:  # said as for an account, so the page does not reveal which exist
            messages.success(request, f"If there is an account named {name}, it is now {role}.")
            return redirect("consultations:members", pk=consultation.pk)
        if user == request.user and role != Role.ADMIN and _admins(consultation) == 1:
            messages.error(request, "A consultation needs an admin: make someone else one first.")
            return redirect("consultations:members", pk=consultation.pk)
        Membership.objects.update_or_create(
            user=user, consultation=consultation, defaults={"role": role}
        )
        record(consultation, request.user, "set member", user.username, None, {"role": role})
        messages.success(request, f"If there is an account named {name}, it is now {role}.")
        return redirect("consultations:members", pk=consultation.pk)
    rows = consultation.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "consultations/members.html",
        {"consultation": consultation, "member": member, "form": form, "members": rows},
    )


@consultation_view(Role.ADMIN)
@require_POST
def member_remove(
    request: HttpRequest, consultation: Consultation, member: Membership, member_id: int
) -> HttpResponse:
    target = consultation.memberships.filter(pk=member_id).select_related("user").first()
    if target is not None and target.pk != member.pk:
        record(
            consultation,
            request.user,
            "remove member",
            target.user.username,
            {"role": target.role},
            None,
        )
        target.delete()
    return redirect("consultations:members", pk=consultation.pk)


def _admins(consultation: Consultation) -> int:
    return consultation.memberships.filter(role=Role.ADMIN).count()
