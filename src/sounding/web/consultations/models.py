"""What the web app stores: consultations, who may see them, and their analysed content.

The analysis itself is computed by the Consult pipeline; these tables hold its result so
analysts can review and correct it. `Theme.version` is bumped by every edit so a form
submitted against an older version is refused instead of overwriting someone's change.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

from sounding.consult.language import language_name
from sounding.safety.safeguarding import SAFEGUARDING_FLAG


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    ANALYST = "analyst", "Analyst"
    ADMIN = "admin", "Admin"


#: A role may do everything the roles before it may.
ROLE_RANK = {Role.VIEWER: 1, Role.ANALYST: 2, Role.ADMIN: 3}


class Stance(models.TextChoices):
    AGREE = "agree", "Agree"
    DISAGREE = "disagree", "Disagree"
    NEUTRAL = "neutral", "Neutral"


class Consultation(models.Model):
    class State(models.TextChoices):
        NEW = "new", "No file yet"
        UPLOADED = "uploaded", "Columns to confirm"
        ANALYSING = "analysing", "Analysing"
        READY = "ready", "Ready"
        FAILED = "failed", "Analysis failed"

    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.NEW)
    upload_name = models.CharField(max_length=255, blank=True)
    upload_file = models.CharField(max_length=500, blank=True)  # relative to UPLOAD_DIR
    sheet = models.CharField(max_length=100, blank=True)
    columns = models.JSONField(default=dict, blank=True)  # ColumnOverrides fields as chosen
    use_llm = models.BooleanField(default=False)
    #: settings, versions, timings, metadata columns, rejections and source of the analysis.
    analysis_meta = models.JSONField(default=dict, blank=True)
    analysed_at = models.DateTimeField(null=True, blank=True)
    #: The background jobs run on this consultation (deleted with it).
    jobs = GenericRelation(
        "jobs.Job", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "consultation"], name="one_role_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} of {self.consultation}"

    def allows(self, role: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    key = models.CharField(max_length=200)  # the question id in files and exports
    text = models.TextField()
    stance_column = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    campaigns = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "key"], name="question_key_unique")
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def notes(self) -> list[str]:
        """What the analysis noticed about this question, for the analyst ("check it by
        hand"), kept with the analysis's other facts in the consultation's meta."""
        meta = self.consultation.analysis_meta or {}
        return list(meta.get("question_notes", {}).get(self.key, []))

    @property
    def short_text(self) -> str:
        """The question's text cut at a word near 60 characters, to name it in lists."""
        text = " ".join(self.text.split()) or self.key
        if len(text) <= 60:
            return text
        cut = text[:60].rsplit(" ", 1)[0].rstrip(",;:.")
        return f"{cut}…"


class Theme(models.Model):
    class Origin(models.TextChoices):
        MACHINE = "machine", "Analysis"
        ANALYST = "analyst", "Analyst"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    key = models.CharField(max_length=200)
    label = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.NEUTRAL)
    quotes = models.JSONField(default=list, blank=True)  # [{"response_id", "text"}]
    extra = models.JSONField(default=dict, blank=True)  # e.g. an LLM summary, for exports
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MACHINE)

    # Not columns: `stats.theme_counts` annotates `count`, and the themes page adds `share`.
    count: int
    share: float
    version = models.PositiveIntegerField(default=1)
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="theme_key_unique")]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One respondent's answer to one question, with what the analysis made of it."""

    class Status(models.TextChoices):
        THEMED = "themed", "Themed"
        OTHER = "other", "Other"
        BLANK = "blank", "Blank"
        DUPLICATE = "duplicate", "Duplicate"
        REJECTED = "rejected", "Rejected"

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="responses")
    respondent_id = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    closed_answer = models.CharField(max_length=500, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    duplicate_of = models.CharField(max_length=200, blank=True)
    campaign_id = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    chunks = models.PositiveIntegerField(default=1)
    language = models.CharField(max_length=8, blank=True)  # ISO 639-1; "" where not told
    evidence_rich = models.BooleanField(null=True)
    flags = models.JSONField(default=list, blank=True)  # the analysis's notes
    flagged = models.BooleanField(default=False)  # an analyst asked for attention
    # Not a column: search by meaning sets it on the responses it ranks.
    similarity: float | None
    #: Bumped by every analyst's change (themes, flag), so a stale API write is refused.
    version = models.PositiveIntegerField(default=1)
    themes: models.ManyToManyField[Theme, ResponseTheme] = models.ManyToManyField(
        Theme, through="ResponseTheme", related_name="responses"
    )

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["question", "status"]),
            models.Index(fields=["consultation", "flagged"]),
            models.Index(fields=["question", "stance"]),
            # The list's order within a question: a page is read off it, not sorted.
            models.Index(fields=["question", "position", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.respondent_id} / {self.question.key}"

    @property
    def language_name(self) -> str:
        """The answer's language for a reader ("Welsh"); "" where it was not told."""
        return language_name(self.language) if self.language else ""

    @property
    def safeguarding(self) -> str:
        """What the analysis saw of a risk to someone ("suicide", "abuse"), or "": shown
        first on the response's page and tagged in the list, since a note among the
        respondent's details had gone unseen by an analyst walking the responses."""
        for flag in self.flags or ():
            if flag.startswith(SAFEGUARDING_FLAG):
                return str(flag).removeprefix(SAFEGUARDING_FLAG).strip(": ")
        return ""

    def recode_status(self, coded: bool | None = None) -> None:
        """Themed while it has a theme, "Other" when an analyst took its last one away (and
        back): a response left with none had still read "Themed" and was missing from the
        "Other" filter. Blank, duplicate and rejected responses stay what they are. `coded`:
        whether it has a theme now, where the caller knows (else it is looked up)."""
        if coded is None:
            coded = self.codings.exists()
        was, now = (
            (self.Status.OTHER, self.Status.THEMED)
            if coded
            else (self.Status.THEMED, self.Status.OTHER)
        )
        if self.status == was:
            Response.objects.filter(pk=self.pk, status=was).update(status=now)
            self.status = now


class ResponseTheme(models.Model):
    """A response coded with a theme, by the analysis (with its score) or by an analyst."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="codings")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="codings")
    score = models.FloatField(null=True, blank=True)
    by_analyst = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "theme"], name="one_coding_per_theme")
        ]


class Edit(models.Model):
    """The audit trail: who changed what, when, with the values before and after."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="edits")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=50)
    target = models.CharField(max_length=200)  # e.g. "theme q1-agree-cost" or "response 17/q1"
    #: The response a correction was made to, for agreement between machine and analysts.
    response = models.ForeignKey(
        Response, on_delete=models.SET_NULL, null=True, blank=True, related_name="edits"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    #: The later change that put things back as they were before this one.
    reverted_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"


class Snapshot(models.Model):
    """What an edit changed, as it was just before: one question's themes, codings and
    statuses, or (for a re-run analysis) the whole analysis. Restoring it undoes the edit.

    `data` is compressed JSON (`undo.py` writes and reads it). The question is an id, not a
    foreign key: a snapshot outlives a re-analysis that replaces the question, and works
    again once that analysis is itself restored with the same ids."""

    class Scope(models.TextChoices):
        QUESTION = "question", "One question's themes"
        ANALYSIS = "analysis", "The whole analysis"

    edit = models.OneToOneField(Edit, on_delete=models.CASCADE, related_name="snapshot")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    question_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"snapshot of {self.scope} before edit #{self.edit_id}"


class ReadMark(models.Model):
    """A user has opened a response: the "unread" filter leaves it out for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_marks"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="read_marks")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "response"], name="one_read_mark_per_user")
        ]
