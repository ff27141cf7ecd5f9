"""Evaluate's report, built from real Inspect logs of offline runs, and `sounding evaluate`.

The logs come from the suite run with Inspect's mockllm, a model that echoes its input
(so its outputs hold the samples' personal data) and Sounding's system offline; the shared
report must carry none of that data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import ChatMessage, Model, ModelOutput, get_model
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
    # The street addresses are there too: Ask's checks replace them ([ADDRESS]).
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
    listed = runner.invoke(app, ["evaluate", "tasks"])
    assert all(f"sounding/{t}" in listed.output for t in TASKS)


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
