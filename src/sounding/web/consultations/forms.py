"""Forms for consultations, uploads, themes, responses and members."""

from __future__ import annotations

from collections.abc import Collection

from django import forms
from django.contrib.auth import get_user_model

from sounding.web.consultations.files.columns import ROLES
from sounding.web.consultations.models import Role, Stance, Theme
from sounding.web.consultations.review import label_clash
from sounding.web.converters import as_id


class ConsultationForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Name of the consultation",
        error_messages={"required": "Enter the name of the consultation"},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Consultation file",
        error_messages={"required": "Select the consultation file"},
        help_text="CSV, XLSX or JSONL: one row per respondent, or one row per answer.",
    )


RERUN_CHOICES = [
    (
        "keep",
        "Keep the analysts' themes: code every response against the current themes, and keep "
        "the themes analysts gave single responses",
    ),
    (
        "fresh",
        "Start over: discover themes afresh (the current analysis can be restored from History)",
    ),
]


class ColumnsForm(forms.Form):
    """One role per column (wide tables), plus whether to use the language model."""

    use_llm = forms.BooleanField(
        required=False,
        label="Use the configured language model to name themes and code responses",
    )

    def __init__(
        self,
        *args: object,
        columns: dict[str, str],
        llm: bool,
        rerun: bool = False,
        **kwargs: object,
    ):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.column_names = list(columns)
        if rerun:  # an analysis exists: say what becomes of it, never replace it silently
            self.fields["previous"] = forms.ChoiceField(
                choices=RERUN_CHOICES,
                widget=forms.RadioSelect,
                label="What should happen to the current themes?",
                error_messages={"required": "Choose what happens to the current themes."},
            )
        for i, (column, role) in enumerate(columns.items()):
            self.fields[f"role_{i}"] = forms.ChoiceField(
                choices=list(ROLES.items()), initial=role, label=column
            )
        if not llm:
            del self.fields["use_llm"]

    def roles(self) -> dict[str, str]:
        return {c: self.cleaned_data[f"role_{i}"] for i, c in enumerate(self.column_names)}


class ThemeForm(forms.Form):
    label = forms.CharField(
        max_length=300, error_messages={"required": "Enter a label for the theme"}
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    # Neutral unless the analyst picks a side: the first choice, "Agree", had been taken for
    # a theme added to a question that has no stance at all.
    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.NEUTRAL)

    def __init__(
        self,
        *args: object,
        has_stance: bool = True,
        taken: Collection[str] = (),
        **kwargs: object,
    ) -> None:
        """`has_stance` False (no response to the question has one) leaves the stance out:
        "Agree" or "Disagree" means nothing where nobody was asked, and beside a rating's
        estimated tone it read as a way to correct the tone, which it is not. `taken`: the
        labels of the question's other themes, which this one may not repeat."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not has_stance:
            del self.fields["stance"]
        self.taken = list(taken)

    def clean_label(self) -> str:
        """Refuse a label another theme of the question has (`review.label_clash`)."""
        label = str(self.cleaned_data["label"]).strip()
        if clash := label_clash(label, self.taken):
            raise forms.ValidationError(clash)
        return label


class VersionForm(forms.Form):
    """The theme version the analyst saw, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ThemeEditForm(ThemeForm, VersionForm):
    pass


# Django's form classes are generic only in the type stubs, not when the module runs.
class ResponseChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Responses shown by their (auto-escaped) text, so an analyst can choose by reading."""

    def label_from_instance(self, obj: object) -> str:
        text = getattr(obj, "text", "")
        return f"{getattr(obj, 'respondent_id', '')}: {text[:300]}"


class SplitForm(ThemeForm, VersionForm):
    """The new theme, and which responses move to it: those ticked on the page shown, or
    (`move` = "all") every response the page's selection holds, however many pages."""

    responses = ResponseChoice(
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Responses to move to the new theme",
        required=False,
    )
    move = forms.ChoiceField(
        choices=[("ticked", "The ticked responses"), ("all", "Every selected response")],
        required=False,
    )

    def __init__(self, *args: object, responses: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["responses"].queryset = responses  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("move") != "all" and not data.get("responses"):
            self.add_error(
                "responses", "Tick the responses to move, or move every selected response."
            )
        return data


class MergeForm(forms.Form):
    # Each says which choice is missing: "This field is required." twice, naming neither,
    # had been all an analyst was told.
    keep = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        label="Keep this theme",
        error_messages={"required": "Choose the theme to keep"},
    )
    absorb = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        label="and merge this theme into it",
        error_messages={"required": "Choose the theme to merge into it"},
    )
    #: "pk:version,..." of the themes as the page showed them, for optimistic locking.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)
    #: Set by the confirmation page: a merge is only made once the analyst has seen what
    #: it does.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, themes: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["keep"].queryset = themes  # type: ignore[attr-defined]
        self.fields["absorb"].queryset = themes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("keep") and data.get("keep") == data.get("absorb"):
            raise forms.ValidationError("Choose two different themes.")
        return data

    def seen_version(self, theme: Theme) -> int:
        """The version of `theme` the analyst saw (its current one if the page had none)."""
        for item in (self.cleaned_data.get("seen") or "").split(","):
            pk, _, version = item.partition(":")
            if pk.strip() == str(theme.pk) and (seen := as_id(version.strip())) is not None:
                return seen
        return theme.version


class CorrectionForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes of this response",
    )

    def __init__(self, *args: object, themes: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    username = forms.CharField(max_length=150, error_messages={"required": "Enter a username"})
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER)

    def clean_username(self) -> object:
        """The account, or None: the page answers alike either way, so it does not tell
        whether a username exists."""
        name = self.cleaned_data["username"]
        return get_user_model().objects.filter(username=name).first()
