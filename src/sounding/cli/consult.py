"""`sounding consult ...`: analyse a consultation file, inspect its columns, run the demo."""

from __future__ import annotations

import functools
import re
import shlex
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich import box
from rich.table import Table

from sounding.cli.console import (
    RichProgress,
    console,
    labelled,
    print_error,
    print_note,
    stdout,
)
from sounding.config import Settings, load_settings
from sounding.consult.codebook import CodebookTheme
from sounding.consult.model import Analysis, Consultation, Status
from sounding.consult.normalise import clip_words
from sounding.consult.tabulate import COUNTED
from sounding.errors import SoundingError
from sounding.files.columns import ColumnOverrides, ColumnPlan, describe_plan
from sounding.services.inputs import read_consultation

app = typer.Typer(
    rich_markup_mode=None,
    help="Analyse public consultation responses.",
    no_args_is_help=True,
)

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(command: F) -> F:
    """Print a user's error as a message and a hint, without a traceback, and exit 2.

    Only errors the user can fix: a bug inside Sounding (a bare ValueError, say) keeps its
    traceback rather than passing for a mistake in the input."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except SoundingError as exc:
            print_error(exc.message, exc.hint)
        except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
            reason = (
                "Not found"
                if isinstance(exc, FileNotFoundError)
                else "Permission denied"
                if isinstance(exc, PermissionError)
                else "A file where a folder should be"
            )
            message = f"{reason}: {exc.filename}" if exc.filename else str(exc)
            print_error(message, "Check the path, and that you may read and write there.")
        raise typer.Exit(2)

    return wrapper  # type: ignore[return-value]


# Options shared by several commands.
FileArg = Annotated[
    Path,
    typer.Argument(
        help="CSV, TSV, Excel Unicode Text (.txt), XLSX or JSONL consultation file.", metavar="FILE"
    ),
]
SheetOpt = Annotated[
    str | None, typer.Option(help="XLSX sheet to read (default: the one with the most rows).")
]
IdOpt = Annotated[str | None, typer.Option(help="Column holding the respondent id.")]
TextOpt = Annotated[list[str] | None, typer.Option(help="An open-question column (repeatable).")]
ClosedOpt = Annotated[list[str] | None, typer.Option(help="A closed-question column (repeatable).")]
MetaOpt = Annotated[list[str] | None, typer.Option(help="A respondent attribute (repeatable).")]
LinkOpt = Annotated[
    list[str] | None,
    typer.Option(help="OPEN=CLOSED: the closed answer is the open one's stance (repeatable)."),
]
ColumnsOpt = Annotated[
    Path | None, typer.Option(help="TOML file of column roles (keys as the flags).")
]
ConfigOpt = Annotated[Path | None, typer.Option(help="Settings TOML file.")]
ProgressOpt = Annotated[
    bool | None, typer.Option("--progress/--no-progress", help="Draw progress bars.")
]


class EngineName(StrEnum):
    """Where the shardable stages run (consult.engine)."""

    LOCAL = "local"
    RAY = "ray"


RespondentsOpt = Annotated[int, typer.Option(min=10, help="How many respondents to generate.")]
SeedOpt = Annotated[int, typer.Option(help="Random seed for the generated responses.")]


def _overrides(
    columns_file: Path | None,
    id_column: str | None,
    text_columns: list[str] | None,
    closed_columns: list[str] | None,
    metadata_columns: list[str] | None,
    stance_links: list[str] | None,
) -> ColumnOverrides:
    base = ColumnOverrides.from_toml(columns_file) if columns_file else ColumnOverrides()
    links = None
    if stance_links:
        links = {}
        for link in stance_links:
            open_col, sep, closed_col = link.partition("=")
            if not sep or not open_col or not closed_col:
                raise SoundingError(
                    f"--stance-link {link!r} is not OPEN=CLOSED.",
                    "Write it as the open column, '=', then the closed column.",
                )
            links[open_col.strip()] = closed_col.strip()
    flags = {
        "id_column": id_column,
        "open_columns": text_columns or None,
        "closed_columns": closed_columns or None,
        "metadata_columns": metadata_columns or None,
        "stance_links": links,
    }
    for name, value in flags.items():
        if value is not None:
            setattr(base, name, value)
    return base


@app.command("inspect")
@friendly_errors
def inspect_file(
    file: FileArg,
    sheet: SheetOpt = None,
    id_column: IdOpt = None,
    text_column: TextOpt = None,
    closed_column: ClosedOpt = None,
    metadata_column: MetaOpt = None,
    stance_link: LinkOpt = None,
    columns: ColumnsOpt = None,
) -> None:
    """Show how each column would be used, and why, without analysing anything."""
    overrides = _overrides(
        columns, id_column, text_column, closed_column, metadata_column, stance_link
    )
    consultation, plan = read_consultation(file, sheet=sheet, overrides=overrides)
    table = Table(title=f"Columns of {file.name} ({plan.shape} shape)")
    table.add_column("Column", style="bold")
    table.add_column("Role")
    table.add_column("Why")
    for column, role, why in describe_plan(plan):
        table.add_row(column, role, why)
    stdout.print(table)
    _print_reading_notes(plan)
    # A question few answer leaves most of its cells empty: "1,050 responses" had counted
    # 325 empty "Any other comments?" cells as answers.
    empty = sum(1 for r in consultation.responses if not r.text.strip())
    stdout.print(
        f"{len(consultation.questions)} open question(s), {len(consultation.responses):,} "
        f"responses ({empty:,} of them empty), {len(consultation.rejections):,} rejected "
        "row(s)."
    )


@app.command(
    "analyse",
    # One line per paragraph: the help keeps a docstring's line breaks, which at 80 columns
    # broke a sentence in two.
    help="Find themes, campaigns and counts in a consultation and write a report.\n\n"
    "Offline by default; with --llm, any OpenAI-compatible model improves the wording of "
    "themes and the coding of responses.",
)
@friendly_errors
def analyse_file(
    file: FileArg,
    out: Annotated[Path, typer.Option(help="Folder for the report and tables.")],
    sheet: SheetOpt = None,
    id_column: IdOpt = None,
    text_column: TextOpt = None,
    closed_column: ClosedOpt = None,
    metadata_column: MetaOpt = None,
    stance_link: LinkOpt = None,
    columns: ColumnsOpt = None,
    config: ConfigOpt = None,
    model: Annotated[str | None, typer.Option(help="Embedding model name or path.")] = None,
    themes: Annotated[
        Path | None,
        typer.Option(
            help="Codebook (CSV/XLSX: id, label; optional question, description, stance): "
            "assign responses to these themes instead of discovering themes."
        ),
    ] = None,
    llm: Annotated[
        bool,
        typer.Option(
            "--llm", help="Let the configured language model name themes and code responses."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="With --llm: estimate calls, tokens and cost without calling the model; "
            "writes nothing.",
        ),
    ] = False,
    llm_sample: Annotated[
        int | None,
        typer.Option(
            "--llm-sample",
            min=20,
            help="With --llm, for very large consultations: the model codes a random sample "
            "of N distinct responses per question and a classifier trained on it codes the "
            "rest; their agreement on held-out responses is reported.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(help="The report's title, e.g. the consultation's name (default: generic)."),
    ] = None,
    engine: Annotated[
        EngineName | None,
        typer.Option(
            case_sensitive=False,
            help="Where embedding, de-duplication and assignment run: local (this process, "
            "the default) or ray (Ray tasks; a private local cluster unless --address).",
        ),
    ] = None,
    address: Annotated[
        str | None,
        typer.Option(help="With --engine ray: the Ray cluster to join, e.g. ray://head:10001."),
    ] = None,
    progress: ProgressOpt = None,
) -> None:
    """Find themes, campaigns and counts in a consultation and write a report.

    Offline by default; with --llm, any OpenAI-compatible model improves the wording of
    themes and the coding of responses."""
    from sounding.files.codebook import read_codebook

    if dry_run and not llm:
        raise SoundingError("--dry-run estimates an LLM run.", "Add --llm.")
    if llm_sample is not None and not llm:
        raise SoundingError("--llm-sample sets how many responses the model codes.", "Add --llm.")
    if address is not None and engine is not EngineName.RAY:
        raise SoundingError("--address names a Ray cluster.", "Add --engine ray.")
    consult: dict[str, object] = {
        "llm_sample_size": llm_sample,
        "title": title,
        "engine": engine.value if engine else None,
        "ray_address": address,
    }
    settings = load_settings(
        config,
        embedding_model=model,
        show_progress=progress,
        consult={k: v for k, v in consult.items() if v is not None} or None,
    )
    overrides = _overrides(
        columns, id_column, text_column, closed_column, metadata_column, stance_link
    )
    consultation, plan = read_consultation(file, sheet=sheet, overrides=overrides)
    codebook = read_codebook(themes, consultation) if themes else None
    _print_not_analysed(plan, file)
    _run(consultation, out, settings, codebook, llm=llm, dry_run=dry_run)


#: Columns named one by one as not analysed; the rest are counted.
_SHOWN_IGNORED = 5


def _print_not_analysed(plan: ColumnPlan, file: Path) -> None:
    """Name the columns (and title rows) left out, so a question that was always empty or
    a column that reads as a respondent detail does not vanish from the run without a word."""
    _print_reading_notes(plan)
    if not plan.ignored_columns:
        return
    for column in plan.ignored_columns[:_SHOWN_IGNORED]:
        stdout.print(f"Not analysed: '{column}' ({plan.reasons.get(column, 'ignored')}).")
    if (hidden := len(plan.ignored_columns) - _SHOWN_IGNORED) > 0:
        stdout.print(f"Not analysed: {hidden} more column(s).")
    # The file as it was given, so the command runs from where this one did.
    # The command on a line of its own: beside the words, a file's name took it past 80
    # columns, and the terminal broke it inside the command.
    stdout.print("Why each column was read as it was:")
    stdout.print(f"  sounding consult inspect {shlex.quote(str(file))}", soft_wrap=True)


def _print_reading_notes(plan: ColumnPlan) -> None:
    """Say how the file was read where it was not plain: a title row left out, the sheet
    read and those not, repeated column names told apart, formulas with no result."""
    for note in plan.notes:
        stdout.print(f"Note: {note}")
    if plan.unread_sheets:
        stdout.print("To read another sheet: --sheet NAME.")


@app.command("demo")
@friendly_errors
def demo(
    out: Annotated[Path, typer.Option(help="Folder for data and report.")] = Path("sounding-demo"),
    respondents: RespondentsOpt = 600,
    seed: SeedOpt = 7,
    config: ConfigOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Generate the demo consultation and analyse it offline: the whole job in one command."""
    from sounding.demo.consultation import QUESTIONS, write_demo

    settings = load_settings(config, show_progress=progress)
    out.mkdir(parents=True, exist_ok=True)
    data = write_demo(out / "demo-consultation.csv", respondents=respondents, seed=seed)
    console.print(labelled(f"Generated {respondents} respondents in", str(data)))
    consultation, _ = read_consultation(data, question_texts=QUESTIONS)
    _run(consultation, out / "report", settings)


@app.command("generate-demo")
@friendly_errors
def generate_demo(
    file: Annotated[Path, typer.Argument(help="CSV file to write.")],
    respondents: RespondentsOpt = 600,
    seed: SeedOpt = 7,
    campaign_share: Annotated[
        float,
        typer.Option(
            min=0.0,
            max=0.9,
            help="Share of respondents who send the campaign letter (0.08; 0.58 makes about "
            "30% of all answers campaign copies, as in national consultations).",
        ),
    ] = 0.08,
) -> None:
    """Write the demo consultation as a CSV, without analysing it."""
    from sounding.demo.consultation import write_demo

    write_demo(file, respondents=respondents, seed=seed, campaign_share=campaign_share)
    console.print(labelled(f"Wrote {respondents} respondents to", str(file)))


def _run(
    consultation: Consultation,
    out: Path,
    settings: Settings,
    codebook: list[CodebookTheme] | None = None,
    llm: bool = False,
    dry_run: bool = False,
) -> Analysis:
    from contextlib import nullcontext

    from sounding.services.consult import analyse
    from sounding.services.model import llm_usage, open_model
    from sounding.storage.checkpoints import FileCheckpoints, run_digest
    from sounding.versions import package_versions

    started = time.perf_counter()
    # A run stopped half-way and started again goes on from the questions it finished.
    checkpoints = None
    if not dry_run:
        # A new version of Sounding or of a library it uses never resumes an older run.
        extra = [codebook, llm, package_versions()]
        digest = run_digest(consultation, settings.public_dict(), extra)
        checkpoints = FileCheckpoints(settings.home / "runs" / digest[:32])
    with (
        open_model(settings, dry_run) if llm else nullcontext() as model,
        RichProgress(settings.show_progress) as bar,
    ):
        analysis = analyse(
            consultation, None if dry_run else out, settings, bar, codebook, model, checkpoints
        )
    if checkpoints is not None:
        checkpoints.clear()
    if resumed := analysis.timings.get("resumed_questions"):
        stdout.print(f"Resumed: {resumed:.0f} question(s) finished by an earlier, stopped run.")
    if model is not None:
        _print_usage(llm_usage(model, settings), settings, dry_run)
    if dry_run:
        return analysis
    _print_summary(analysis, time.perf_counter() - started)
    _print_notes(analysis)
    stdout.print()
    stdout.print(labelled("Report:", str((out / "report.html").resolve())))
    return analysis


def _print_usage(usage: dict[str, Any], settings: Settings, dry_run: bool) -> None:
    title = "Estimated LLM use (dry run: nothing was sent)" if dry_run else "LLM use"
    table = Table(title=title)
    for name in ("Calls", "Cached", "Prompt tokens", "Completion tokens", "Cost"):
        table.add_column(name, justify="right")
    table.add_row(
        f"{usage['calls']:,}",
        f"{usage['cached_calls']:,}",
        f"{usage['prompt_tokens']:,}",
        f"{usage['completion_tokens']:,}",
        "unknown" if usage["cost"] is None else f"{usage['cost']:.4f}",
    )
    stdout.print(table)
    if usage["cost"] is None:
        stdout.print(
            "Cost unknown: no prices are set (llm.price_in_per_million and "
            "llm.price_out_per_million, per million tokens)."
        )
    if by_purpose := usage.get("calls_by_purpose"):
        parts = ", ".join(
            f"{name.removeprefix('consult.').replace('_', ' ')} {n:,}"
            for name, n in by_purpose.items()
        )
        stdout.print(f"Calls by step: {parts}.")
    if settings.llm is not None:
        stdout.print(f"Model {settings.llm.model} at {settings.llm.host}.")


def _print_notes(analysis: Analysis) -> None:
    """Sample coding's agreement, links across questions and what stages noticed."""
    for qa in analysis.questions:
        coding = qa.coding
        if coding:
            line = (
                f"{qa.question.id}: the model coded {coding.get('coded_by_model', 0):,} sampled "
                f"responses, a classifier the other {coding.get('coded_by_classifier', 0):,}"
            )
            if coding.get("compared"):
                line += (
                    f"; on {coding['compared']:,} held-out responses they agree with F1 "
                    f"{coding['agreement_f1']:.2f} ({coding['exact_agreement']:.0%} identical)"
                )
            stdout.print(line + ".")
        for note in qa.notes:
            print_note(f"{qa.question.id}: {note}")
    if analysis.links:
        stdout.print(f"{len(analysis.links)} point(s) recur across questions (cross_question.csv).")
    for note in analysis.notes:
        stdout.print(note)


def question_name(text: str, limit: int = 60) -> str:
    """A question as the summary table names it: its first sentence where that asks the
    question, cut between words near `limit` characters. At 80 columns the demo's "What
    exemptions, if any, should apply to the ban? For example, for particular vehicles…" had
    filled seven lines of a narrow column."""
    text = " ".join(text.split())
    asked = re.match(r"[^?]{8,}?\?(?=\s)", text)
    return clip_words(asked.group(0) if asked else text, limit)


def _print_summary(analysis: Analysis, seconds: float) -> None:
    # Light rules, counts never cut and long question ids folded so the table reads in an
    # 80-column terminal.
    table = Table(
        title=f"Consult summary ({seconds:.1f} s)",
        # Copies are counted where their themes put them, as the report counts them:
        # "Themed 146" beside 243 answers carrying themes, and "Other 1" beside the
        # report's "2 fit no theme", had read as figures that disagree.
        caption="Themed and Other include Copies: answers that repeat an earlier one, coded "
        'with it. Blank: no words or no answer ("n/a"). Rej.: rejected, with the reason in '
        "responses.csv. Camp.: campaigns.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    # A question by its text: a long table's ids are slugs, folded mid-word at 80 columns.
    names = [question_name(qa.question.text or qa.question.id) for qa in analysis.questions]
    table.add_column("Question", overflow="fold", min_width=min(max(map(len, names)), 12))
    for name in ("Total", "Themed", "Other", "Blank", "Rej.", "Copies", "Themes", "Camp."):
        table.add_column(name, justify="right", no_wrap=True)  # a count is never cut
    for qa, name in zip(analysis.questions, names, strict=True):
        counted = [o for o in qa.outcomes if o.status in COUNTED]
        themed = sum(1 for o in counted if o.theme_ids)
        table.add_row(
            name,
            *(
                f"{n:,}"
                for n in (
                    len(qa.outcomes),
                    themed,
                    len(counted) - themed,
                    qa.count(Status.BLANK),
                    qa.count(Status.REJECTED),
                    qa.count(Status.DUPLICATE),
                    len(qa.themes),
                    len(qa.campaigns),
                )
            ),
        )
    stdout.print(table)


@app.command("evaluate")
@friendly_errors
def evaluate_analysis(
    out_dir: Annotated[Path, typer.Argument(help="Folder written by `sounding consult analyse`.")],
    gold: Annotated[
        Path,
        typer.Option(help="Human coding: one row per response_id, question, theme_id [, stance]."),
    ],
    report: Annotated[
        Path | None, typer.Option(help="JSON file to write (default: OUT_DIR/evaluation.json).")
    ] = None,
    mode: Annotated[
        str,
        typer.Option(help="auto, discovery (own themes) or mapping (themes are gold ids)."),
    ] = "auto",
    seed: Annotated[int, typer.Option(help="Random seed for the bootstrap.")] = 0,
    bootstrap: Annotated[
        int, typer.Option(min=0, help="Bootstrap resamples for the 95% interval (0: none).")
    ] = 1000,
) -> None:
    """Score an analysis against human coding: per-response F1 and the measures behind it."""
    import json

    from sounding.consult.evaluate import MODES, evaluate
    from sounding.files.gold import load_evaluation_inputs

    chosen = mode.strip().lower()
    if chosen not in MODES:
        raise SoundingError(f"--mode {mode!r} is not a mode.", f"Use one of {', '.join(MODES)}.")
    codings, statuses = load_evaluation_inputs(out_dir, gold)
    result = evaluate(codings, statuses, mode=chosen, bootstrap=bootstrap, seed=seed)
    target = report or out_dir / "evaluation.json"
    data = {"analysis": str(out_dir), "gold": str(gold), **result.to_dict()}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    except OSError as error:
        raise SoundingError(f"Cannot write {target}: {error}", "Pick another --report.") from None
    _print_evaluation(result, gold.name)
    stdout.print()
    stdout.print(labelled("Evaluation:", str(target.resolve())))


#: Terminal width from which the evaluation table has room for each question's interval.
_WIDE_EVALUATION = 100


def _print_evaluation(result: Any, gold_name: str) -> None:
    """One row per question and a mean row, narrow enough for 80 columns; JSON has the rest."""
    from rich import box

    from sounding.consult.evaluate import RECALL_MIN_RESPONSES

    discovery = result.mode == "discovery"
    extra = {"P/R": "pairs"} if discovery else {"Micro": "micro", "Macro": "macro"}
    columns = {
        "Resp.": "n_responses",
        "Themes": "themes",
        "F1": "f1",
        "95% CI": "f1_interval",
        **extra,
        "Stance": "stance_macro_f1",
        "Other": "other_share",
    }
    # At 80 columns the per-question intervals left the questions nine characters, each
    # folded over five lines; the mean's interval is printed below, the rest are in the JSON.
    narrow = stdout.width < _WIDE_EVALUATION
    if narrow:
        del columns["95% CI"]
    overall = result.overall()
    rows = [q.to_dict() for q in result.questions]
    for row in [*rows, overall]:
        counts = [row["n_gold_themes"], row["n_predicted_themes"]]
        row["themes"] = "/".join(str(n) for n in counts + ([row["n_matched"]] if discovery else []))
        pairs = row["micro"]
        row["pairs"] = f"{pairs['precision']:.2f}/{pairs['recall']:.2f}" if pairs else None
    # A measure that applies nowhere (no bootstrap, no stance) takes no room at 80 columns.
    columns = {name: key for name, key in columns.items() if any(r[key] is not None for r in rows)}
    caption = "Themes: gold/predicted" + ("/matched" if discovery else "") + "."
    if discovery:
        caption += (
            " P/R: precision and recall of response-theme pairs, a theme matching no gold "
            "theme counting as wrong. F1 is per response: one rightly left without a theme "
            "scores 1, and a theme matching none is left out."
        )
    if narrow:
        caption += " Each question's 95% interval is in the JSON file."
    table = Table(
        title=f"Evaluation against {gold_name} ({result.mode} mode)",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE,
        pad_edge=False,
    )
    table.add_column("Question", overflow="fold", min_width=8)
    for name in columns:
        table.add_column(name, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            question_name(row["question"]), *(_eval_cell(row[key]) for key in columns.values())
        )
    table.add_section()
    table.add_row("Mean", *(_eval_cell(overall[key]) for key in columns.values()))
    stdout.print(table)
    interval = overall["f1_interval"]
    ci = f" (95% CI {interval[0]:.3f}–{interval[1]:.3f})" if interval else ""
    stdout.print(
        f"Mode: {result.mode} ({result.mode_reason}).\n"
        f"F1 {overall['f1']:.3f}{ci}, mean over {overall['n_questions']} question(s) and "
        f"{overall['n_responses']} gold responses. First theme: ARI "
        f"{_eval_cell(overall['ari'])}, NMI {_eval_cell(overall['nmi'])}."
        + (
            f" Rank correlation of matched theme counts {_eval_cell(overall['count_spearman'])}."
            f" Gold themes of {RECALL_MIN_RESPONSES} or more responses matched by a theme "
            f"(any overlap): {_eval_cell(overall['theme_recall'])}; by a theme given to half "
            f"their responses or more: {_eval_cell(overall['theme_recall_half'])}."
            if discovery
            else ""
        )
    )


def _eval_cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, dict):  # micro / macro averages: show their F1
        return f"{value['f1']:.3f}"
    if isinstance(value, list):
        return f"{value[0]:.2f}–{value[1]:.2f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
