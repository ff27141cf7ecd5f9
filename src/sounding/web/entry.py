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


def _work_quietly() -> None:
    from sounding.web.jobs.worker import run_forever

    try:
        run_forever()
    except Exception:  # the web app must stay up even if its worker thread dies
        log.exception("The in-process worker stopped")
