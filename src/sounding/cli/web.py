"""`sounding serve` and `sounding worker`: thin wrappers over `sounding.web.entry`."""

from __future__ import annotations

from typing import Annotated

import typer

from sounding.cli.console import console, labelled


def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback by default; put HTTPS in front).")
    ] = "127.0.0.1",
    worker: Annotated[
        bool,
        typer.Option("--worker/--no-worker", help="Also run analysis jobs in this process."),
    ] = True,
) -> None:
    """Start the analysts' web app (SQLite in SOUNDING_HOME, or DATABASE_URL)."""
    from sounding.web.entry import serve as run

    console.print(labelled("Sounding web app on", f"http://{host}:{port}/"), "(Ctrl+C to stop)")
    run(host=host, port=port, worker=worker)


def worker(
    once: Annotated[bool, typer.Option("--once", help="Stop when the queue is empty.")] = False,
) -> None:
    """Run the web app's background jobs (analyses) from the database queue."""
    from sounding.web.entry import work

    work(once=once)
