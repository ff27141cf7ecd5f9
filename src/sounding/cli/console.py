"""Terminal adapters: rich progress bars and error printing for the CLI.

Both consoles print text as written: Rich markup is off, since what is printed (column
names, file paths, error messages, hints such as "[llm]") comes from users and libraries,
and a bracketed word would otherwise be read as a style and vanish. Styles are given as
`Text` parts or `style=` instead.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

console = Console(stderr=True, markup=False, highlight=False)
stdout = Console(markup=False, highlight=False)


def print_error(message: str, hint: str) -> None:
    """An error a user can fix, and what to do about it, on stderr."""
    console.print(Text.assemble(("Error:", "bold red"), " ", message))
    if hint:
        console.print(Text.assemble(("What to do:", "yellow"), " ", hint))


def print_note(message: str) -> None:
    """What a stage noticed and the analyst may want to check, on stderr. Called a note,
    not a warning: most say what was done ("2 groups were split by tone"), not that
    something went wrong."""
    console.print(Text.assemble(("Note:", "bold yellow"), " ", message))


def labelled(label: str, value: str) -> Text:
    """ "Label value" with the value in bold, e.g. where an output was written."""
    return Text.assemble(label, " ", (value, "bold"))


#: Columns a progress line keeps for its bar, times and the gaps between (its count takes
#: as many more as it needs); the stage's name has the rest, so a long question name never
#: squeezes the bar and count off an 80-column terminal.
PROGRESS_FIXED_WIDTH = 35


class RichProgress:
    """Shows one bar per stage; implements `sounding.progress.Progress`."""

    def __init__(self, enabled: bool = True, out: Console | None = None) -> None:
        self._console = out or console
        self._bar = Progress(
            TextColumn("{task.description}", style="bold", markup=False),
            BarColumn(bar_width=16),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self._console,
            disable=not enabled,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def start(self, stage: str, total: int) -> None:
        count = 2 * len(str(total)) + 1  # "done/total"
        room = max(20, self._console.width - PROGRESS_FIXED_WIDTH - count)
        if len(stage) > room:
            stage = stage[: room - 1].rstrip() + "…"
        self._task = self._bar.add_task(stage, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, amount)

    def finish(self) -> None:
        if self._task is not None:
            self._bar.update(self._task, completed=self._bar.tasks[-1].total)
        self._task = None
