from __future__ import annotations

from typing import Any

from django import forms

from sounding.web.runtime import sounding_settings

#: Far above Ask's own limit, which replies with advice rather than a form error.
MAX_FORM_CHARS = 4000


class QuestionForm(forms.Form):
    question = forms.CharField(
        label="Your question",
        help_text="Ask about running a business or a government service. Do not include "
        "personal details such as names, email addresses or National Insurance numbers.",
        max_length=MAX_FORM_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a question"},
    )
    conversation = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The box holds as many characters as Ask accepts (`ask.max_question_chars`), so the
        page's character count and the browser warn before the question is refused."""
        super().__init__(*args, **kwargs)
        limit = sounding_settings().ask.max_question_chars
        self.fields["question"].widget.attrs["maxlength"] = str(limit)


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes"
    )
