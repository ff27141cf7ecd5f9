from __future__ import annotations

from django.apps import AppConfig
from django.core import checks


class FrontendConfig(AppConfig):
    name = "sounding.web.frontend"
    label = "frontend"
    verbose_name = "Front end (GOV.UK Design System, htmx)"

    def ready(self) -> None:
        checks.register(vendor_files_check, checks.Tags.staticfiles)


def vendor_files_check(**kwargs: object) -> list[checks.CheckMessage]:
    """Warn, with the command that fixes it, when the npm front-end files are not installed."""
    from sounding.web.frontend import INSTALL_HINT, VENDOR_DIR, missing_vendor_files

    missing = missing_vendor_files()
    if not missing:
        return []
    return [
        checks.Warning(
            f"The GOV.UK Design System and htmx files are missing from {VENDOR_DIR}: "
            f"{', '.join(missing)}.",
            hint=INSTALL_HINT,
            id="sounding.W001",
        )
    ]
