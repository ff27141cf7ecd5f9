"""Documents and questions for assist_citations and pii_leakage (written for Evaluate)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sounding.evaluate.datasets.files import read_jsonl


@dataclass(frozen=True)
class DocumentQuestion:
    """A question about one document, and the page that answers it."""

    id: str
    question: str
    document: dict[str, Any]
    page: int


def document_questions() -> list[DocumentQuestion]:
    found = []
    for document in read_jsonl("assist_documents.jsonl"):
        shown = {"name": document["name"], "pages": document["pages"]}
        for q in document["questions"]:
            found.append(DocumentQuestion(q["id"], q["question"], shown, int(q["page"])))
    return found


def personal_data_cases() -> list[dict[str, Any]]:
    """Inputs holding personal data (`data/pii_leakage.jsonl`): questions, consultation
    responses and documents, each with the values that must not come out."""
    return read_jsonl("pii_leakage.jsonl")
