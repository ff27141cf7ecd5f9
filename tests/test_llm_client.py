"""The LLM client against a scripted OpenAI-compatible server over real HTTP.

The server answers POST /v1/chat/completions from a script of replies (status, headers,
delay, content), so every path — repair, retries, refusals, cache, concurrency — goes through
the real `openai` SDK and a real socket.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from sounding.errors import SoundingError
from sounding.llm import (
    Answer,
    CallLog,
    DryRunModel,
    LLMClient,
    LLMOutputError,
    LLMRefusalError,
    LLMRequestError,
    LLMSettings,
    LLMUnavailableError,
    count_tokens,
)
from sounding.llm import log as log_module
from sounding.llm.client import extract_json, retry_after, strict_schema
from sounding.llm.prompt import Prompt


class Theme(BaseModel):
    label: str
    share: float = 0.0


class Themes(BaseModel):
    themes: list[Theme]


GOOD = json.dumps({"themes": [{"label": "Buses are late", "share": 0.5}]})
MESSAGES = [
    {"role": "system", "content": "You analyse consultation responses."},
    {"role": "user", "content": "Name the themes in: the buses are always late."},
]


@dataclass
class Reply:
    """One scripted answer of the server."""

    content: str | None = GOOD
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    # Hold the answer until this many requests have been in flight at once (10 s at most).
    together: int = 0
    finish_reason: str = "stop"
    refusal: str | None = None
    usage: tuple[int, int] = (100, 20)


class ScriptedServer:
    """Replies from `script` in order, then `GOOD`; records requests and peak concurrency."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(body)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return self.script.pop(0) if self.script else Reply()

    def _done(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length))
                reply = server._next(body)
                try:
                    time.sleep(reply.delay)
                    deadline = time.monotonic() + 10
                    while server.max_in_flight < reply.together and time.monotonic() < deadline:
                        time.sleep(0.005)
                    if reply.status == 200:
                        payload = completion(body, reply)
                    else:
                        payload = {"error": {"message": f"scripted {reply.status}", "code": None}}
                    data = json.dumps(payload).encode()
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and left
                finally:
                    server._done()

        return Handler

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "finish_reason": reply.finish_reason,
                "message": {
                    "role": "assistant",
                    "content": reply.content,
                    "refusal": reply.refusal,
                },
            }
        ],
        "usage": {
            "prompt_tokens": reply.usage[0],
            "completion_tokens": reply.usage[1],
            "total_tokens": sum(reply.usage),
        },
    }


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


@pytest.fixture
def log(tmp_path: Path) -> Iterator[CallLog]:
    call_log = CallLog(tmp_path / "home" / "llm.sqlite")
    yield call_log
    call_log.close()


def make_client(server: ScriptedServer, log: CallLog | None = None, **overrides: Any) -> LLMClient:
    options: dict[str, Any] = {
        "base_url": server.base_url,
        "model": "scripted-1",
        "timeout_s": 5.0,
        "max_retries": 2,
        "backoff_base_s": 0.05,
        "backoff_max_s": 0.2,
        **overrides,
    }
    return LLMClient(LLMSettings(**options), log)


def ask(client: LLMClient, messages: list[dict[str, Any]] = MESSAGES) -> Any:
    async def go() -> Any:
        async with client:
            return await client.complete(
                messages, Themes, purpose="themes", prompt_version="test-1"
            )

    return asyncio.run(go())


def statuses(log: CallLog) -> list[str]:
    return [row["status"] for row in log.rows()]


def test_json_schema_success(server: ScriptedServer, log: CallLog) -> None:
    result = ask(make_client(server, log, seed=7))
    assert result.value == Themes(themes=[Theme(label="Buses are late", share=0.5)])
    assert (result.prompt_tokens, result.completion_tokens) == (100, 20)
    assert not result.cached and result.model == "scripted-1"
    [sent] = server.requests
    assert sent["temperature"] == 0 and sent["seed"] == 7
    assert sent["messages"] == MESSAGES
    fmt = sent["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["name"] == "Themes"
    theme = fmt["json_schema"]["schema"]["$defs"]["Theme"]
    assert theme["required"] == ["label", "share"] and theme["additionalProperties"] is False
    [row] = log.rows()
    assert row["status"] == "ok" and row["host"] == server.base_url.split("/")[2]
    assert row["purpose"] == "themes" and row["prompt_version"] == "test-1"
    assert json.loads(row["messages"]) == MESSAGES and row["response"] == GOOD


def test_invalid_json_is_repaired_once(server: ScriptedServer, log: CallLog) -> None:
    server.script = [Reply(content='{"themes": [{"label": 3'), Reply()]
    result = ask(make_client(server, log))
    assert result.value.themes[0].label == "Buses are late"
    assert len(server.requests) == 2
    repair = server.requests[1]["messages"]
    assert repair[:2] == MESSAGES
    assert repair[2] == {"role": "assistant", "content": '{"themes": [{"label": 3'}
    assert repair[3]["role"] == "user" and "not valid" in repair[3]["content"]
    assert (result.prompt_tokens, result.completion_tokens) == (200, 40)
    assert statuses(log) == ["invalid", "ok"]


def test_invalid_twice_raises_output_error(server: ScriptedServer, log: CallLog) -> None:
    server.script = [Reply(content="not json"), Reply(content='{"themes": "none"}')]
    with pytest.raises(LLMOutputError) as caught:
        ask(make_client(server, log))
    assert isinstance(caught.value, SoundingError) and caught.value.hint
    assert "themes" in caught.value.message and caught.value.output == '{"themes": "none"}'
    assert len(server.requests) == 2
    assert statuses(log) == ["invalid", "invalid"]
    server.script = [Reply()]  # nothing invalid was cached: the next run asks again
    assert ask(make_client(server, log)).cached is False


def test_rate_limit_honours_retry_after(server: ScriptedServer, log: CallLog) -> None:
    server.script = [Reply(status=429, headers={"Retry-After": "1"}), Reply()]
    started = time.monotonic()
    result = ask(make_client(server, log))
    assert time.monotonic() - started >= 0.95
    assert result.value.themes[0].label == "Buses are late"
    assert len(server.requests) == 2
    assert statuses(log) == ["ok"]  # one logical call, logged once with its outcome


def test_server_error_is_retried(server: ScriptedServer) -> None:
    server.script = [Reply(status=500), Reply()]
    assert ask(make_client(server)).value.themes[0].label == "Buses are late"
    assert len(server.requests) == 2


def test_timeout_is_retried(server: ScriptedServer) -> None:
    server.script = [Reply(delay=1.0), Reply()]
    result = ask(make_client(server, timeout_s=0.5))
    assert result.value.themes[0].label == "Buses are late"
    assert len(server.requests) == 2


def test_gives_up_after_max_retries(server: ScriptedServer, log: CallLog) -> None:
    server.script = [Reply(status=503), Reply(status=503)]
    with pytest.raises(LLMUnavailableError) as caught:
        ask(make_client(server, log, max_retries=1))
    assert caught.value.attempts == 2 and "base_url" in caught.value.hint
    assert len(server.requests) == 2
    assert statuses(log) == ["error"]


def test_connection_refused_is_unavailable(tmp_path: Path) -> None:
    settings = LLMSettings(
        base_url="http://127.0.0.1:9/v1", model="m", max_retries=1, backoff_base_s=0.01
    )
    with pytest.raises(LLMUnavailableError, match="connection"):
        ask(LLMClient(settings))


def test_bad_key_is_not_retried(server: ScriptedServer) -> None:
    server.script = [Reply(status=401)]
    with pytest.raises(LLMRequestError) as caught:
        ask(make_client(server))
    assert caught.value.status == 401 and "api key" in caught.value.hint
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "reply",
    [
        Reply(content=None, finish_reason="content_filter"),
        Reply(content=None, refusal="I can't help with that."),
    ],
    ids=["finish_reason", "refusal_field"],
)
def test_refusal_is_raised_and_not_retried(
    server: ScriptedServer, log: CallLog, reply: Reply
) -> None:
    server.script = [reply]
    with pytest.raises(LLMRefusalError) as caught:
        ask(make_client(server, log))
    assert "content filter" in caught.value.hint
    assert len(server.requests) == 1
    assert statuses(log) == ["refused"]


def test_repeat_request_is_answered_from_cache(server: ScriptedServer, log: CallLog) -> None:
    first = ask(make_client(server, log, price_in_per_million=1.0))
    second = ask(make_client(server, log, price_in_per_million=1.0))  # a re-run
    assert len(server.requests) == 1
    assert second.value == first.value and second.request_hash == first.request_hash
    assert second.cached and second.cost == 0 and second.prompt_tokens == 0
    assert statuses(log) == ["ok", "cached"]
    totals = log.totals()
    assert (totals.calls, totals.cached) == (1, 1)
    assert (totals.prompt_tokens, totals.completion_tokens) == (100, 20)
    assert totals.cost == pytest.approx(100 / 1_000_000)
    changed = [*MESSAGES[:1], {"role": "user", "content": "Other text."}]
    assert not ask(make_client(server, log), changed).cached
    assert not ask(make_client(server, log, temperature=0.5)).cached
    assert len(server.requests) == 3


def test_concurrency_is_limited(server: ScriptedServer) -> None:
    server.script = [Reply(together=2) for _ in range(6)]
    client = make_client(server, concurrency=2)

    async def six() -> list[Any]:
        return await asyncio.gather(
            *(
                client.complete(
                    [{"role": "user", "content": f"Response {i}"}],
                    Themes,
                    purpose="themes",
                    prompt_version="test-1",
                )
                for i in range(6)
            )
        )

    results = asyncio.run(six())
    assert all(r.value.themes[0].label == "Buses are late" for r in results)
    assert server.max_in_flight == 2


def test_prompt_mode_parses_fenced_json(server: ScriptedServer) -> None:
    server.script = [Reply(content=f"Here are the themes:\n```json\n{GOOD}\n```\nDone.")]
    result = ask(make_client(server, structured_output="prompt"))
    assert result.value.themes[0].share == 0.5
    [sent] = server.requests
    assert "response_format" not in sent
    system = sent["messages"][0]
    assert system["content"].startswith(MESSAGES[0]["content"])
    assert '"Theme"' in system["content"] and "JSON Schema" in system["content"]


def test_cost_from_prices(server: ScriptedServer) -> None:
    server.script = [Reply(usage=(1000, 500))]
    client = make_client(server, price_in_per_million=2.0, price_out_per_million=8.0)
    assert ask(client).cost == pytest.approx(0.002 + 0.004)


def test_retry_after_forms() -> None:
    assert retry_after({"retry-after": "2"}) == 2
    assert retry_after({"retry-after-ms": "250"}) == 0.25
    future = formatdate(time.time() + 30, usegmt=True)
    assert 28 <= retry_after({"retry-after": future}) <= 31
    assert retry_after({"retry-after": formatdate(0, usegmt=True)}) == 0
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None


def test_extract_json() -> None:
    assert extract_json('```\n{"a": 1}\n```') == '{"a": 1}'
    assert extract_json('Sure! {"a": {"b": 2}} Hope this helps') == '{"a": {"b": 2}}'
    assert extract_json('  {"a": 1}  ') == '{"a": 1}'


def test_strict_schema_closes_every_object() -> None:
    schema = strict_schema(Themes)
    assert schema["additionalProperties"] is False and schema["required"] == ["themes"]
    assert "default" not in schema["$defs"]["Theme"]["properties"]["share"]


class Labels(Answer):
    """A new prompt's answer: all a dry run needs is what it declares here."""

    labels: dict[str, str]

    @classmethod
    def neutral(cls, asked: Any) -> Labels:
        return cls(labels={item: "" for item in asked["items"]})

    @classmethod
    def completion_tokens(cls, asked: Any) -> int:
        return 10 * len(asked["items"])


def test_a_dry_run_answers_what_the_prompt_declares_without_network() -> None:
    settings = LLMSettings(
        base_url="http://127.0.0.1:9/v1",
        model="m",
        price_in_per_million=1.0,
        price_out_per_million=2.0,
    )
    dry = DryRunModel(settings)
    prompt = Prompt(MESSAGES, Labels, {"items": ["a", "b", "c"]}, "t-1")
    answer = asyncio.run(dry.ask(prompt, purpose="labels"))
    assert answer == Labels(labels={"a": "", "b": "", "c": ""})
    asyncio.run(dry.ask(Prompt(MESSAGES, Labels, {"items": ["d"]}, "t-1"), purpose="map"))
    usage = dry.usage.as_dict()
    assert usage["calls"] == 2 and usage["calls_by_purpose"] == {"labels": 1, "map": 1}
    assert usage["completion_tokens"] == 40
    assert usage["prompt_tokens"] == 2 * sum(count_tokens(m["content"]) + 4 for m in MESSAGES)
    assert usage["cost"] == pytest.approx((usage["prompt_tokens"] + 80) / 1_000_000)


def test_token_heuristic() -> None:
    assert count_tokens("") == 0
    assert count_tokens("a" * 400) == 100  # one long word: characters decide
    assert count_tokens("a b c d e f g h i j") == 13  # short words: words × 1.3 decide


# -- providers a package registers through an entry point --------------------------------------

PROVIDER = '''
from sounding.llm.providers import LLMResult

class Agreeable:
    """A third party's provider: says every pair of themes makes the same point."""

    def __init__(self, settings, log):
        self.model = settings.model

    async def complete(self, messages, schema, *, purpose, prompt_version):
        items = schema.neutral({"items": ["p1", "p2"]}).verdicts
        value = schema(verdicts=[{"item": v.item, "same": True} for v in items])
        return LLMResult(value, 7, 3, 0.0, 0.0, False, self.model, prompt_version)
'''


def test_a_provider_registered_by_a_package_is_used_by_name(tmp_path: Path, install_package):
    from sounding.config import Settings
    from sounding.prompts import consult as prompts
    from sounding.services.model import open_model

    install_package(
        "agreeable", PROVIDER, "[sounding.llm_providers]\nagreeable = agreeable:Agreeable\n"
    )
    llm = {"provider": "agreeable", "base_url": "unused", "model": "m"}
    settings = Settings(home=tmp_path / "home", llm=llm)
    pair = {"a": {"label": "x"}, "b": {"label": "x"}}
    with open_model(settings) as model:
        prompt = prompts.theme_merging("Q?", {"p1": pair, "p2": pair})
        answer = asyncio.run(model.ask(prompt, purpose="consult.theme_merging"))
    assert [v.same for v in answer.verdicts] == [True, True]
    assert model.usage.as_dict()["prompt_tokens"] == 7

    settings = Settings(home=tmp_path / "home", llm={**llm, "provider": "nope"})
    unknown = pytest.raises(SoundingError, match="No LLM provider is registered as 'nope'")
    with unknown as raised, open_model(settings):
        pass
    assert "openai-compatible, agreeable" in raised.value.hint


# -- the call log's layout versions -------------------------------------------------------------

UNVERSIONED = """
CREATE TABLE calls (id INTEGER PRIMARY KEY, ts TEXT NOT NULL, purpose TEXT NOT NULL,
    prompt_version TEXT NOT NULL, model TEXT NOT NULL, host TEXT NOT NULL,
    request_hash TEXT NOT NULL, messages TEXT NOT NULL, response TEXT, status TEXT NOT NULL,
    error TEXT, prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0, latency_s REAL NOT NULL DEFAULT 0,
    cost REAL NOT NULL DEFAULT 0);
CREATE INDEX calls_hash ON calls (request_hash);
CREATE TABLE responses (request_hash TEXT PRIMARY KEY, model TEXT NOT NULL,
    response TEXT NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,
    ts TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO responses VALUES ('k1', 'm', '{"themes": []}', 10, 2, '2026-01-01');
"""


def user_version(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_a_log_from_before_versions_is_upgraded_in_place(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "calls.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(UNVERSIONED)
    later = ("ALTER TABLE calls ADD COLUMN note TEXT",)  # a step a later release might add
    monkeypatch.setattr(log_module, "MIGRATIONS", (*log_module.MIGRATIONS, later))
    for _ in range(2):  # the second opening finds nothing left to do
        upgraded = CallLog(path)
        assert upgraded.get("k1") == log_module.CachedResponse('{"themes": []}', 10, 2)
        upgraded.close()
    assert user_version(path) == 2
    with closing(sqlite3.connect(path)) as db:
        assert "note" in [row[1] for row in db.execute("PRAGMA table_info(calls)")]


def test_a_log_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite"
    CallLog(path).close()
    assert user_version(path) == len(log_module.MIGRATIONS)
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(SoundingError, match="newer Sounding"):
        CallLog(path)
    assert user_version(path) == 99  # left as it was


def test_a_damaged_log_says_which_file_to_delete(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite"
    path.write_bytes(b"not a database at all " * 200)
    with pytest.raises(SoundingError, match=r"call log .* cannot be read") as raised:
        CallLog(path)
    assert raised.value.hint.startswith("Delete it")


def test_processes_open_a_new_log_together(tmp_path: Path) -> None:
    """The command line and the web app's worker may create the log at the same moment."""
    script = (
        "import sys, time; from pathlib import Path; from sounding.llm import CallLog\n"
        "start = float(sys.argv[3])\n"
        "while time.time() < start: time.sleep(0.001)\n"
        "log = CallLog(Path(sys.argv[1]))\n"
        "for i in range(20): log.put(f'{sys.argv[2]}-{i}', 'm', '{}', 1, 1)\n"
    )
    path = tmp_path / "llm" / "calls.sqlite"
    start = time.time() + 3  # after every interpreter has imported Sounding
    openers = [
        subprocess.Popen([sys.executable, "-c", script, str(path), str(n), str(start)])
        for n in range(5)
    ]
    assert [p.wait(timeout=120) for p in openers] == [0] * 5
    log = CallLog(path)
    assert all(log.get(f"{n}-{i}") for n in range(5) for i in range(20))
    log.close()
