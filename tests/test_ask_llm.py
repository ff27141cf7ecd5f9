"""Ask's model pipeline over real HTTP: a scripted OpenAI-compatible server answers each
step by the schema it is asked for, so every step's stop, the link tokens and the fallbacks
are tested through the real client, cache and log."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ask_content import guidance_items
from sounding.ask.govuk import ingest
from sounding.ask.state import Status, Turn
from sounding.config import DEFAULT_DOCUMENT_TYPES, Settings
from sounding.retrieval.index import PassageIndex
from sounding.services.ask import open_asker

BASE = "https://www.gov.uk"
GOOD = {
    "JailbreakVerdict": {"jailbreak": False},
    "Route": {"label": "genuine_question", "confidence": 0.9},
    "Rephrased": {"question": "Must a shop record who took part in a fire drill?"},
    "ComposedAnswer": {
        "answer": "Hold a drill once a year and record who took part [link_1]. "
        "See https://evil.example.com/refund or [this page](https://bad.example.org) [link_9].",
        "sources_used": ["link_1", "link_9"],
        "complete": True,
    },
    "AnswerCheck": {"triggered": []},
}


class StepServer:
    """Answers each request with `answers[schema name]` (a dict, or an HTTP status)."""

    def __init__(self) -> None:
        self.answers: dict[str, Any] = dict(GOOD)
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                server.requests.append(body)
                name = body["response_format"]["json_schema"]["name"]
                answer = server.answers[name]
                if isinstance(answer, int):
                    status, payload = answer, {"error": {"message": "scripted", "code": None}}
                else:
                    status = 200
                    payload = {
                        "id": "x",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body["model"],
                        "choices": [
                            {
                                "index": 0,
                                "finish_reason": "stop",
                                "message": {"role": "assistant", "content": json.dumps(answer)},
                            }
                        ],
                        "usage": {"prompt_tokens": 50, "completion_tokens": 10, "total_tokens": 60},
                    }
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def schemas(self) -> list[str]:
        return [r["response_format"]["json_schema"]["name"] for r in self.requests]

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def server() -> Iterator[StepServer]:
    scripted = StepServer()
    yield scripted
    scripted.close()


def llm_settings(tmp_path: Path, server: StepServer) -> Settings:
    return Settings(
        home=tmp_path / "home",
        show_progress=False,
        ask={"relevance_threshold": 0.25},
        llm={
            "base_url": server.base_url,
            "model": "scripted",
            "max_retries": 0,
            "timeout_s": 5,
            "backoff_base_s": 0.01,
        },
    )


def ask(tmp_path: Path, server: StepServer, embedder, question: str, history=()):
    passages = ingest(guidance_items(), DEFAULT_DOCUMENT_TYPES, BASE).passages
    index = PassageIndex(passages, embedder.embed([p.embedded_text for p in passages]))
    settings = llm_settings(tmp_path, server)
    with open_asker(settings, use_llm=True, index=index, embedder=embedder) as asker:
        return asker.ask(question, history), index


QUESTION = "Must a shop record who took part in a fire drill?"


def test_answer_links_are_only_those_handed_out(tmp_path, server, word_embedder):
    state, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert state.status is Status.ANSWERED
    assert server.schemas() == ["JailbreakVerdict", "Route", "ComposedAnswer", "AnswerCheck"]
    assert "evil.example.com" not in state.answer and "bad.example.org" not in state.answer
    assert "link_" not in state.answer and "[1]" in state.answer
    assert [s.url for s in state.sources] == [f"{BASE}/shop-fire-drills#how-often-to-practise"]
    # The model saw tokens, never the links themselves.
    sent = json.dumps(server.requests[2]["messages"])
    assert "link_1" in sent and "www.gov.uk" not in sent
    assert [s.name for s in state.steps] == [
        "input_checks",
        "guardrail_patterns",
        "jailbreak_check",
        "rephrase",
        "route",
        "retrieve",
        "compose",
        "answer_checks",
    ]


def test_the_jailbreak_check_stops_the_question(tmp_path, server, word_embedder):
    server.answers["JailbreakVerdict"] = {"jailbreak": True}
    state, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert state.status is Status.JAILBREAK and state.sources == []
    assert server.schemas() == ["JailbreakVerdict"]


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("greeting", Status.GREETING),
        ("unclear", Status.UNCLEAR),
        ("needs_account_data", Status.NEEDS_ACCOUNT),
        ("out_of_scope", Status.OUT_OF_SCOPE),
        ("harmful", Status.HARMFUL),
        ("advice_or_opinion", Status.ADVICE),
        ("political", Status.POLITICAL),
    ],
)
def test_the_router_stops_what_it_is_sure_of(tmp_path, server, word_embedder, label, status):
    server.answers["Route"] = {"label": label, "confidence": 0.95}
    state, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert state.status is status and state.steps[-1].name == "route"


def test_an_unsure_router_label_is_not_acted_on(tmp_path, server, word_embedder):
    server.answers["Route"] = {"label": "out_of_scope", "confidence": 0.3}
    state, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert state.status is Status.ANSWERED


def test_a_broken_answer_rule_withholds_the_answer(tmp_path, server, word_embedder):
    server.answers["AnswerCheck"] = {"triggered": [1, 99]}
    state, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert state.status is Status.ANSWER_CHECK_FAILED and state.sources == []
    assert state.steps[-1].detail == "broke rules 1"


def test_a_failing_model_falls_back_to_the_quoted_guidance(tmp_path, server, word_embedder):
    server.answers["ComposedAnswer"] = 500
    server.answers["AnswerCheck"] = 500
    state, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert state.status is Status.ANSWERED
    assert state.answer.startswith("GOV.UK guidance says:") and state.sources
    compose = next(s for s in state.steps if s.name == "compose")
    assert "model failed" in compose.detail


def test_an_answer_citing_nothing_known_is_replaced_by_quotes(tmp_path, server, word_embedder):
    server.answers["ComposedAnswer"] = {
        "answer": "Call 0800 123 4567.",
        "sources_used": ["link_7"],
        "complete": True,
    }
    state, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert state.status is Status.ANSWERED and state.answer.startswith("GOV.UK guidance says:")


def test_a_follow_up_is_rewritten_to_stand_alone(tmp_path, server, word_embedder):
    history = [Turn("How often must a shop hold a fire drill?", "Once a year.")]
    state, _ = ask(tmp_path, server, word_embedder, "and records?", history)
    assert server.schemas()[1] == "Rephrased"
    assert state.search_text == GOOD["Rephrased"]["question"]
    assert "How often must a shop hold a fire drill?" in json.dumps(server.requests[1])


def test_personal_data_never_reaches_the_model_and_calls_are_cached(
    tmp_path, server, word_embedder
):
    state, _ = ask(tmp_path, server, word_embedder, "I'm on 07700 900123, fire drill records?")
    assert state.status is Status.REFUSED_PII and server.requests == []
    ask(tmp_path, server, word_embedder, QUESTION)
    sent = len(server.requests)
    again, _ = ask(tmp_path, server, word_embedder, QUESTION)
    assert len(server.requests) == sent and again.status is Status.ANSWERED
    log = (tmp_path / "home" / "llm" / "calls.sqlite").read_bytes()
    assert b"07700" not in log
