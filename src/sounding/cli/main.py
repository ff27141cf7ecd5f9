"""`sounding` command line: the entry point and its sub-commands."""

from __future__ import annotations

from typing import Annotated

import typer

from sounding import __version__
from sounding.config import configure_libraries

configure_libraries()  # before any command imports them

from sounding.cli.ask import app as ask_app  # noqa: E402
from sounding.cli.assist import app as assist_app  # noqa: E402
from sounding.cli.consult import app as consult_app  # noqa: E402
from sounding.cli.evaluate import app as evaluate_app  # noqa: E402
from sounding.cli.web import serve, worker  # noqa: E402

app = typer.Typer(
    rich_markup_mode=None,
    name="sounding",
    help="Analyse consultations, answer from guidance and evaluate models: any model, or none.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(consult_app, name="consult")
app.add_typer(ask_app, name="ask")
app.add_typer(assist_app, name="assist")
app.add_typer(evaluate_app, name="evaluate")
app.command("serve")(serve)
app.command("worker")(worker)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sounding {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Sounding: public bodies' AI on their own terms."""
