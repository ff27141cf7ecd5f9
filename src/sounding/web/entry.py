"""Starting the web app and its worker from the `sounding` command line.

Both make sure the database exists and is migrated first, so a new user needs nothing but
`sounding serve`: SQLite in SOUNDING_HOME, or PostgreSQL when DATABASE_URL is set.
"""

from __future__ import annotations

import logging
import os
import threading

DEFAULT_SETTINGS = "sounding.web.settings.local"
log = logging.getLogger("sounding.web")


def setup(migrate: bool = True) -> None:
    """Configure Django (local settings unless DJANGO_SETTINGS_MODULE says otherwise)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.conf import settings

    from sounding.web.security import private_files

    private_files()
    django.setup()
    settings.SOUNDING_HOME.mkdir(parents=True, exist_ok=True)
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def serve(host: str = "127.0.0.1", port: int = 8000, threads: int = 8, worker: bool = True) -> None:
    """Serve the app with waitress; with `worker`, also run jobs in a background thread."""
    setup()
    warn_if_frontend_missing()
    from waitress import serve as waitress_serve

    from sounding.web.wsgi import application

    if worker:
        threading.Thread(target=_work_quietly, name="sounding-worker", daemon=True).start()
    threading.Thread(target=_warm_up_quietly, name="sounding-warm-up", daemon=True).start()
    waitress_serve(application, host=host, port=port, threads=threads, ident="sounding")


def warn_if_frontend_missing() -> str | None:
    """Say how to install the GOV.UK Design System and htmx files if they are missing."""
    from sounding.web.frontend import missing_message

    message = missing_message()
    if message:
        log.warning(message)
    return message


def work(once: bool = False) -> None:
    """Run jobs from the queue until interrupted (or, with `once`, until it is empty)."""
    setup()
    from sounding.web.jobs.worker import run_forever

    run_forever(once=once)


def warm_up() -> None:
    """Load what the first question needs (the embedding model, and Ask's index where there
    is one) while the server starts, not while its user waits: on two cores loading took
    about 10 s, and the first question of a new server waited all of it. A request that
    comes sooner waits for the model's lock instead of loading it a second time."""
    from sounding.errors import SoundingError
    from sounding.services.ask import open_asker
    from sounding.services.embedding import shared_model
    from sounding.web.ask import store
    from sounding.web.runtime import sounding_settings

    settings = sounding_settings()
    embedder = shared_model(settings)
    embedder.embed(["warm-up"])
    try:
        indexed_with, index = store.load(settings.ask.document_types)
    except SoundingError:
        return  # no guidance indexed (yet): the model was the most of it
    if indexed_with != embedder.name:
        return  # the first question says so, as it always has
    with open_asker(settings, index=index, embedder=embedder) as asker:
        asker.ask("How much is Statutory Sick Pay?")  # reads the words spelling uses


def _warm_up_quietly() -> None:
    from django.db import connection

    try:
        warm_up()
    except Exception:  # a failed warm-up only costs the first question its wait
        log.exception("Warming up the web app failed")
    finally:
        connection.close()


def _work_quietly() -> None:
    from sounding.web.jobs.worker import run_forever

    try:
        run_forever()
    except Exception:  # the web app must stay up even if its worker thread dies
        log.exception("The in-process worker stopped")
