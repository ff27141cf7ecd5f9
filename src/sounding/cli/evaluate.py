"""`sounding evaluate ...`: run Sounding's Inspect tasks against models (or Sounding itself)
and write the logs and an HTML report to share."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from sounding.cli.console import labelled, print_error, stdout
from sounding.cli.consult import friendly_errors

if TYPE_CHECKING:
    from inspect_ai.log import EvalLog

app = typer.Typer(
    rich_markup_mode=None,
    help="Evaluate models, and Sounding itself, on Sounding's tasks (Inspect format).",
    no_args_is_help=True,
)

ReportOpt = Annotated[Path, typer.Option("--report", help="Where to write the HTML report.")]


@app.command("run")
@friendly_errors
def run(
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model",
            "-m",
            help="An Inspect model (provider/model, e.g. openai/gpt-4o-mini, mockllm/model) "
            "or Sounding's system (sounding/system, sounding/consult, sounding/ask, "
            "sounding/assist); repeat to compare models. Default: sounding/system, offline.",
        ),
    ] = None,
    tasks: Annotated[
        list[str] | None,
        typer.Option("--tasks", "-t", help="Tasks to run, comma-separated (default: all)."),
    ] = None,
    task_arg: Annotated[
        list[str] | None,
        typer.Option("--task-arg", "-T", help="A task argument, KEY=VALUE (e.g. source=demo)."),
    ] = None,
    model_arg: Annotated[
        list[str] | None,
        typer.Option(
            "--model-arg",
            "-M",
            help="An argument for the sounding/* models, KEY=VALUE (wrap=openai/gpt-4o-mini "
            "to wrap an Inspect model, llm=true for the model sounding.toml's llm table sets, "
            "settings=PATH for a settings TOML file).",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Run at most this many samples of each task.")
    ] = None,
    log_dir: Annotated[Path, typer.Option(help="Where Inspect writes its .eval logs.")] = Path(
        "evaluation/logs"
    ),
    report: ReportOpt = Path("evaluation/report.html"),
    max_retries: Annotated[
        int, typer.Option(min=0, help="Times a failed model request is tried again.")
    ] = 3,
    timeout: Annotated[
        int, typer.Option(min=1, help="Seconds a model request may take before it fails.")
    ] = 120,
) -> None:
    """Run the suite and write Inspect's logs and a self-contained HTML report.

    `inspect view --log-dir LOG_DIR` opens the logs."""
    from sounding.evaluate.report import write_report
    from sounding.evaluate.suite import (
        DEFAULT_MODEL,
        chosen_tasks,
        failure,
        parse_args,
        run_suite,
    )

    models = list(model or [DEFAULT_MODEL])
    logs = run_suite(
        models,
        chosen_tasks(tasks),
        log_dir,
        limit=limit,
        task_args=parse_args(task_arg or []),
        model_args=parse_args(model_arg or []),
        # Inspect's progress bars where someone is watching; nothing in a pipe or a log.
        display="rich" if sys.stdout.isatty() else "none",
        max_retries=max_retries,
        timeout=timeout,
    )
    stdout.print(scores_table(logs))
    failed = [(log, why) for log in logs if (why := failure(log))]
    for log, why in failed:
        print_error(
            f"{log.eval.task.split('/')[-1]} with {log.eval.model}: {why}",
            f"The log has the details: inspect view --log-dir {log_dir}",
        )
    written = write_report([Path(log.location) for log in logs if log.location], report)
    stdout.print(labelled("Logs:", str(log_dir)))
    stdout.print(labelled("Report:", str(written)))
    if failed:
        raise typer.Exit(1)


def samples_run(log: EvalLog) -> str:
    """How many samples a run scored ("40 samples", "40 samples, 3 failed"), or its status
    where it stopped ("error")."""
    if log.status != "success":
        return str(log.status)
    samples = log.samples or []
    failed = sum(1 for sample in samples if sample.error)
    return f"{len(samples)} samples" + (f", {failed} failed" if failed else "")


def scores_table(logs: Sequence[EvalLog]) -> Table:
    """Each task's main scores with their 95% intervals, a column per model, as the report's
    comparison shows them; on the task's own row, how many samples each model ran."""
    from sounding.evaluate.report import comparison, run_of

    runs = [run_of(log) for log in logs]
    ran = {(run.name, run.model): samples_run(log) for run, log in zip(runs, logs, strict=True)}
    models, rows = comparison(runs, others=False)
    table = Table("Task and measure", *models)
    for task in dict.fromkeys(run.name for run in runs):
        table.add_row(Text(task, style="bold"), *(ran.get((task, m), "–") for m in models))
        for row in rows:
            if row.task == task:
                table.add_row(Padding(row.measure, (0, 0, 0, 2)), *row.cells)
    return table


@app.command("report")
@friendly_errors
def report_command(
    logs: Annotated[list[Path], typer.Argument(help=".eval log files, or folders holding them.")],
    report: ReportOpt = Path("evaluation/report.html"),
) -> None:
    """Write the HTML report from existing Inspect logs (any of Sounding's tasks)."""
    from sounding.evaluate.report import write_report

    stdout.print(labelled("Report:", str(write_report(logs, report))))


@app.command("tasks")
def list_tasks() -> None:
    """List the tasks: `inspect eval sounding/<task> --model provider/model` runs one."""
    from sounding.evaluate import tasks as module

    for name in module.TASKS:
        doc = (getattr(module, name).__doc__ or "").strip().split("\n\n")[0]
        stdout.print(Text(f"sounding/{name}", style="bold"))
        stdout.print(Padding(" ".join(doc.split()), (0, 0, 0, 2), expand=False))
