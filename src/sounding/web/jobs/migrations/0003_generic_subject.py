"""A job's subject is any model (content type and id), not only a consultation; existing
jobs keep their consultation as their subject."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def consultation_to_subject(apps: Any, schema_editor: Any) -> None:
    job_model = apps.get_model("jobs", "Job")
    jobs = job_model.objects.exclude(consultation=None)
    if not jobs.exists():
        return
    content_type = apps.get_model("contenttypes", "ContentType")
    consultation, _ = content_type.objects.get_or_create(
        app_label="consultations", model="consultation"
    )
    for job in jobs.iterator():
        job.subject_type_id = consultation.pk
        job.subject_id = job.consultation_id
        job.save(update_fields=["subject_type", "subject_id"])


def subject_to_consultation(apps: Any, schema_editor: Any) -> None:
    job_model = apps.get_model("jobs", "Job")
    jobs = job_model.objects.filter(
        subject_type__app_label="consultations", subject_type__model="consultation"
    )
    for job in jobs.iterator():
        job.consultation_id = job.subject_id
        job.save(update_fields=["consultation"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("jobs", "0002_checkpoints"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="job",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
            ),
        ),
        migrations.RunPython(consultation_to_subject, subject_to_consultation),
        migrations.RemoveField(model_name="job", name="consultation"),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                fields=["subject_type", "subject_id"], name="jobs_job_subject_5bced6_idx"
            ),
        ),
    ]
