"""Forms for collections, uploads, questions and sharing."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile

from sounding.web.assist.models import DocumentCollection

#: A collection's name: as the command line's collection names, and spaces too.
#: Letters and digits of any alphabet ("Café policies", "Polisïau"), spaces, dots, dashes and
#: underscores, starting with a letter or digit: a name shown, never a path.
NAME = re.compile(r"[^\W_][\w .-]{0,63}")
#: Far above any sensible question, which stays a form error rather than a long search.
MAX_QUESTION_CHARS = 4000
#: Files in one upload: each is read, split and embedded before the page answers.
MAX_FILES = 20


class CollectionForm(forms.Form):
    name = forms.CharField(
        label="Name of the collection",
        help_text="Up to 64 letters, digits, spaces, dots, dashes and underscores, starting "
        "with a letter or digit.",
        max_length=64,
        error_messages={
            "required": "Enter a name for the collection",
            "max_length": "Enter a name of 64 characters or fewer",
        },
    )

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not NAME.fullmatch(name):
            raise forms.ValidationError(
                "Use only letters, digits, spaces, dots, dashes and underscores, starting "
                "with a letter or digit"
            )
        if DocumentCollection.objects.filter(owner=self.owner, name=name).exists():
            raise forms.ValidationError(f"You already have a collection called {name}")
        return name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's FileField takes one). An empty file passes:
    the upload names it with its reason and adds the others, rather than refusing them all."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label="Files",
        help_text="PDF, Word (.docx), OpenDocument (.odt), PowerPoint (.pptx), Excel (.xlsx), "
        "web pages (.html), text (.txt, .md) or e-mails (.eml). You can choose several.",
        error_messages={"required": "Choose at least one file to add"},
    )

    def clean_uploads(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["uploads"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Add at most {MAX_FILES} files at a time")
        return files


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        help_text="Answers quote these documents only, with the page each quote is from.",
        max_length=MAX_QUESTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter a question",
            "max_length": f"Enter a question of {MAX_QUESTION_CHARS} characters or fewer",
        },
    )
    conversation = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ShareForm(forms.Form):
    username = forms.CharField(
        label="Username",
        help_text="They will be able to read these documents and ask questions about them.",
        max_length=150,
        error_messages={"required": "Enter the username of the person to share with"},
    )

    def __init__(self, *args: Any, collection: DocumentCollection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.collection = collection

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"There is no user called {username}")
        if user.pk == self.collection.owner_id:
            raise forms.ValidationError("You own this collection already")
        if self.collection.shares.filter(user=user).exists():
            raise forms.ValidationError(f"It is already shared with {username}")
        return user
