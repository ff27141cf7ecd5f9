"""The audit trail as sentences a person reads: "sam renamed “Cost” to “Price of fares”".

Audit rows keep machine-readable values (keys, dictionaries) so a change can be undone and
measured; this module is the only place that turns them into words, naming themes by label
and questions by their text, never by code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sounding.web.consultations.models import Consultation, Edit, Question, Theme
from sounding.web.consultations.undo import theme_keys

TARGET = re.compile(r"^(?P<kind>theme|response|question) (?P<name>.+?)(?: \((?P<question>.+)\))?$")


@dataclass(frozen=True)
class Names:
    """Labels for the keys audit rows hold: question key → short text, and per question,
    theme key → label (for a theme deleted or merged away since, its label then, from the
    audit row of its removal)."""

    questions: dict[str, str]
    themes: dict[tuple[str, str], str]

    @classmethod
    def of(cls, consultation: Consultation) -> Names:
        questions = list(Question.objects.filter(consultation=consultation))
        themes = Theme.objects.filter(question__consultation=consultation).values_list(
            "question__key", "key", "label"
        )
        return cls(
            questions={q.key: q.short_text for q in questions},
            themes=_removed_themes(consultation) | {(q, k): label for q, k, label in themes},
        )

    def question(self, key: str | None) -> str:
        return self.questions.get(key or "", key or "")

    def themes_of(self, question: str | None, value: Any) -> str:
        keys = theme_keys(value)
        if not keys:
            return "no theme"
        return ", ".join(_quoted(self.themes.get((question or "", k), k)) for k in keys)


def _removed_themes(consultation: Consultation) -> dict[tuple[str, str], str]:
    """(question key, theme key) → label of the themes deleted or merged away, as the audit
    recorded them when they went: rows that name such a theme by key still read as words."""
    removals = Edit.objects.filter(
        consultation=consultation, action__in=("delete theme", "merge themes")
    ).order_by("at", "id")
    labels: dict[tuple[str, str], str] = {}
    for action, target, before in removals.values_list("action", "target", "before"):
        state = before
        if action == "merge themes" and isinstance(before, dict):
            state = before.get("merged")
        match = TARGET.match(target)
        if isinstance(state, dict) and match and match["question"] and "key" in state:
            labels[(match["question"], str(state["key"]))] = str(state.get("label", ""))
    return labels


def _quoted(text: Any) -> str:
    return f"“{text}”"


def _label(state: Any) -> str:
    return _quoted(state.get("label", "")) if isinstance(state, dict) else "a theme"


def actor(edit: Edit) -> str:
    if edit.user is not None:
        return str(edit.user.get_username())
    return "The system" if edit.action == "reassign responses" else "A removed account"


def sentence(edit: Edit, names: Names) -> str:
    """`edit` as one sentence, starting with who did it."""
    return f"{actor(edit)} {what(edit.action, edit.target, edit.before, edit.after, names)}."


def what(action: str, target: str, before: Any, after: Any, names: Names) -> str:
    """The change, as a verb phrase ("merged “A” into “B” (12 responses moved)")."""
    match = TARGET.match(target)
    name, question = (match["name"], match["question"]) if match else (target, None)
    where = f" in “{names.question(question)}”" if question else ""
    b = before if isinstance(before, dict) else {}
    a = after if isinstance(after, dict) else {}
    if action == "edit theme":
        changes = []
        if b.get("label") != a.get("label"):
            changes.append(f"renamed {_label(b)} to {_label(a)}")
        if b.get("description") != a.get("description"):
            changes.append(f"changed the description of {_label(a)}")
        if b.get("stance") != a.get("stance"):
            changes.append(
                f"changed the stance of {_label(a)} from {b.get('stance')} to {a.get('stance')}"
            )
        return "; ".join(changes or [f"saved {_label(a)} unchanged"]) + where
    if action == "merge themes":
        moved = a.get("responses_moved", 0)
        return (
            f"merged {_label(b.get('merged'))} into {_label(b.get('kept'))}{where} "
            f"({_responses(moved)} moved)"
        )
    if action == "split theme":
        return (
            f"moved {_responses(a.get('responses_moved', 0))} from {_label(b)} to a new theme "
            f"{_label(a.get('new'))}{where}"
        )
    if action == "delete theme":
        return f"deleted the theme {_label(b)}{where} ({_responses(b.get('responses', 0))} lost it)"
    if action == "add theme":
        return f"added the theme {_label(a)}{where}"
    if action == "correct themes":
        return (
            f"set the themes of response {name}{where} to {names.themes_of(question, after)} "
            f"(was {names.themes_of(question, before)})"
        )
    if action in ("flag", "unflag"):
        verb = "flagged response" if action == "flag" else "cleared the flag on response"
        return f"{verb} {name}{where}"
    if action in ("bulk add theme", "bulk remove theme"):
        count = _responses(a.get("responses", 0))
        filters = b.get("filters") or "the filters chosen"
        if action == "bulk add theme":
            return f"added the theme {_label(a.get('theme'))} to {count}{where} ({filters})"
        return f"took the theme {_label(a.get('theme'))} from {count}{where} ({filters})"
    if action == "reassign responses":
        kept = a.get("corrections_kept", 0)
        return (
            f"re-assigned the responses{where or ' of ' + _quoted(names.question(name))} to "
            f"its current themes, keeping {_responses(kept)} analysts had corrected"
        )
    if action == "re-run analysis":
        if a.get("previous") == "keep":
            return "re-ran the analysis, keeping the analysts' themes as its codebook"
        return "re-ran the analysis from scratch (the analysis before it can be restored)"
    if action == "create consultation":
        return "created the consultation"
    if action == "upload file":
        return f"uploaded {_quoted(name)}"
    if action == "start analysis":
        return f"started the analysis of {_responses(a.get('responses', 0))}"
    if action == "set member":
        return f"gave {name} the {a.get('role', '')} role"
    if action == "remove member":
        return f"removed {name} from the consultation"
    if action == "undo":
        if b.get("action") == "undo":
            # Undoing an undo makes the change again: "undid a change: undid a change: …"
            # had read as a stutter.
            inner = b.get("before")
            again: dict[str, Any] = inner if isinstance(inner, dict) else {}
            made = what(
                again.get("action", ""), target, again.get("before"), again.get("after"), names
            )
            return f"made a change again: {made}"
        undone = what(b.get("action", ""), target, b.get("before"), b.get("after"), names)
        return f"undid a change: {undone}"
    return f"{action} {target}".strip()


def _responses(count: Any) -> str:
    return f"{count} response" if count == 1 else f"{count} responses"


def sentences(edits: Iterable[Edit], consultation: Consultation) -> list[tuple[Edit, str]]:
    names = Names.of(consultation)
    return [(edit, sentence(edit, names)) for edit in edits]
