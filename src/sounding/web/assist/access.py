"""Who may see a collection: its owner and the people it is shared with. Anyone else gets
404 on every page of it (its existence is not revealed); a shared user asking for what only
the owner may do gets 403; anyone signed out is sent to sign in."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from sounding.web.assist.models import DocumentCollection
from sounding.web.consultations.access import signed_in_user

View = Callable[..., HttpResponse]


def visible_collections(user: Any) -> QuerySet[DocumentCollection]:
    """The user's own collections and those shared with them."""
    shared = DocumentCollection.objects.filter(shares__user=user).values("pk")
    return DocumentCollection.objects.filter(Q(owner=user) | Q(pk__in=shared)).select_related(
        "owner"
    )


def visible_collection(user: Any, pk: int) -> DocumentCollection:
    """The collection if the user owns it or it is shared with them, else 404."""
    found = visible_collections(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such collection.")
    return found


def collection_view(owner_only: bool = False) -> Callable[[View], View]:
    """Decorate a view taking `(request, collection, **kwargs)` from a URL `pk`."""

    def decorate(view: View) -> View:
        @login_required
        @functools.wraps(view)
        def wrapper(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            user = signed_in_user(request)
            collection = visible_collection(user, pk)
            if owner_only and collection.owner_id != user.pk:
                raise PermissionDenied("Only the collection's owner may do this.")
            return view(request, collection, **kwargs)

        return wrapper

    return decorate


def is_owner(request: HttpRequest, collection: DocumentCollection) -> bool:
    return collection.owner_id == signed_in_user(request).pk
