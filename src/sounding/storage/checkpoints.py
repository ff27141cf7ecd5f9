"""Finished questions of a command-line analysis, kept on disk until the run completes.

A run killed at any point (a closed laptop, an out-of-memory kill) is started again with the
same command: questions it finished are read back instead of analysed again, and the
embedding cache already holds every batch of vectors it stored, so the run goes on where it
stopped and ends with exactly the result of a run never stopped. The folder is named by a
digest of everything that shapes the result (the responses, the settings, the codebook), so
a changed input or setting never resumes from another run's questions.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

from sounding.consult.model import Consultation, QuestionAnalysis


def run_digest(consultation: Consultation, settings: dict[str, Any], extra: Any = None) -> str:
    """A digest of what shapes an analysis: every response and rejection, the settings
    (`Settings.public_dict`) and `extra` (a codebook, the mode), as JSON-ready values."""
    digest = hashlib.sha256()
    digest.update(json.dumps([settings, extra], sort_keys=True, default=str).encode())
    for q in consultation.questions:
        digest.update(f"\x1eQ{q.id}\x1f{q.text}\x1f{q.stance_column}".encode())
    for r in consultation.responses:
        digest.update(f"\x1eR{r.id}\x1f{r.question_id}\x1f{r.text}\x1f{r.closed_answer}".encode())
        digest.update(json.dumps(r.metadata, sort_keys=True).encode())
    for j in consultation.rejections:
        digest.update(f"\x1eJ{j.id}\x1f{j.question_id}\x1f{j.reason}\x1f{j.text}".encode())
    return digest.hexdigest()


class FileCheckpoints:
    """One pickle per finished question, written atomically. Pickle, not the JSON of
    `consult.snapshot`: a million-answer question's JSON tree cost hundreds of megabytes at
    the memory peak. The files are this user's own, under their SOUNDING_HOME, and are
    read only by the run that wrote them (the folder is named by its digest)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, question_id: str) -> Path:
        name = hashlib.sha256(question_id.encode()).hexdigest()[:16]
        return self.folder / f"{name}.pickle"

    def restore(self, question_id: str) -> QuestionAnalysis | None:
        path = self._path(question_id)
        if not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                result = pickle.load(handle)
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            ValueError,
            LookupError,
            AttributeError,
            TypeError,
            ImportError,
        ):
            return None  # a file cut short or from another version: analyse it again
        return result if isinstance(result, QuestionAnalysis) else None

    def save(self, result: QuestionAnalysis) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(result.question.id)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)

    def clear(self) -> None:
        """Forget the run: called once its outputs are written."""
        shutil.rmtree(self.folder, ignore_errors=True)
