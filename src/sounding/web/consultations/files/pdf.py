"""The HTML report as PDF, printed by headless Chromium (Debian's `chromium` package).

The report is self-contained and escapes response text; Chromium still prints it under a
Content-Security-Policy that allows no script and no fetch (Chromium's
`scriptEnabled=false` switch would stop printing too), with every host name unresolvable
and a throw-away profile. Without Chromium on PATH, PDF export says so instead of failing obscurely.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser")
POLICY = (
    b'<meta http-equiv="Content-Security-Policy" '
    b"content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
)
TIMEOUT = 120


class PdfUnavailable(Exception):
    """PDF export cannot run here; the message says why, for analysts."""


def chromium() -> str | None:
    for name in NAMES:
        if found := shutil.which(name):
            return found
    return None


def html_to_pdf(html: bytes) -> bytes:
    exe = chromium()
    if exe is None:
        raise PdfUnavailable(
            "PDF export needs Chromium, which is not installed on this server. "
            "Install it (Debian/Ubuntu: apt-get install chromium) or download report.html "
            "and print it from your browser."
        )
    with tempfile.TemporaryDirectory(prefix="sounding-pdf-") as tmp:
        page, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_bytes(locked(html))
        command = [
            exe,
            "--headless",
            "--disable-gpu",
            "--disable-extensions",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--print-to-pdf={out}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--no-sandbox")  # Chromium refuses to run as root otherwise
        command.append(page.as_uri())
        try:
            done = subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as error:
            raise PdfUnavailable(f"Chromium took over {TIMEOUT} s to print the report.") from error
        if not out.exists() or out.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise PdfUnavailable(f"Chromium could not print the report. {detail[0]}".strip())
        return out.read_bytes()


def locked(html: bytes) -> bytes:
    """`html` with a policy forbidding script and fetches as the first thing in its head."""
    head = html.lower().find(b"<head>")
    if head < 0:
        return POLICY + html
    at = head + len(b"<head>")
    return html[:at] + POLICY + html[at:]
