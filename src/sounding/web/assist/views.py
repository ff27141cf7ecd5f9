"""The Assist pages: collections, one collection's documents (upload, remove, share), the
chat, and each document's text page by page with its original file. Every page works
without JavaScript; with it, an upload shows its progress (app.js)."""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sounding.assist.collection import StoredDocument
from sounding.errors import SoundingError
from sounding.web.assist import documents
from sounding.web.assist.access import collection_view, is_owner, visible_collections
from sounding.web.assist.answering import answer
from sounding.web.assist.forms import CollectionForm, QuestionForm, ShareForm, UploadForm
from sounding.web.assist.models import (
    AssistConversation,
    CollectionShare,
    DocumentCollection,
)
from sounding.web.consultations.access import signed_in_user
from sounding.web.converters import as_id

RECENT_CONVERSATIONS = 20
#: What the JavaScript upload sends, to be told where to go rather than redirected (an
#: XMLHttpRequest follows redirects itself, and would use up the page's messages).
PROGRESS_HEADER = "X-Sounding-Upload"
DOCUMENT_ID = re.compile(r"[0-9a-f]{16}")


def _upload_key(collection: DocumentCollection) -> str:
    return f"assist-upload-{collection.pk}"


def _collection_url(collection: DocumentCollection, fragment: str = "") -> str:
    url = reverse("assist:collection", args=[collection.pk])
    return f"{url}#{fragment}" if fragment else url


# -- collections -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def collections(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = CollectionForm(request.POST or None, owner=user)
    if request.method == "POST" and form.is_valid():
        collection = DocumentCollection.objects.create(owner=user, name=form.cleaned_data["name"])
        # A new collection starts empty, whatever a reset database left in its folder.
        collection.core().delete()
        messages.success(request, f"Collection “{collection.name}” created. Add documents to it.")
        return redirect(_collection_url(collection))
    visible = list(visible_collections(user))
    context = {
        "form": form,
        "mine": [c for c in visible if c.owner_id == user.pk],
        "shared": [c for c in visible if c.owner_id != user.pk],
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "assist/collections.html", context, status=status)


def _collection_page(
    request: HttpRequest,
    collection: DocumentCollection,
    upload_form: UploadForm | None = None,
    share_form: ShareForm | None = None,
    status: int = 200,
) -> HttpResponse:
    owner = is_owner(request, collection)
    report = request.session.pop(_upload_key(collection), None) if status == 200 else None
    context = {
        "collection": collection,
        "owner": owner,
        "rows": documents.rows(collection.core().documents()),
        "report": report,
        "upload_form": upload_form or UploadForm(),
        "share_form": share_form or ShareForm(collection=collection),
        "shares": list(collection.shares.select_related("user")) if owner else [],
        # The error summary lists the failing form's errors.
        "form": upload_form if upload_form is not None else share_form,
    }
    return render(request, "assist/collection.html", context, status=status)


@collection_view()
@require_GET
def collection(request: HttpRequest, collection: DocumentCollection) -> HttpResponse:
    return _collection_page(request, collection)


@collection_view(owner_only=True)
@require_POST
def upload(request: HttpRequest, collection: DocumentCollection) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _collection_page(request, collection, upload_form=form, status=422)
    report = documents.add_uploads(collection, form.cleaned_data["uploads"])
    request.session[_upload_key(collection)] = report.as_dict()
    url = _collection_url(collection, "documents")
    if request.headers.get(PROGRESS_HEADER) == "progress":
        return JsonResponse({"location": url})
    return redirect(url)


@collection_view(owner_only=True)
@require_http_methods(["GET", "POST"])
def collection_delete(request: HttpRequest, collection: DocumentCollection) -> HttpResponse:
    if request.method == "POST":
        name = collection.name
        collection.delete()  # its folder goes once this is committed (signals.py)
        messages.success(request, f"Collection “{name}” deleted, with all its documents.")
        return redirect("assist:collections")
    context = {
        "collection": collection,
        "count": len([d for d in collection.core().documents() if d.parent is None]),
    }
    return render(request, "assist/collection_delete.html", context)


@collection_view(owner_only=True)
@require_POST
def share(request: HttpRequest, collection: DocumentCollection) -> HttpResponse:
    form = ShareForm(request.POST, collection=collection)
    if not form.is_valid():
        return _collection_page(request, collection, share_form=form, status=422)
    user = form.cleaned_data["username"]
    CollectionShare.objects.get_or_create(collection=collection, user=user)
    messages.success(request, f"Shared with {user.username}.")
    return redirect(_collection_url(collection, "sharing"))


@collection_view(owner_only=True)
@require_POST
def unshare(request: HttpRequest, collection: DocumentCollection, user_id: int) -> HttpResponse:
    found = get_object_or_404(CollectionShare, collection=collection, user_id=user_id)
    username = found.user.username
    found.delete()
    messages.success(request, f"{username} can no longer see this collection.")
    return redirect(_collection_url(collection, "sharing"))


# -- documents ---------------------------------------------------------------------------


def _document(collection: DocumentCollection, doc_id: str) -> StoredDocument:
    """The document with this id in this collection, else 404."""
    found = documents.find(collection, doc_id) if DOCUMENT_ID.fullmatch(doc_id) else None
    if found is None:
        raise Http404("No such document.")
    return found


@collection_view()
@require_GET
def document(request: HttpRequest, collection: DocumentCollection, doc_id: str) -> HttpResponse:
    stored = _document(collection, doc_id)
    core = collection.core()
    pages = [
        {
            "anchor": f"page-{page.number}" if page.number is not None else f"part-{position}",
            "label": page.label or "Text",
            "lines": [block.text for block in page.blocks],
        }
        for position, page in enumerate(core.pages(stored.id), start=1)
    ]
    everything = core.documents()
    context = {
        "collection": collection,
        "owner": is_owner(request, collection),
        "document": stored,
        "parent": next((d for d in everything if d.id == stored.parent), None),
        "attachments": [d for d in everything if d.parent == stored.id],
        "pages": pages,
    }
    return render(request, "assist/document.html", context)


@collection_view()
@require_GET
def document_file(request: HttpRequest, collection: DocumentCollection, doc_id: str) -> Any:
    stored = _document(collection, doc_id)
    path = collection.folder / "files" / stored.file if stored.file else None
    if path is None or not path.is_file():
        raise Http404("No file for this document.")
    content_type = mimetypes.guess_type(stored.file or "")[0] or "application/octet-stream"
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=stored.name, content_type=content_type
    )


@collection_view(owner_only=True)
@require_http_methods(["GET", "POST"])
def document_delete(
    request: HttpRequest, collection: DocumentCollection, doc_id: str
) -> HttpResponse:
    stored = _document(collection, doc_id)
    if stored.parent is not None:  # an attachment goes with the document it came in
        raise Http404("Remove the document this is attached to.")
    if request.method == "POST":
        documents.remove(collection, stored)
        messages.success(request, f"“{stored.name}” removed from the collection.")
        return redirect(_collection_url(collection, "documents"))
    context = {
        "collection": collection,
        "document": stored,
        "attachments": [d for d in collection.core().documents() if d.parent == stored.id],
    }
    return render(request, "assist/document_delete.html", context)


# -- chat --------------------------------------------------------------------------------


def _conversation(
    request: HttpRequest, collection: DocumentCollection, pk: object
) -> AssistConversation | None:
    """The user's conversation about this collection named by a query string or form."""
    if pk in (None, ""):
        return None
    number = as_id(pk)
    if number is None:
        raise Http404("No such conversation.")
    return get_object_or_404(
        AssistConversation, pk=number, collection=collection, user=signed_in_user(request)
    )


def _chat_page(
    request: HttpRequest,
    collection: DocumentCollection,
    conversation: AssistConversation | None,
    form: QuestionForm,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "collection": collection,
        "conversation": conversation,
        "exchanges": list(conversation.messages.all()) if conversation else [],
        "conversations": AssistConversation.objects.filter(collection=collection, user=user)[
            :RECENT_CONVERSATIONS
        ],
        "form": form,
        "error": error,
        "has_documents": bool(collection.core().documents()),
    }
    return render(request, "assist/chat.html", context, status=status)


@collection_view()
@require_http_methods(["GET", "POST"])
def chat(request: HttpRequest, collection: DocumentCollection) -> HttpResponse:
    if request.method == "GET":
        conversation = _conversation(request, collection, request.GET.get("c"))
        initial = {"conversation": conversation.pk if conversation else None}
        return _chat_page(request, collection, conversation, QuestionForm(initial=initial))
    form = QuestionForm(request.POST)
    conversation = _conversation(request, collection, request.POST.get("conversation"))
    if not form.is_valid():
        return _chat_page(request, collection, conversation, form, status=422)
    try:
        message = answer(
            signed_in_user(request), collection, form.cleaned_data["question"], conversation
        )
    except SoundingError as problem:
        error = f"{problem.message} {problem.hint}".strip()
        return _chat_page(request, collection, conversation, form, error, status=409)
    url = reverse("assist:chat", args=[collection.pk])
    return redirect(f"{url}?c={message.conversation_id}#message-{message.pk}")
