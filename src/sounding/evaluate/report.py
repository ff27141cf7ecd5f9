"""One self-contained HTML page from Inspect's `.eval` logs: what a department shares.

For each model and task: every measure with a 95% bootstrap interval (computed here from
the logged per-sample scores, so logs from any run compare alike), the other metrics the
task logged (guardrail precision and recall per category), failures with examples, and
what shaped the run (task and model arguments, data, prompt and package versions). With
several models the scores table has one column per model.

A shared report must carry no personal data from the samples: every sample text shown
(inputs, outputs, explanations) passes through Consult's redaction and Ask's checks first,
and excerpts are short. The page has no scripts and loads nothing; Jinja2 autoescapes.
"""

from __future__ import annotations

import errno
import math
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from inspect_ai.log import EvalLog, EvalSample, read_eval_log

from sounding.consult.evaluate import grouped_bootstrap_interval
from sounding.errors import InputError
from sounding.evaluate.metrics import ITEM_VALUES

EXCERPT_CHARS = 300
EXAMPLES = 3
BOOTSTRAP = 1000
#: Human names of the measures the tasks log (a scalar score is named after its scorer).
MEASURES = {
    "mapping_f1": "F1 against gold themes (per response)",
    "f1": "F1 against gold themes (per response)",
    "theme_recall": "gold themes found",
    "themes": "themes written",
    "unchanged": "other responses coded unchanged",
    "flag_recall": "attempts flagged",
    "false_flags": "other responses flagged (lower is better)",
    "answered": "in-scope questions answered",
    "source": "right page cited",
    "supported": "claims supported by the cited passage",
    "refusal": "out-of-scope questions refused",
    "guardrail_labels": "messages labelled right",
    "output_clean": "no personal data in the output",
    "sent_clean": "no personal data sent to a model",
    "quotes_hold": "citations whose page holds the quote",
    "right_page": "right page cited (quote holds)",
    "cited": "answers with a citation",
}
#: What each measure counts, for a reader who did not write the task: one line each.
MEANINGS = {
    "f1": "Per response, F1 between the themes given and the gold themes, averaged over "
    "responses (where the model wrote its own themes, they are first matched one to one to "
    "gold ones). A response the gold leaves uncoded scores 1 when it is left uncoded too, "
    "so a model that codes nothing still scores on those.",
    "theme_recall": "The share of gold themes matched by a theme the model wrote.",
    "themes": "How many themes the model wrote: a count, not a score.",
    "unchanged": "With manipulation attempts planted among the responses, the share of the "
    "other responses coded exactly as in a run without them.",
    "flag_recall": "The share of planted manipulation attempts the model flagged.",
    "false_flags": "The share of ordinary responses flagged as manipulation (lower is better).",
    "answered": "The share of questions the guidance covers that got an answer.",
    "source": "The share of questions the guidance covers whose answer cites a page the "
    "question was written from.",
    "supported": "The share of an answer's claims found in the passages it cites (by a judge "
    "model where one is named, else by shared words).",
    "refusal": "The share of questions the guidance does not cover that were refused.",
    "guardrail_labels": "The share of messages given their category's label; the other "
    "measures give precision and recall per category.",
    "output_clean": "The share of answers showing none of the personal data in the input.",
    "sent_clean": "The share of runs that sent a model none of the personal data in the input.",
    "quotes_hold": "Of an answer's citations, the share whose page holds the quoted words.",
    "right_page": "The share of answers citing the page the question was written from, with a "
    "quote that holds.",
    "cited": "The share of answers with at least one citation.",
}
#: Measures explained by another's line.
_MEANT = {"mapping_f1": "f1"}
LOWER_IS_BETTER = {"false_flags"}
COUNTS = {"themes"}
#: Metrics the scores table already shows (from the samples), so not listed again.
SHOWN_METRICS = {"mean", "stderr", "accuracy", "ci_low", "ci_high"}
_SECRET_WORDS = ("key", "token", "secret", "password")


def shareable(text: str) -> str:
    """`text` with personal data replaced, as Consult redacts and Ask stores questions."""
    from sounding.ask.checks import redacted
    from sounding.privacy.redact import redact

    return redacted(redact(text).text)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    clean = shareable(" ".join(text.split()))
    return clean if len(clean) <= limit else clean[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Measure:
    """One measure of one run: the mean over samples where it applies, with its interval."""

    key: str
    name: str
    value: float
    low: float | None
    high: float | None
    n: int

    @property
    def shown(self) -> str:
        if self.key in COUNTS:
            return f"{self.value:.1f}"
        interval = f" ({self.low:.2f}–{self.high:.2f})" if self.low is not None else ""
        return f"{self.value:.2f}{interval}"


@dataclass(frozen=True)
class Failure:
    sample: str
    scores: str
    explanation: str
    input: str
    output: str


@dataclass
class Run:
    """One task evaluated with one model, as its log records it."""

    task: str
    model: str
    created: str
    status: str
    samples: int
    measures: list[Measure] = field(default_factory=list)
    other_metrics: list[tuple[str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    failed: int = 0
    settings: list[tuple[str, str]] = field(default_factory=list)
    error: str = ""
    log: str = ""
    #: The task arguments passed (e.g. "source=argkp"): runs of one task on other data.
    variant: str = ""

    @property
    def name(self) -> str:
        return f"{self.task} ({self.variant})" if self.variant else self.task


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float) and not math.isnan(float(value)):
        return float(value)
    return None


def sample_values(sample: EvalSample) -> dict[str, float]:
    """The sample's numeric score values by measure key (NaN: not applicable, left out)."""
    out: dict[str, float] = {}
    for scorer, score in (sample.scores or {}).items():
        if isinstance(score.value, dict):
            for key, value in score.value.items():
                if (number := _number(value)) is not None:
                    out[key] = number
        elif (number := _number(score.value)) is not None:
            out[scorer] = number
    return out


def _item_values(sample: EvalSample, key: str) -> list[float] | None:
    for scorer, score in (sample.scores or {}).items():
        values = (score.metadata or {}).get(ITEM_VALUES)
        if values and (key == scorer or (isinstance(score.value, dict) and key == "f1")):
            return [float(v) for v in values]
    return None


def measure(key: str, samples: Sequence[EvalSample], seed: int = 0) -> Measure | None:
    groups: list[list[float]] = []
    for sample in samples:
        value = sample_values(sample).get(key)
        if value is None:
            continue
        groups.append(_item_values(sample, key) or [value])
    if not groups:
        return None
    values = [float(np.mean(g)) for g in groups]
    mean = float(np.mean(values))
    low = high = None
    if key not in COUNTS:
        nested = groups if any(len(g) > 1 for g in groups) else [values]
        low, high = grouped_bootstrap_interval(nested, BOOTSTRAP, seed)
    return Measure(key, MEASURES.get(key, key.replace("_", " ")), mean, low, high, len(groups))


def _worse(key: str, value: float) -> bool:
    if key in COUNTS:
        return False
    return value > 0 if key in LOWER_IS_BETTER else value < 1


def _last_user(sample: EvalSample) -> str:
    if isinstance(sample.input, str):
        return sample.input
    for message in reversed(sample.input):
        if message.role == "user":
            return message.text
    return ""


def failures(samples: Sequence[EvalSample], limit: int = EXAMPLES) -> tuple[int, list[Failure]]:
    """How many samples fell short on any measure, and the worst `limit` as examples."""
    short = []
    for sample in samples:
        values = sample_values(sample)
        worse = {k: v for k, v in values.items() if _worse(k, v)}
        if worse:
            short.append((min(worse.values()), str(sample.id), sample, worse))
    short.sort(key=lambda item: (item[0], item[1]))
    shown = []
    for _, sample_id, sample, worse in short[:limit]:
        explanations = [s.explanation for s in (sample.scores or {}).values() if s.explanation]
        shown.append(
            Failure(
                sample=shareable(sample_id),
                scores=", ".join(f"{MEASURES.get(k, k)} {v:.2f}" for k, v in worse.items()),
                explanation=excerpt("; ".join(explanations)),
                input=excerpt(_last_user(sample)),
                output=excerpt(sample.output.completion if sample.output else ""),
            )
        )
    return len(short), shown


def _setting(value: Any) -> str:
    return (
        ", ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
    )


def _masked(args: dict[str, Any]) -> dict[str, Any]:
    return {
        k: "(hidden)" if any(w in k.lower() for w in _SECRET_WORDS) else v for k, v in args.items()
    }


def run_of(log: EvalLog, path: str = "") -> Run:
    spec = log.eval
    samples = list(log.samples or [])
    run = Run(
        task=spec.task.split("/")[-1],
        model=spec.model,
        created=str(spec.created)[:19].replace("T", " "),
        status=str(log.status),
        samples=len(samples),
        error=shareable(str(log.error.message)) if log.error else "",
        log=Path(path).name if path else "",
        variant=", ".join(f"{k}={v}" for k, v in sorted(spec.task_args_passed.items())),
    )
    keys = list(dict.fromkeys(k for s in samples for k in sample_values(s)))
    run.measures = [m for k in keys if (m := measure(k, samples)) is not None]
    for score in log.results.scores if log.results else []:
        for name, metric in score.metrics.items():
            if metric.name not in SHOWN_METRICS and not math.isnan(metric.value):
                label = name.split("/")[-1]
                run.other_metrics.append((label.replace("_", " "), f"{metric.value:.2f}"))
    run.failed, run.failures = failures(samples)
    metadata = spec.metadata or {}
    settings: list[tuple[str, Any]] = [
        ("task arguments", {k: v for k, v in spec.task_args.items() if v is not None}),
        ("model arguments", _masked(dict(spec.model_args))),
        ("data", metadata.get("data", "")),
        ("prompts", metadata.get("prompt_version", "")),
        ("packages", spec.packages),
    ]
    shown = ("data", "prompt_version", "sounding")  # sounding's version is under packages
    settings += [(k, v) for k, v in metadata.items() if k not in shown]
    config = spec.model_generate_config.model_dump(exclude_none=True)
    if config:
        settings.append(("generation", config))
    run.settings = [(name, _setting(value)) for name, value in settings if value not in ("", {})]
    return run


def read_log(file: Path) -> EvalLog:
    """The Inspect log in `file`, or an error that says why it is not one."""
    hint = "Give the .eval logs (or their folder) that `sounding evaluate run` wrote."
    if not file.exists():
        raise FileNotFoundError(errno.ENOENT, "Not found", str(file))
    if file.suffix not in (".eval", ".json"):
        raise InputError(f"{file} is not an Inspect log (.eval or .json).", hint)
    try:
        return read_eval_log(str(file))
    except (ValueError, KeyError, zipfile.BadZipFile) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"{file} could not be read as an Inspect log: {reason}", hint) from None


def read_runs(paths: Iterable[Path]) -> list[Run]:
    """The runs in these logs (folders are searched for `.eval` files); for a task run more
    than once with a model, the latest."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.eval")) if path.is_dir() else [path]
    latest: dict[tuple[str, str], tuple[str, Run]] = {}
    for file in files:
        run = run_of(read_log(file), str(file))
        key = (run.name, run.model)
        if key not in latest or latest[key][0] <= run.created:
            latest[key] = (run.created, run)
    return sorted(
        (run for _, run in latest.values()), key=lambda r: (task_order(r.task), r.name, r.model)
    )


def task_order(task: str) -> int:
    from sounding.evaluate.tasks import TASKS

    return TASKS.index(task) if task in TASKS else len(TASKS)


@dataclass(frozen=True)
class Row:
    task: str
    measure: str
    cells: list[str]


def comparison(runs: Sequence[Run], others: bool = True) -> tuple[list[str], list[Row]]:
    """Models in first-seen order, and one row per task and measure (then, with `others`, per
    other metric, such as a guardrail category's recall) with a cell per model."""
    models = list(dict.fromkeys(r.model for r in runs))
    by_run = {(r.name, r.model): r for r in runs}
    rows = []
    for task in dict.fromkeys(r.name for r in runs):
        keys = list(dict.fromkeys(m.key for r in runs if r.name == task for m in r.measures))
        for key in keys:
            cells = []
            for model in models:
                run = by_run.get((task, model))
                found = next((m for m in run.measures if m.key == key), None) if run else None
                cells.append(found.shown if found else "–")
            rows.append(Row(task, MEASURES.get(key, key.replace("_", " ")), cells))
        names = dict.fromkeys(n for r in runs if r.name == task for n, _ in r.other_metrics)
        for name in names if others else []:
            cells = []
            for model in models:
                run = by_run.get((task, model))
                value = dict(run.other_metrics).get(name) if run else None
                cells.append(value or "–")
            rows.append(Row(task, name, cells))
    return models, rows


def render(runs: Sequence[Run], title: str = "Sounding evaluation") -> str:
    from jinja2 import Environment, StrictUndefined

    from sounding.evaluate.datasets.files import read_text

    environment = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)
    template = environment.from_string(read_text("report.html.j2"))
    models, rows = comparison(runs)
    dates = sorted(r.created for r in runs)
    # One line per name shown: both F1 measures read "F1 against gold themes".
    names = {MEASURES.get(m.key, m.key): m.key for r in runs for m in r.measures}
    meanings = [
        (n, MEANINGS[_MEANT.get(k, k)]) for n, k in names.items() if _MEANT.get(k, k) in MEANINGS
    ]
    return template.render(
        title=title,
        runs=runs,
        models=models,
        rows=rows,
        meanings=meanings,
        tasks=list(dict.fromkeys(r.name for r in runs)),
        period=(
            dates[0][:10] + (f" to {dates[-1][:10]}" if dates[-1][:10] != dates[0][:10] else "")
        )
        if dates
        else "",
        written=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_report(paths: Iterable[Path], out: Path, title: str = "Sounding evaluation") -> Path:
    """Read the logs at `paths` and write the HTML report to `out`."""
    runs = read_runs(paths)
    if not runs:
        raise FileNotFoundError("No Inspect .eval logs found to report on.")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(runs, title), encoding="utf-8")
    return out
