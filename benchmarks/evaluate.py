"""Evaluate: the offline baseline, and the suite's time per task.

Runs every Inspect task of `sounding.evaluate` twice, each in a fresh SOUNDING_HOME and
with the configured (real) embedding model: with Inspect's `mockllm/model` (the machinery
alone: building samples, calling a model, scoring) and with `sounding/system` offline
(Sounding's own pipelines, no language model), timing each. The system's scores on the
tasks that need no model are the baseline any model is compared with: the same tasks, the
same data, the same scorers. The consult tasks run on ArgKP and on Sounding's demo data,
Ask on the shared GOV.UK pages and on the shipped guidance, where the shared data is there.

Scores and 95% bootstrap intervals are read back from the `.eval` logs exactly as the HTML
report computes them; the report of the run is written to benchmarks/.work/evaluate/.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks_md import write_section
from sounding.evaluate.datasets.ask import govuk_pages
from sounding.evaluate.datasets.consult import resolve_source
from sounding.evaluate.offline import allow_offline_token_counts
from sounding.evaluate.report import read_runs, render
from sounding.evaluate.settings import evaluation_settings

WORK = Path(__file__).resolve().parent / ".work" / "evaluate"
RESPONSES = 40
#: (task, task arguments, what the data is): every task, and each data source present.
Plan = list[tuple[str, dict[str, Any], str]]


def plan() -> Plan:
    settings = evaluation_settings()
    found: Plan = []
    consult_sources = ["demo"]
    if resolve_source("auto", settings) == "argkp":
        consult_sources.insert(0, "argkp")
    for task in ("consult_mapping", "consult_discovery"):
        for source in consult_sources:
            data = "ArgKP dev, 4 topics" if source == "argkp" else "demo, 3 questions"
            found.append((task, {"source": source, "responses": RESPONSES}, data))
    found.append(("consult_injection", {"responses": 30}, "demo + 4 attempts a question"))
    guidance = (["govuk"] if govuk_pages(settings) is not None else []) + ["shipped"]
    for name in guidance:
        data = "GOV.UK 157 pages, Ask's questions" if name == "govuk" else "shipped guidance"
        found.append(("ask_grounding", {"guidance": name}, data))
    found.append(("ask_jailbreak", {"guidance": "shipped"}, "Evaluate's and Ask's messages"))
    found.append(("pii_leakage", {}, "questions, responses, documents"))
    found.append(("assist_citations", {}, "3 documents, 9 questions"))
    return found


def run(task: str, args: dict[str, Any], model: str, home: Path, logs: Path) -> tuple[Any, float]:
    from inspect_ai import eval as inspect_eval

    os.environ["SOUNDING_HOME"] = str(home)
    started = time.perf_counter()
    [log] = inspect_eval(
        f"sounding/{task}", model=model, task_args=args, log_dir=str(logs), display="none"
    )
    return log, time.perf_counter() - started


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; embedding model {evaluation_settings().embedding_model}. "
        "Each run starts from a fresh SOUNDING_HOME, so times include loading the embedding "
        "model and indexing (GOV.UK: 2,310 passages), and the mockllm run pays the same for "
        "the samples Ask's tasks retrieve for.",
        "",
        "Sounding's offline system (`sounding/system`, no language model): the baseline.",
        "",
        "| Task | Data | Measure | Score (95% interval) | Samples |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        for measure in row["system"].measures:
            lines.append(
                f"| {row['task']} | {row['data']} | {measure.name} | {measure.shown} | "
                f"{measure.n} |"
            )
        for name, value in row["system"].other_metrics:
            lines.append(f"| {row['task']} | {row['data']} | {name} | {value} | |")
    lines += [
        "",
        "Time per task, offline (seconds; samples scored):",
        "",
        "| Task | Data | Samples | mockllm/model | sounding/system |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['task']} | {row['data']} | {row['system'].samples} | "
            f"{row['mock_s']:.1f} | {row['system_s']:.1f} |"
        )
    total_mock = sum(r["mock_s"] for r in rows)
    total_system = sum(r["system_s"] for r in rows)
    lines += ["", f"Whole suite: {total_mock:.0f} s with mockllm, {total_system:.0f} s offline."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    allow_offline_token_counts()
    rows = []
    for number, (task, task_args, data) in enumerate(plan()):
        logs = WORK / "logs"
        print(f"{task} ({data})…", flush=True)
        _, mock_s = run(task, task_args, "mockllm/model", WORK / f"home-{number}-mock", logs)
        log, system_s = run(task, task_args, "sounding/system", WORK / f"home-{number}", logs)
        if log.status != "success":
            raise SystemExit(f"{task} failed: {log.error.message if log.error else log.status}")
        [system] = read_runs([Path(log.location)])
        rows.append(
            {"task": task, "data": data, "system": system, "mock_s": mock_s, "system_s": system_s}
        )
    report = WORK / "report.html"
    report.write_text(render([r["system"] for r in rows], "Sounding offline baseline"))
    body = markdown(rows)
    print(body)
    print(f"Report: {report}")
    if not args.no_write:
        write_section(
            "evaluate",
            body,
            "## Evaluate: the offline baseline",
            "`python benchmarks/evaluate.py` (Inspect tasks `sounding/<task>`; data: "
            "src/sounding/evaluate/data, Sounding's demo consultation, and the shared ArgKP "
            "and GOV.UK data where present). Any model evaluated with `sounding evaluate run "
            "--model provider/model` is compared with these scores.",
        )


if __name__ == "__main__":
    main()
