"""The background job that analyses an uploaded consultation with the Consult service.

The job reads the stored upload with the confirmed columns, runs
`sounding.services.consult.analyse` (offline, or with the configured language model), and
then stores the result and marks itself done in one transaction: the analysis appears only
when complete. Each question is checkpointed as it finishes, so if the worker dies half-way
the worker that takes the job over resumes after the finished questions.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from sounding.consult import model
from sounding.consult.codebook import CodebookTheme
from sounding.files.columns import ColumnOverrides
from sounding.files.read import Table
from sounding.services import consult as service
from sounding.services.inputs import read_consultation
from sounding.services.model import open_model
from sounding.web.consultations.background import analysts_work, consultation_of
from sounding.web.consultations.background.analysis_checkpoints import (
    AnalysisCheckpoints,
    fingerprint,
)
from sounding.web.consultations.files.importer import store_analysis
from sounding.web.consultations.files.uploads import read_checked, upload_path
from sounding.web.consultations.models import Consultation, Edit
from sounding.web.consultations.queries import keywords
from sounding.web.consultations.undo import capture_analysis
from sounding.web.jobs import queue
from sounding.web.jobs.checkpoints import JobLost
from sounding.web.jobs.models import Job
from sounding.web.runtime import sounding_settings

ANALYSE = "analyse"


class JobProgress:
    """The pipeline's `Progress`, written to the job row (at most twice a second)."""

    def __init__(self, job: Job, every: float = 0.5) -> None:
        self.job, self.every = job, every
        self.done, self.total, self._last = 0, 0, 0.0

    def start(self, stage: str, total: int) -> None:
        self.done, self.total = 0, total
        queue.report(self.job, stage, 0, total)
        self._last = time.monotonic()

    def advance(self, amount: int = 1) -> None:
        self.done += amount
        if time.monotonic() - self._last >= self.every:
            queue.report(self.job, done=min(self.done, self.total))
            self._last = time.monotonic()

    def finish(self) -> None:
        queue.report(self.job, done=self.total)


def load_source(consultation: Consultation) -> model.Consultation:
    """The uploaded file read, within the upload limits, with the columns the analyst
    confirmed."""
    overrides = ColumnOverrides.from_dict(consultation.columns)
    path, sheet = upload_path(consultation), consultation.sheet or None

    def reader(stored: Path, sheet: str | None) -> Table:
        return read_checked(stored, sheet, consultation.upload_name)

    return read_consultation(path, sheet, overrides, reader=reader)[0]


def analyse_source(
    source: model.Consultation,
    use_llm: bool,
    progress: JobProgress,
    codebook: list[CodebookTheme] | None = None,
) -> model.Analysis:
    """Run the Consult service exactly as the command line does, without writing files,
    keeping each finished question as a checkpoint of the job (and resuming from them);
    with `codebook`, coding against its themes instead of discovering them."""
    config = sounding_settings()
    kept = AnalysisCheckpoints(progress.job, source, fingerprint(source, config, use_llm))
    with open_model(config) if use_llm else nullcontext() as llm:
        if llm is not None:
            kept.attach(llm)
        return service.analyse(
            source, None, config, progress, codebook=codebook, model=llm, checkpoints=kept
        )


def run_analysis_job(job: Job) -> None:
    consultation = consultation_of(job)
    try:
        queue.report(job, "Reading the file", 0, 0)
        source = load_source(consultation)
        keep = job.payload.get("previous") == analysts_work.KEEP
        book = analysts_work.kept_codebook(consultation) if keep else None
        corrections = analysts_work.kept_corrections(consultation) if keep else {}
        analysis = analyse_source(source, consultation.use_llm, JobProgress(job), book)
        queue.report(job, "Saving the results")
        with transaction.atomic():
            if not queue.finish(job):  # another worker took the job over: leave it theirs
                transaction.set_rollback(True)
                return
            rerun_edit = Edit.objects.filter(pk=job.payload.get("edit_id")).first()
            if rerun_edit is not None and consultation.questions.exists():
                capture_analysis(consultation).keep_for(rerun_edit)  # restorable from History
            store_analysis(consultation, source, analysis)
            analysts_work.reapply_corrections(consultation, corrections)
            consultation.state = Consultation.State.READY
            consultation.analysed_at = timezone.now()
            consultation.save()
        keywords.refresh_statistics(connection)
    except JobLost:
        raise  # another worker runs it now: the consultation is still being analysed
    except Exception:
        Consultation.objects.filter(pk=consultation.pk).update(state=Consultation.State.FAILED)
        raise
