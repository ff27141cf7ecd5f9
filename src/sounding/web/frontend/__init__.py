"""The web app's front end: the GOV.UK Design System (govuk-frontend) and htmx, from npm.

`package.json` and `package-lock.json` here pin them; `scripts/build_frontend.sh` (run by
`scripts/setup.sh web`) installs them and copies the built files into `static/vendor/`. The
pages work without those files, unstyled and without JavaScript, so a missing copy is a
warning (a system check, and a line when `sounding serve` starts), never an error.
"""

from __future__ import annotations

from pathlib import Path

VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"

#: What the pages load, relative to the static root.
VENDOR_FILES = (
    "vendor/govuk-frontend/govuk-frontend.min.css",
    "vendor/govuk-frontend/govuk-frontend.min.js",
    "vendor/govuk-frontend/assets/fonts",
    "vendor/htmx/htmx.min.js",
)

INSTALL_HINT = (
    "Run `bash scripts/setup.sh web` (or `bash scripts/build_frontend.sh`; both need npm) to "
    "install them. Until then the pages work, unstyled and without JavaScript."
)


def missing_vendor_files() -> list[str]:
    """The front-end files the pages load that are not in place, as static paths."""
    static_root = VENDOR_DIR.parent
    return [name for name in VENDOR_FILES if not (static_root / name).exists()]


def missing_message() -> str | None:
    """A sentence saying what is missing and how to install it; None when all is there."""
    missing = missing_vendor_files()
    if not missing:
        return None
    return (
        "The GOV.UK Design System and htmx files are missing from "
        f"{VENDOR_DIR} ({', '.join(missing)}). {INSTALL_HINT}"
    )
