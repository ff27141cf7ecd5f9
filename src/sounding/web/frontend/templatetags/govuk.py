"""Template helpers for GOV.UK Design System markup that Django's widgets do not produce."""

from __future__ import annotations

import re

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

#: govuk-tag colour modifiers for the states the pages show (stance, estimated tone, status,
#: job, consultation).
TAG_COLOURS = {
    "agree": "green",
    "disagree": "red",
    "neutral": "grey",
    "positive": "green",
    "negative": "red",
    "unclear": "grey",
    "themed": "blue",
    "other": "grey",
    "blank": "grey",
    "duplicate": "purple",
    "rejected": "orange",
    "new": "grey",
    "uploaded": "yellow",
    "analysing": "light-blue",
    "ready": "green",
    "failed": "red",
    "queued": "grey",
    "running": "light-blue",
    "done": "green",
}


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea"
    if isinstance(widget, forms.Select):
        return "govuk-select"
    if isinstance(widget, forms.FileInput):
        return "govuk-file-upload"
    if isinstance(widget, forms.CheckboxInput):
        return "govuk-checkboxes__input"
    return "govuk-input"


@register.filter
def govuk_widget(field: BoundField, character_count: bool = False) -> SafeString:
    """The field's widget with its GOV.UK class, error state and hint/error descriptions;
    `character_count` marks a textarea for the GOV.UK character count around it."""
    base = _widget_class(field.field.widget)
    classes = [base]
    if field.errors and base != "govuk-checkboxes__input":
        classes.append(f"{base}--error")
    if character_count:
        classes.append("govuk-js-character-count")
    attrs: dict[str, str | bool] = {"class": " ".join(classes)}
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    if character_count:
        described.append(f"{field.id_for_label}-info")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def tag_colour(value: object) -> str:
    """The govuk-tag modifier class for a stance, status or state value ("" when plain)."""
    colour = TAG_COLOURS.get(str(value))
    return f"govuk-tag--{colour}" if colour else ""


#: A GOV.UK address in a fixed reply ("You can search GOV.UK at https://www.gov.uk/search."),
#: without the full stop that ends the sentence.
_GOVUK_URL = re.compile(r"https://www\.gov\.uk(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)])?")


@register.filter
def govuk_links(text: str) -> SafeString:
    """`text` escaped, with its GOV.UK addresses as links and its line breaks kept: for
    Ask's fixed replies only, which Sounding writes (an answer's links are its sources)."""
    parts, last = [], 0
    for match in _GOVUK_URL.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<a class="govuk-link" href="{0}">{0}</a>', match.group(0)))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # every part was escaped
