from __future__ import annotations

from django import forms

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


class FeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes"
    )
