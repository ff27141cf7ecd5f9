"""The keyword-search index: FTS5 on SQLite, a GIN full-text index on PostgreSQL."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sounding.web.consultations.queries.keywords import ensure_index

    ensure_index(schema_editor.connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    from sounding.web.consultations.queries.keywords import drop_index

    drop_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_response_version"),
    ]

    operations = [migrations.RunPython(create, drop)]
