"""`sounding ask ...`: index GOV.UK guidance, and ask it a question.

`sounding ask QUESTION` and `sounding ask index SOURCE` share one command group: a first
argument that is not a sub-command is the question.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text
from typer.core import TyperGroup

from sounding.cli.console import RichProgress, console, stdout
from sounding.cli.consult import ConfigOpt, ProgressOpt, friendly_errors
from sounding.config import load_settings
from sounding.errors import SoundingError
from sounding.services.ask import index_guidance, index_path, open_asker


class QuestionFirst(TyperGroup):
    """A group whose first argument, when it is not a sub-command, is a question.

    Options may come before it (`sounding ask --home H index SOURCE`), so the first
    argument is the first word that is neither an option nor an option's value, and
    anything after `--` is an argument even if it starts with "-" (`sounding ask -- "-5
    degrees: must I close?"`).
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        position = self._first_argument(ctx, args)
        if position is None:
            return super().parse_args(ctx, args)
        first = args[position]
        if position > 0 and args[position - 1] == "--":
            args = ["question", *args]
        elif first in self.commands:
            args = [first, *args[:position], *args[position + 1 :]]
        else:
            args = ["question", *args]
        return super().parse_args(ctx, args)

    def _first_argument(self, ctx: typer.Context, args: list[str]) -> int | None:
        """Where the first argument is in `args` (None where there is none)."""
        takes_value = {
            name
            for command in self.commands.values()
            for param in command.get_params(ctx)
            if getattr(param, "is_flag", None) is False  # an option taking a value
            for name in param.opts
        }
        skip = False
        for position, arg in enumerate(args):
            if arg == "--":
                return position + 1 if position + 1 < len(args) else None
            if skip:
                skip = False
            elif arg.startswith("-"):
                skip = arg in takes_value
            else:
                return position
        return None


app = typer.Typer(
    rich_markup_mode=None,
    cls=QuestionFirst,
    help='Answer questions from GOV.UK guidance: `sounding ask "QUESTION"`, after '
    "`sounding ask index SOURCE`.",
    no_args_is_help=True,
)

HomeOpt = Annotated[
    Path | None, typer.Option(help="Where the index lives (default: SOUNDING_HOME).")
]


@app.command("index")
@friendly_errors
def index(
    source: Annotated[
        Path, typer.Argument(help="A GOV.UK Content API JSON file, or a folder of them.")
    ],
    web: Annotated[
        bool,
        typer.Option(
            "--web", help="Index into the web app's database (DATABASE_URL, or SQLite in home)."
        ),
    ] = False,
    home: HomeOpt = None,
    config: ConfigOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Index GOV.UK content items; unchanged passages are never embedded again."""
    settings = load_settings(config, home=home, show_progress=progress)
    write = None
    if web:
        from sounding.web.entry import setup

        if home is not None:  # the web app finds its home as the settings do: SOUNDING_HOME
            os.environ["SOUNDING_HOME"] = str(home)
        setup()  # the web app's database, migrated
        from sounding.web.ask import store

        write = store.write
    with RichProgress(settings.show_progress) as bars:
        outcome = index_guidance(source, settings, bars, write=write)
    report = outcome.report
    stdout.print(
        f"Indexed {report.documents:,} pages as {report.passages:,} passages: "
        f"{report.embedded:,} embedded, {report.reused:,} unchanged, {report.removed:,} removed."
    )
    for reason, count in sorted(outcome.skipped.items()):
        stdout.print(f"Left out {count:,}: {reason}.")
    where = "the web app's database" if web else str(index_path(settings))
    stdout.print(Text.assemble("Index: ", (where, "bold")))


def _hanging(line: str, width: int) -> str:
    """`line` wrapped to `width` with continuation lines indented under its text: a list
    item's under the item, a source's under its title ("[1] Holiday entitlement › …"), so
    wrapped lines at 80 columns no longer start at the margin."""
    marker = re.match(r"(?:• |\[\d+\] )", line)
    indent = " " * len(marker.group(0)) if marker else ""
    return textwrap.fill(
        line, width=width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def print_answer(result: dict[str, Any]) -> None:
    width = max(stdout.width, 40)
    for line in str(result["answer"]).splitlines():
        stdout.print(_hanging(line, width), soft_wrap=True)
    if result["sources"]:
        stdout.print()
        stdout.print(Text("Sources", style="bold"))
        for number, source in enumerate(result["sources"], start=1):
            where = " › ".join(filter(None, [source["title"], source["heading"]]))
            stdout.print(_hanging(f"[{number}] {where}", width), soft_wrap=True)
            stdout.print(f"    {source['url']}", soft_wrap=True)  # unbroken, so it stays a link
    if result["status"] != "answered":
        console.print(Text(f"({result['status']})", style="dim"))


@app.command("question")
@friendly_errors
def question(
    text: Annotated[str, typer.Argument(metavar="QUESTION", help="The question to answer.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print status, answer, sources and steps as JSON.")
    ] = False,
    llm: Annotated[
        bool,
        typer.Option("--llm", help="Let the configured language model route and write the answer."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --llm: count calls without making them.")
    ] = False,
    home: HomeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Answer a question from the indexed guidance, with numbered sources.

    `sounding ask "How much is SSP?"` is short for `sounding ask question "How much is SSP?"`.
    """
    if dry_run and not llm:
        raise SoundingError("--dry-run counts an LLM run's calls.", "Add --llm.")
    if not text.strip():
        raise SoundingError("The question is empty.", 'Ask one: sounding ask "How much is SSP?"')
    settings = load_settings(config, home=home, show_progress=False)
    with open_asker(settings, use_llm=llm, dry_run=dry_run) as asker:
        result = asker.ask(text).as_dict()
    if as_json:
        stdout.print_json(json.dumps(result, ensure_ascii=False))
    else:
        print_answer(result)
