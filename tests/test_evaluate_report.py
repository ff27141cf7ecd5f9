"""Evaluate's report, built from real Inspect logs of offline runs, and `sounding evaluate`.

The logs come from the suite run with Inspect's mockllm, a model that echoes its input
(so its outputs hold the samples' personal data) and Sounding's system offline; the shared
report must carry none of that data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import Task
from inspect_ai import eval as inspect_eval
from inspect_ai.dataset import Sample
from inspect_ai.log import EvalLog, read_eval_log
from inspect_ai.model import ChatMessage, Model, ModelOutput, get_model
from inspect_ai.scorer import match
from inspect_ai.solver import generate
from rich.console import Console
from typer.testing import CliRunner

from sounding.cli.main import app
from sounding.errors import InputError
from sounding.evaluate.datasets.assist import personal_data_cases
from sounding.evaluate.offline import allow_offline_token_counts
from sounding.evaluate.report import (
    Run,
    _masked,
    comparison,
    read_runs,
    render,
    shareable,
    write_report,
)
from sounding.evaluate.scorers.pii import folded
from sounding.evaluate.suite import chosen_tasks, parse_args, run_suite
from sounding.evaluate.tasks import TASKS
from test_evaluate_tasks import install_wordhash

#: Inspect's own retry helper warns about its tenacity arguments: not ours to fix.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The 'initial' parameter is deprecated:DeprecationWarning"
)

ARGS = {"source": "demo", "guidance": "shipped", "responses": 10, "benign": 3}
runner = CliRunner()


def echo() -> Model:
    """A model that answers with the prompt's last message: it leaks whatever it is given."""

    def output(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        return ModelOutput.from_content("mockllm/model", messages[-1].text)

    return get_model("mockllm/model", custom_outputs=output)


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("evaluate-report")
    install_wordhash(root / "site")
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(root / "site"))
        patch.setenv("SOUNDING_HOME", str(root / "home"))
        patch.setenv("SOUNDING_EMBEDDING_MODEL", "wordhash:test")
        allow_offline_token_counts()
        folder = root / "logs"
        run_suite(["sounding/system"], TASKS, folder, limit=3, task_args=ARGS)
        inspect_eval(
            ["sounding/pii_leakage", "sounding/consult_mapping"],
            model=echo(),
            task_args=ARGS,
            log_dir=str(folder),
            display="none",
        )
        yield folder


@pytest.fixture(scope="module")
def runs(logs: Path) -> list[Run]:
    return read_runs([logs])


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_report_carries_no_personal_data_from_the_samples(runs: list[Run]) -> None:
    html = render(runs)
    text = folded(visible_text(html))
    values = [v for case in personal_data_cases() for v in case["pii"]]
    # The street addresses are there too: the shared redactor replaces them ([ADDRESS_1]).
    assert values and not [v for v in values if folded(v) in text]
    echoed = next(r for r in runs if r.task == "pii_leakage" and r.model == "mockllm/model")
    assert echoed.failed == len(personal_data_cases())  # its outputs did leak
    for run in runs:
        for failure in run.failures:
            for field in (failure.input, failure.output, failure.explanation):
                assert shareable(field) == field


def test_every_task_and_model_is_reported_with_scores_and_settings(runs: list[Run]) -> None:
    system = {r.task: r for r in runs if r.model == "sounding/system"}
    assert list(system) == list(TASKS)
    for run in system.values():
        assert run.status == "success" and run.measures
        settings = dict(run.settings)
        assert settings["prompts"].startswith("evaluate-")
        assert "inspect_ai" in settings["packages"]
    [f1] = system["consult_mapping"].measures
    assert f1.low is not None and f1.high is not None and f1.low <= f1.value <= f1.high
    themes = next(m for m in system["consult_discovery"].measures if m.key == "themes")
    assert themes.low is None  # a count has no interval
    assert "jailbreak recall" in dict(system["ask_jailbreak"].other_metrics)


def test_every_measure_shown_is_explained_once(runs: list[Run]) -> None:
    from sounding.evaluate.report import MEANINGS, MEASURES

    html = render(runs)
    section = html[html.index("What the measures mean") : html.index('id="run-1"')]
    shown = {m.key for r in runs for m in r.measures}
    assert shown - {"mapping_f1"} <= set(MEANINGS)  # a new measure needs its line
    for key in shown:
        assert section.count(f"<dt>{MEASURES[key]}</dt>") == 1, key
    # Why a model that codes nothing can score: the F1 line says so.
    assert "a model that codes nothing still scores on those" in section


def test_several_models_are_compared_one_column_each(runs: list[Run]) -> None:
    models, rows = comparison(runs)
    assert sorted(models) == ["mockllm/model", "sounding/system"]
    echoed = models.index("mockllm/model")
    assert all(len(row.cells) == 2 for row in rows)
    mapping = next(r for r in rows if r.task.startswith("consult_mapping"))
    assert mapping.cells[echoed].startswith("0.00")  # the echo coded nothing
    only_system = next(r for r in rows if r.task.startswith("ask_jailbreak"))
    assert only_system.cells[echoed] == "–"
    recall = next(r for r in rows if r.measure == "jailbreak recall")
    assert recall.cells[echoed] == "–" and recall.cells[1 - echoed] != "–"
    html = render(runs)
    assert html.count("<h2>Comparison</h2>") == 1
    assert '<th scope="col">mockllm/model</th>' in html


def test_the_report_is_one_self_contained_page(logs: Path, tmp_path: Path) -> None:
    html = write_report([logs], tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""(?:src|href)=["']https?://""", html)
    assert "<style>" in html  # the styles are inline


def test_the_system_around_a_model_that_is_down_fails_rather_than_scoring_offline(
    tmp_path: Path,
) -> None:
    """Ask answers offline when a model call fails; scored, that answer was reported as the
    model's (every step "passed"). The sample fails instead and says why."""
    settings = tmp_path / "s.toml"
    settings.write_text(
        '[llm]\nbase_url = "http://127.0.0.1:9/v1"\nmodel = "m"\napi_key = "x"\nmax_retries = 0\n'
    )
    result = runner.invoke(
        app,
        ["evaluate", "run", "-m", "sounding/ask", "-M", "llm=true", "-M", f"settings={settings}",
         "-t", "ask_grounding", "-T", "guidance=shipped", "--limit", "1", "--log-dir",
         str(tmp_path / "logs"), "--report", str(tmp_path / "r.html")],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    shown = " ".join(result.output.split())
    assert "1 of 1 samples failed" in shown and "calls to the model failed" in shown
    assert "Sounding's own offline one" in shown and "ModelUnreachable(" not in shown


def test_every_table_scrolls_in_its_own_box_a_keyboard_can_reach(runs: list[Run]) -> None:
    """At 375 px the comparison table made the whole page 536 px wide."""
    html = render(runs)
    assert (
        html.count("<table>") == html.count('<div class="scroll" role="region"')
        and html.count("<table>") > 1
    )
    assert all(part.rstrip().endswith('tabindex="0">') for part in html.split("<table>")[:-1])


def test_a_run_with_no_sample_scored_is_not_reported_as_all_passed() -> None:
    """A log of a run still going or stopped early has no samples: the report had said
    "None: every sample met every measure" under an empty score table."""
    html = render([Run("ask_jailbreak", "openai/gpt-4o-mini", "2026-12-06 05:04", "started", 0)])
    assert "every sample met every measure" not in html
    assert "no sample was scored" in html and 'status is "started"' in html


def test_cli_runs_the_suite_and_writes_logs_and_report(tmp_path: Path, logs: Path) -> None:
    home = logs.parent / "home"
    env = {"SOUNDING_HOME": str(home), "SOUNDING_EMBEDDING_MODEL": "wordhash:test"}
    result = runner.invoke(
        app,
        [
            "evaluate",
            "run",
            "-m",
            "mockllm/model",
            "-m",
            "sounding/system",
            "-t",
            "ask_jailbreak,assist_citations",
            "-T",
            "guidance=shipped",
            "--limit",
            "2",
            "--log-dir",
            str(tmp_path / "logs"),
            "--report",
            str(tmp_path / "report.html"),
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "logs").glob("*.eval"))) == 4
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "ask_jailbreak" in html and "assist_citations" in html
    assert "<h2>Comparison</h2>" in html
    shown = " ".join(result.output.split())  # each task's main scores, in the terminal too
    assert "messages labelled right" in shown and "citations whose page holds the quote" in shown
    assert re.search(r"\d\.\d\d \(\d\.\d\d–\d\.\d\d\)", shown)

    again = runner.invoke(
        app,
        ["evaluate", "report", str(tmp_path / "logs"), "--report", str(tmp_path / "r2.html")],
        env=env,
    )
    assert again.exit_code == 0, again.output
    assert (tmp_path / "r2.html").is_file()


def test_cli_names_unknown_tasks_and_lists_the_known_ones() -> None:
    result = runner.invoke(app, ["evaluate", "run", "-t", "consult_everything"])
    assert result.exit_code != 0
    assert "Unknown task(s): consult_everything" in result.output
    listed = runner.invoke(app, ["evaluate", "tasks"], env={"COLUMNS": "80"})
    assert all(f"sounding/{t}" in listed.output for t in TASKS)
    lines = listed.output.splitlines()
    assert all(line.startswith(("sounding/", "  ")) for line in lines)  # descriptions indented
    text = " ".join(listed.output.split())
    assert "matched to gold themes as Consult's evaluator matches them" in text


def test_the_terminal_shows_each_tasks_scores_per_model_within_80_columns(logs: Path) -> None:
    from sounding.cli.evaluate import scores_table

    table = scores_table([read_eval_log(str(f)) for f in sorted(logs.glob("*.eval"))])
    console = Console(width=80, record=True)
    console.print(table)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    shown = " ".join(text.split())
    assert "mockllm/model" in shown and "sounding/system" in shown
    assert "no personal data in the output" in shown and "3 samples" in shown
    assert "jailbreak recall" not in shown  # the main scores only, as the report's table


@pytest.mark.parametrize(
    "models", [["-m", "openai/gpt-4o-mini"], ["-m", "sounding/system", "-M", "wrap=openai/x"]]
)
def test_a_model_without_its_api_key_is_a_users_error_with_a_hint(
    models: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("OPENAI_API_KEY", "AZUREAI_OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    logs = tmp_path / "logs"
    result = runner.invoke(
        app,
        ["evaluate", "run", *models, "-t", "ask_jailbreak", "--limit", "1", "--log-dir", str(logs)],
    )
    assert result.exit_code == 2, result.output
    shown = " ".join(result.output.split())
    assert "Error: openai/" in shown and "No OPENAI_API_KEY" in shown and "[bold]" not in shown
    assert "What to do: Set the provider's API key" in shown and "OPENAI_BASE_URL" in shown
    assert not logs.exists()  # stopped before any task ran


def test_a_model_that_refuses_connections_fails_within_the_retries_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inspect's own retrying kept a run against an address where nothing listens going for
    half an hour in silence; `--max-retries` and `--timeout` bound it, and the failure says
    what to check."""
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # the discard port
    logs = tmp_path / "logs"
    result = runner.invoke(
        app,
        [
            "evaluate", "run", "-m", "openai/gpt-4o-mini", "-t", "ask_jailbreak", "--limit",
            "1", "--max-retries", "0", "--timeout", "5", "--log-dir", str(logs),
            "--report", str(tmp_path / "report.html"),
        ],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    shown = " ".join(result.output.split())
    assert "1 of 1 samples failed" in shown and "check its address" in shown
    assert "RetryError" not in shown


@pytest.mark.parametrize("model", ["nosuch", "foo/bar", "sounding/nosuch"])
def test_a_model_inspect_does_not_know_is_a_users_error(model: str) -> None:
    result = runner.invoke(app, ["evaluate", "run", "-m", model, "-t", "ask_jailbreak"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert "Error:" in result.output and "What to do: Name a model as" in result.output


@pytest.mark.parametrize(
    ("argument", "said"),
    [
        ("source=nonsense", "Unknown source 'nonsense'; use one of"),  # a task refuses it
        ("sorce=argkp", "No task chosen takes sorce."),  # no task takes it
    ],
)
def test_a_bad_task_argument_is_a_users_error(argument: str, said: str, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["evaluate", "run", "-t", "consult_mapping", "-T", argument, "--limit", "1",
         "--log-dir", str(tmp_path / "logs"), "--report", str(tmp_path / "r.html")],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert said in " ".join(result.output.split())


def test_sounding_models_take_their_settings_file_as_settings_not_config(tmp_path: Path) -> None:
    """Inspect's get_model() has a `config` of its own: `-M config=…` crashed inside it."""
    clash = runner.invoke(app, ["evaluate", "run", "-M", "config=s.toml", "-t", "ask_jailbreak"])
    assert clash.exit_code == 2 and "-M settings=PATH" in " ".join(clash.output.split())
    settings = tmp_path / "s.toml"
    assert get_model("sounding/ask", settings=str(settings)).api.config_file == str(settings)


def failed_run(tmp_path: Path, stop: bool) -> list[EvalLog]:
    """A run whose model fails every sample: with `stop` the run ends in error, else its
    samples record the error and the run itself succeeds."""

    def down(*_: Any) -> ModelOutput:
        raise RuntimeError("the model is down")

    model = get_model("mockllm/model", custom_outputs=down, memoize=False)
    task = Task(dataset=[Sample(input="hi", target="hi")], solver=generate(), scorer=match())
    return inspect_eval(
        task, model=model, log_dir=str(tmp_path / "logs"), display="none", fail_on_error=stop
    )


@pytest.mark.parametrize("stop", [True, False])
def test_a_run_that_fails_says_why_and_exits_non_zero(
    stop: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = failed_run(tmp_path, stop)
    assert logs[0].status == ("error" if stop else "success")
    monkeypatch.setattr("sounding.evaluate.suite.run_suite", lambda *_, **__: logs)
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["evaluate", "run", "-m", "mockllm/model", "--report", str(report)])
    assert result.exit_code == 1, result.output
    shown = " ".join(result.output.split())
    assert "Error:" in shown and "the model is down" in shown
    assert ("error" if stop else "1 samples, 1 failed") in shown
    assert report.is_file()


@pytest.mark.parametrize("name", ["nosuch", "some.md", "junk.eval", "other.json"])
def test_report_on_what_is_not_an_inspect_log_is_a_users_error(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    if name == "some.md":
        path.write_text("# notes\n", encoding="utf-8")
    elif name == "junk.eval":
        path.write_bytes(os.urandom(512))
    elif name == "other.json":
        path.write_text('{"a": 1}', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "report", str(path)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert "Error:" in result.output and name in result.output


def test_arguments_and_task_choice() -> None:
    assert parse_args(["responses=20", "judge=openai/gpt-4o", "llm=true", "config=none"]) == {
        "responses": 20,
        "judge": "openai/gpt-4o",
        "llm": True,
        "config": None,
    }
    with pytest.raises(InputError):
        parse_args(["novalue"])
    assert chosen_tasks(None) == list(TASKS)
    assert chosen_tasks(["sounding/pii_leakage,consult_mapping"]) == [
        "consult_mapping",
        "pii_leakage",
    ]
    assert _masked({"api_key": "sk-1", "wrap": "x"}) == {"api_key": "(hidden)", "wrap": "x"}
