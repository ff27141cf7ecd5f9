"""WSGI entry point, served by waitress in `sounding serve`."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sounding.web.settings.local")
application = get_wsgi_application()

from sounding.web.security import private_files  # noqa: E402 (needs the settings above)

private_files()
