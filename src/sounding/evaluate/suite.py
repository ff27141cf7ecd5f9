"""Running the suite: every task (or some) with one or more models, logs then the report.

Each model gets its own Inspect run so that the `sounding/…` providers' arguments (`-M`)
reach only them; every run writes its `.eval` logs into the same folder, which the report
then reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Inspect's error for a provider that lacks its API key or package (not exported publicly).
from inspect_ai._util.error import PrerequisiteError
from inspect_ai.log import EvalLog

from sounding.errors import InputError
from sounding.evaluate.tasks import TASKS

DEFAULT_MODEL = "sounding/system"
#: The Rich style tags Inspect writes into its error messages.
STYLE_TAG = r"\[/?(?:bold|italic|dim|red|green|yellow|blue|magenta|cyan)\]"
MODEL_HINT = (
    "Name a model as provider/model (openai/gpt-4o-mini, mockllm/model) or one of "
    "Sounding's: sounding/system, sounding/consult, sounding/ask, sounding/assist."
)
KEY_HINT = (
    "Set the provider's API key in the environment (OPENAI_API_KEY for openai/…). For an "
    "OpenAI-compatible local server (vLLM, Ollama, llama.cpp) set OPENAI_BASE_URL too, e.g. "
    "http://127.0.0.1:8080/v1, and any key; or evaluate Sounding around the model in "
    "sounding.toml's [llm] table: -m sounding/system -M llm=true."
)


def scalar(text: str) -> Any:
    """A command-line value as `inspect eval -T` reads it: 40 → 40, true → True, none →
    None, other text stays text."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("none", "null"):
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_args(pairs: Sequence[str]) -> dict[str, Any]:
    """KEY=VALUE pairs, as `inspect eval -T` and `-M` take them."""
    args: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{pair!r} is not KEY=VALUE.", "Write arguments as key=value.")
        args[key.strip()] = scalar(value)
    return args


def chosen_tasks(names: Sequence[str] | None) -> list[str]:
    """The tasks to run, in the suite's order (all when none are named)."""
    wanted = [n.strip().removeprefix("sounding/") for n in names or [] for n in n.split(",")]
    wanted = [n for n in wanted if n]
    unknown = [n for n in wanted if n not in TASKS]
    if unknown:
        raise InputError(
            f"Unknown task(s): {', '.join(unknown)}.", f"Choose from {', '.join(TASKS)}."
        )
    return [t for t in TASKS if not wanted or t in wanted]


def check_task_args(tasks: Sequence[str], task_args: dict[str, Any]) -> None:
    """Refuse a task argument none of `tasks` takes: Inspect passes each task only the ones
    it takes, so a misspelt `-T sorce=argkp` was dropped without a word."""
    import inspect

    from sounding.evaluate import tasks as defined

    taken = {p for t in tasks for p in inspect.signature(getattr(defined, t)).parameters}
    unknown = sorted(set(task_args) - taken)
    if unknown:
        raise InputError(
            f"No task chosen takes {', '.join(unknown)}.",
            f"Their arguments: {', '.join(sorted(taken)) or 'none'}.",
        )


def _bad_argument(error: BaseException) -> str | None:
    """The message of the ValueError a task raised on a bad argument value, where `error`
    is one (or a group holding one, as Inspect raises them)."""
    if isinstance(error, BaseExceptionGroup):
        found = error.subgroup(lambda e: isinstance(e, ValueError))
        return _bad_argument(found.exceptions[0]) if found else None
    return str(error) if isinstance(error, ValueError) else None


#: An exception as repr() writes it: RuntimeError('the model is down').
_EXCEPTION_REPR = re.compile(r"""^[A-Z]\w*\((["'])(.*)\1\)$""", re.DOTALL)
#: What Inspect's retrying leaves as a sample's error when a model's requests never succeed.
_RETRIES_FAILED = re.compile(r"^RetryError\(<Future at \w+ state=finished raised (\w+)>\)$")


def plain(message: object) -> str:
    """An Inspect error message on one line, without its Rich styles or "ERROR:" prefix (other
    bracketed words, such as "[llm]", stay); a request that failed every retry is said so."""
    text = re.sub(STYLE_TAG, "", str(message)).strip().removeprefix("ERROR: ")
    if wrapped := _EXCEPTION_REPR.match(text):  # a sample's error, as Inspect keeps it
        text = wrapped.group(2)
    if retried := _RETRIES_FAILED.match(text):
        return (
            f"the model's requests failed every time they were tried ({retried.group(1)}): "
            "check its address and that it is running."
        )
    parts = [" ".join(part.split()) for part in text.split("\n\n") if part.strip()]
    return " ".join(part if part[-1] in ".:!?" else part + "." for part in parts)


def unavailable(model: str, error: PrerequisiteError) -> InputError:
    """A model Inspect cannot start (no API key, a missing package), as the user's error."""
    message = plain(error.message)
    hint = (
        KEY_HINT
        if "environment" in message
        else "Install what it names in Sounding's environment, or choose another model."
    )
    return InputError(f"{model}: {message}", hint)


def _args_for(model: str, model_args: dict[str, Any] | None) -> dict[str, Any]:
    """The model arguments a model takes: Sounding's own (`sounding/…`) take them all, others
    none (they are options of Sounding's providers, not Inspect's)."""
    return dict(model_args or {}) if model.startswith("sounding/") else {}


def check_models(models: Sequence[str], model_args: dict[str, Any] | None = None) -> None:
    """Start each model (and the one a `sounding/…` model wraps) before any task runs, so a
    misspelt name or a missing API key is reported as such, not as every sample's error."""
    from inspect_ai.model import get_model

    if "config" in (model_args or {}):
        raise InputError(
            "-M config=… is taken by Inspect for the model's generation settings.",
            "Give Sounding's settings file as -M settings=PATH.",
        )
    for model in models:
        args = _args_for(model, model_args)
        wrapped = [str(args["wrap"])] if args.get("wrap") else []
        for name, kwargs in [(model, args), *((w, {}) for w in wrapped)]:
            try:
                get_model(name, **kwargs)
            except PrerequisiteError as exc:
                raise unavailable(name, exc) from None
            except ValueError as exc:  # Inspect's and Sounding's providers' own checks
                raise InputError(plain(exc), MODEL_HINT) from None


def failure(log: EvalLog) -> str:
    """Why a run did not score every sample ("" if it did): the run's error, or how many
    samples failed and the first one's error."""
    if log.status != "success":
        return plain(log.error.message) if log.error else f"The run ended {log.status}."
    samples = log.samples or []
    errors = [sample.error for sample in samples if sample.error]
    if not errors:
        return ""
    return f"{len(errors)} of {len(samples)} samples failed: {plain(errors[0].message)}"


def run_suite(
    models: Sequence[str],
    tasks: Sequence[str],
    log_dir: Path,
    *,
    limit: int | None = None,
    task_args: dict[str, Any] | None = None,
    model_args: dict[str, Any] | None = None,
    display: str = "none",
    max_retries: int = 3,
    timeout: int = 120,
) -> list[EvalLog]:
    """Run `tasks` with each of `models`, writing `.eval` logs into `log_dir`. A model
    request is tried `max_retries` more times and given `timeout` seconds: Inspect's own
    defaults keep retrying a model that refuses connections for half an hour or more."""
    from inspect_ai import eval as inspect_eval

    from sounding.evaluate.offline import allow_offline_token_counts

    allow_offline_token_counts()
    check_models(models, model_args)
    check_task_args(tasks, dict(task_args or {}))
    logs: list[EvalLog] = []
    for model in models:
        try:
            logs += inspect_eval(
                [f"sounding/{t}" for t in tasks],
                model=model,
                model_args=_args_for(model, model_args),
                task_args=dict(task_args or {}),
                log_dir=str(log_dir),
                log_format="eval",
                limit=limit,
                display=display,  # type: ignore[arg-type]
                fail_on_error=False,
                max_retries=max_retries,
                timeout=timeout,
            )
        except PrerequisiteError as exc:
            raise unavailable(model, exc) from None
        except (ValueError, BaseExceptionGroup) as exc:
            # A task refuses a bad argument value as it is made ("Unknown source 'x'"):
            # the user's error, not a 250-line traceback.
            if (message := _bad_argument(exc)) is None:
                raise
            raise InputError(plain(message), "Check the -T values given.") from None
    return logs
