"""Who may see what: every consultation page goes through `consultation_view`.

A signed-in user who is not a member gets 404 (the consultation's existence is not
revealed); a member whose role is too low gets 403; anyone signed out is sent to sign in.
Objects inside a consultation are always looked up through it, so an id from another
consultation is a 404 too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from sounding.web.consultations.models import Consultation, Membership, Role
from sounding.web.htmx import is_htmx, refresh_page

View = Callable[..., HttpResponse]


def membership(user: Any, consultation_id: int) -> Membership:
    """The user's membership of the consultation, or 404 if they have none."""
    found = (
        Membership.objects.select_related("consultation")
        .filter(user=user, consultation_id=consultation_id)
        .first()
    )
    if found is None:
        raise Http404("No such consultation.")
    return found


def signed_in_user(request: HttpRequest) -> User:
    """`request.user` for a view behind `login_required`, where it cannot be anonymous."""
    if not isinstance(request.user, User):
        raise PermissionDenied("Sign in first.")
    return request.user


#: Why an analyst's change is refused while the analysis is re-run: the new analysis
#: replaces the themes and responses it would change, so it would be lost.
BUSY = (
    "The analysis is being re-run: a change made now would be lost when it finishes. "
    "Make it once the new analysis is ready."
)


def busy(consultation: Consultation) -> bool:
    """Whether an analysis of the consultation is running, whose result replaces its
    themes and responses: an analyst's rename made meanwhile had been saved, recorded in
    History, and then lost without a word."""
    return consultation.state == Consultation.State.ANALYSING


def consultation_view(role: Role, while_analysing: bool = False) -> Callable[[View], View]:
    """Decorate a view taking `(request, consultation, member, **kwargs)` from a URL `pk`.
    An analyst's change (a POST to an analyst's view) waits while the analysis is re-run
    (`busy`): shown the page again with why; unless `while_analysing`, for
    the views that start an analysis and say themselves that one is running."""

    def decorate(view: View) -> View:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            member = membership(request.user, pk)
            if not member.allows(role):
                raise PermissionDenied(f"This needs the {role.label.lower()} role.")
            changes = role == Role.ANALYST and request.method == "POST" and not while_analysing
            if changes and busy(member.consultation):
                messages.error(request, BUSY)
                # htmx reloads the page it is on, which shows why (a fragment of text
                # swapped into a table row would not).
                return refresh_page() if is_htmx(request) else redirect(request.get_full_path())
            return view(request, member.consultation, member, **kwargs)

        return wrapper

    return decorate


def can_edit(member: Membership) -> bool:
    return member.allows(Role.ANALYST)


def my_consultations(user: Any) -> list[tuple[Consultation, str]]:
    rows = Membership.objects.filter(user=user).select_related("consultation")
    return [(m.consultation, m.get_role_display()) for m in rows.order_by("-consultation_id")]
