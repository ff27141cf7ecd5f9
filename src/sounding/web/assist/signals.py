"""A deleted collection's folder goes with it, however the row went (the owner deleted it,
or their account was deleted), once the deletion is committed."""

from __future__ import annotations

import shutil
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from sounding.web.assist.models import DocumentCollection


@receiver(post_delete, sender=DocumentCollection)
def remove_files(sender: type[DocumentCollection], instance: DocumentCollection, **_: Any) -> None:
    folder = instance.folder
    transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True), robust=True)
