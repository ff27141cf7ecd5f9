"""One client for any OpenAI-compatible chat completions API, with validated structured output.

Every call goes through `LLMClient.complete`: the answer must parse into a pydantic schema,
so callers never handle raw text. Open models often miss a schema once, so an invalid answer
gets one repair attempt before `LLMOutputError`. Transient failures (429, 5xx, timeouts, lost
connections) are retried with backoff, honouring `Retry-After`; refusals are not retried,
since the same input gets the same refusal. With a `CallLog`, every call is logged and a
repeated request is answered from the log without touching the network.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from sounding.llm.errors import (
    LLMOutputError,
    LLMRefusalError,
    LLMRequestError,
    LLMUnavailableError,
)
from sounding.llm.estimate import count_message_tokens, count_tokens
from sounding.llm.log import CallLog, CallRecord, Status, request_hash
from sounding.llm.providers import LLMResult
from sounding.llm.settings import LLMSettings

T = TypeVar("T", bound=BaseModel)

RETRY_STATUSES = frozenset({408, 409, 429})
MAX_RETRY_AFTER_S = 120.0
NO_KEY = "no-key"  # the SDK insists on a key; local servers ignore it

REPAIR_PROMPT = (
    "Your previous reply was not valid: {error}\n"
    "Reply again with only the corrected JSON object that matches the schema, and nothing else."
)
PROMPT_MODE_SUFFIX = (
    "Answer only with one JSON object that matches this JSON Schema, with no other text:\n{schema}"
)


@dataclass(frozen=True)
class _Reply:
    text: str
    finish_reason: str | None
    refusal: str | None
    prompt_tokens: int
    completion_tokens: int
    latency_s: float


class LLMClient:
    """Async structured calls to one model, limited to `settings.concurrency` at a time."""

    def __init__(
        self,
        settings: LLMSettings,
        log: CallLog | None = None,
        *,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.log = log
        self._rng = rng or random.Random(settings.seed or 0)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._api: openai.AsyncOpenAI | None = None
        self._slots: asyncio.Semaphore | None = None

    # -- public API -------------------------------------------------------------------------

    async def complete(
        self,
        messages: list[dict[str, Any]],
        schema: type[T],
        *,
        purpose: str,
        prompt_version: str,
    ) -> LLMResult[T]:
        """Ask for an answer matching `schema`; from the cache when this request was seen.

        Raises `LLMOutputError`, `LLMRefusalError`, `LLMRequestError` or `LLMUnavailableError`.
        """
        started = time.monotonic()
        s = self.settings
        key = request_hash(cache_key_fields(s, messages, schema))
        sent = request_messages(s, messages, schema)
        if self.log is not None and (hit := self.log.get(key)) is not None:
            value = _parse(hit.response, schema)
            if isinstance(value, BaseModel):
                self._record(purpose, prompt_version, key, sent, "cached", response=hit.response)
                return LLMResult(value, 0, 0, 0.0, time.monotonic() - started, True, s.model, key)

        reply, value = await self._ask(sent, schema, purpose, prompt_version, key)
        tokens_in, tokens_out = reply.prompt_tokens, reply.completion_tokens
        final_text = reply.text
        if not isinstance(value, BaseModel):
            repair = [
                *sent,
                {"role": "assistant", "content": reply.text},
                {"role": "user", "content": REPAIR_PROMPT.format(error=value)},
            ]
            repair_key = request_hash({"repair_of": key, "messages": repair})
            second, value = await self._ask(repair, schema, purpose, prompt_version, repair_key)
            tokens_in += second.prompt_tokens
            tokens_out += second.completion_tokens
            final_text = second.text
            if not isinstance(value, BaseModel):
                raise LLMOutputError(purpose, value, second.text)
        if self.log is not None:
            self.log.put(key, s.model, final_text, tokens_in, tokens_out)
        return LLMResult(
            value,
            tokens_in,
            tokens_out,
            s.cost(tokens_in, tokens_out),
            time.monotonic() - started,
            False,
            s.model,
            key,
        )

    async def aclose(self) -> None:
        if self._api is not None:
            await self._api.close()
        self._api, self._slots, self._loop = None, None, None

    async def __aenter__(self) -> LLMClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- one request, with retries ------------------------------------------------------------

    def _resources(self) -> tuple[openai.AsyncOpenAI, asyncio.Semaphore]:
        """The HTTP client and semaphore of the running loop (both are bound to one loop)."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._api is None or self._slots is None:
            s = self.settings
            key = s.api_key.get_secret_value() if s.api_key else NO_KEY
            self._api = openai.AsyncOpenAI(
                base_url=s.base_url, api_key=key, max_retries=0, timeout=s.timeout_s
            )
            self._slots = asyncio.Semaphore(s.concurrency)
            self._loop = loop
        return self._api, self._slots

    async def _ask(
        self,
        messages: list[dict[str, Any]],
        schema: type[T],
        purpose: str,
        prompt_version: str,
        key: str,
    ) -> tuple[_Reply, T | str]:
        """One logical request: retried while transient, logged once with its outcome."""
        s = self.settings
        api, slots = self._resources()
        body: dict[str, Any] = {
            "model": s.model,
            "messages": messages,
            "temperature": s.temperature,
        }
        if s.seed is not None:
            body["seed"] = s.seed
        if s.max_output_tokens is not None:
            body["max_tokens"] = s.max_output_tokens
        if s.structured_output != "prompt":
            body["response_format"] = response_format(schema, s.structured_output)

        async with slots:
            reply = await self._send(api, body, purpose, prompt_version, key)
        if reply.prompt_tokens < 0:  # some local servers send no usage: estimate it
            reply = replace(reply, prompt_tokens=count_message_tokens(messages))
        cost = s.cost(reply.prompt_tokens, reply.completion_tokens)
        refusal = reply.refusal or (
            "finish_reason content_filter" if reply.finish_reason == "content_filter" else None
        )
        value = _parse(reply.text, schema) if not refusal else "refused"
        status: Status = "refused" if refusal else "ok"
        problem = refusal
        if not refusal and not isinstance(value, BaseModel):
            status = "invalid"
            if reply.finish_reason == "length":
                value = f"{value} (the reply was cut off at the token limit)"
            problem = value
        self._record(
            purpose,
            prompt_version,
            key,
            messages,
            status,
            response=reply.text,
            error=problem,
            tokens=(reply.prompt_tokens, reply.completion_tokens),
            latency_s=reply.latency_s,
            cost=cost,
        )
        if refusal:
            raise LLMRefusalError(purpose, refusal)
        return reply, value

    async def _send(
        self,
        api: openai.AsyncOpenAI,
        body: dict[str, Any],
        purpose: str,
        prompt_version: str,
        key: str,
    ) -> _Reply:
        s = self.settings
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                completion = await api.chat.completions.create(**body)
            except openai.APIStatusError as error:
                if _is_content_filter(error):
                    return _Reply("", "content_filter", _detail(error), 0, 0, _since(started))
                retryable = error.status_code in RETRY_STATUSES or error.status_code >= 500
                if not retryable:
                    self._fail(body, purpose, prompt_version, key, error, started)
                    raise LLMRequestError(s.host, error.status_code, _detail(error)) from error
                if attempt >= s.max_retries:
                    self._fail(body, purpose, prompt_version, key, error, started)
                    raise LLMUnavailableError(s.host, attempt + 1, _detail(error)) from error
                delay = retry_after(error.response.headers)
            except openai.APIConnectionError as error:  # includes APITimeoutError
                if attempt >= s.max_retries:
                    self._fail(body, purpose, prompt_version, key, error, started)
                    raise LLMUnavailableError(s.host, attempt + 1, _detail(error)) from error
                delay = None
            else:
                return _reply(completion, _since(started))
            if delay is None:
                delay = backoff(attempt, s.backoff_base_s, s.backoff_max_s, self._rng)
            attempt += 1
            await asyncio.sleep(delay)

    def _fail(
        self,
        body: dict[str, Any],
        purpose: str,
        prompt_version: str,
        key: str,
        error: Exception,
        started: float,
    ) -> None:
        self._record(
            purpose,
            prompt_version,
            key,
            body["messages"],
            "error",
            error=_detail(error),
            latency_s=_since(started),
        )

    def _record(
        self,
        purpose: str,
        prompt_version: str,
        key: str,
        messages: list[dict[str, Any]],
        status: Status,
        *,
        response: str | None = None,
        error: str | None = None,
        tokens: tuple[int, int] = (0, 0),
        latency_s: float = 0.0,
        cost: float = 0.0,
    ) -> None:
        if self.log is None:
            return
        self.log.record(
            CallRecord(
                purpose=purpose,
                prompt_version=prompt_version,
                model=self.settings.model,
                host=self.settings.host,
                request_hash=key,
                messages=messages,
                status=status,
                response=response,
                error=error,
                prompt_tokens=tokens[0],
                completion_tokens=tokens[1],
                latency_s=latency_s,
                cost=cost,
            )
        )


# -- structured output ----------------------------------------------------------------------


def cache_key_fields(
    settings: LLMSettings, messages: list[dict[str, Any]], schema: type[BaseModel]
) -> dict[str, Any]:
    """Everything that shapes the answer, and nothing that does not (purpose, host, key)."""
    return {
        "model": settings.model,
        "messages": messages,
        "schema": schema.model_json_schema(),
        "temperature": settings.temperature,
        "seed": settings.seed,
        "max_tokens": settings.max_output_tokens,
        "response_format": settings.structured_output,
    }


def request_messages(
    settings: LLMSettings, messages: list[dict[str, Any]], schema: type[BaseModel]
) -> list[dict[str, Any]]:
    """The messages as sent: in prompt mode the schema is appended to the system message."""
    if settings.structured_output != "prompt":
        return list(messages)
    suffix = PROMPT_MODE_SUFFIX.format(schema=json.dumps(schema.model_json_schema()))
    out = [dict(m) for m in messages]
    if out and out[0].get("role") == "system":
        out[0]["content"] = f"{out[0]['content']}\n\n{suffix}"
    else:
        out.insert(0, {"role": "system", "content": suffix})
    return out


def response_format(schema: type[BaseModel], style: str = "json_schema") -> dict[str, Any]:
    """OpenAI's `json_schema` format, or the `json_object` + `schema` form that
    llama-cpp-python's server and some other local servers take instead."""
    if style == "json_object":
        return {"type": "json_object", "schema": strict_schema(schema)}
    name = re.sub(r"[^A-Za-z0-9_-]", "_", schema.__name__)[:64] or "answer"
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "schema": strict_schema(schema), "strict": True},
    }


def strict_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The schema in the form strict mode demands: closed objects, every property required.

    Pydantic leaves optional fields out of `required` and objects open, which OpenAI's strict
    mode rejects; validation stays with pydantic, so tightening the sent schema is safe.
    """

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:  # strict mode allows no keywords beside $ref
            return {"$ref": node["$ref"]}
        out = {k: walk(v) for k, v in node.items() if k != "default"}
        if out.get("type") == "object" and "properties" in out:
            out["additionalProperties"] = False
            out["required"] = list(out["properties"])
        return out

    strict: dict[str, Any] = walk(schema.model_json_schema())
    return strict


FENCE = re.compile(r"```(?:json)?\s*\n?(.*?)```", re.S | re.I)


def extract_json(text: str) -> str:
    """The JSON in a reply: inside ``` fences if any, else from the first { to the last }."""
    text = text.strip()
    if fenced := FENCE.search(text):
        return fenced.group(1).strip()
    if not text.startswith(("{", "[")):
        start, end = text.find("{"), text.rfind("}")
        if 0 <= start < end:
            return text[start : end + 1]
    return text


def _parse(text: str, schema: type[T]) -> T | str:
    """The validated object, or the error as text to send back for repair."""
    if not text.strip():
        return "the reply was empty"
    try:
        return schema.model_validate_json(extract_json(text))
    except ValidationError as error:
        return _summarise(error)


def _summarise(error: ValidationError, limit: int = 10) -> str:
    parts = []
    for item in error.errors(include_url=False)[:limit]:
        where = ".".join(str(p) for p in item["loc"]) or "(root)"
        parts.append(f"{where}: {item['msg']}")
    more = error.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


# -- retries ---------------------------------------------------------------------------------


def backoff(attempt: int, base_s: float, max_s: float, rng: random.Random) -> float:
    """Exponential delay with equal jitter: half fixed, half random, so clients spread out."""
    delay = min(max_s, base_s * 2.0**attempt)
    return delay / 2 + rng.uniform(0, delay / 2)


def retry_after(headers: Any) -> float | None:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (seconds or an HTTP date)."""
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return min(MAX_RETRY_AFTER_S, max(0.0, float(ms) / 1000))
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return min(MAX_RETRY_AFTER_S, max(0.0, seconds))


def _is_content_filter(error: openai.APIStatusError) -> bool:
    """Azure and others answer a filtered prompt with 400 and code `content_filter`."""
    return getattr(error, "code", None) == "content_filter"


def _detail(error: Exception) -> str:
    if isinstance(error, openai.APITimeoutError):
        return "timed out"
    if isinstance(error, openai.APIStatusError):
        return f"HTTP {error.status_code}: {error.message}"[:500]
    if isinstance(error, openai.APIConnectionError):
        cause = error.__cause__
        return f"connection failed: {cause or error}"[:500]
    return str(error)[:500]


def _reply(completion: Any, latency_s: float) -> _Reply:
    choice = completion.choices[0] if completion.choices else None
    message = choice.message if choice is not None else None
    usage = completion.usage
    text = (message.content if message is not None else None) or ""
    tokens_in = getattr(usage, "prompt_tokens", None)
    tokens_out = getattr(usage, "completion_tokens", None)
    if tokens_out is None:
        tokens_out = count_tokens(text)
    if tokens_in is None:
        tokens_in = -1  # estimated by the caller, which has the messages
    return _Reply(
        text=text,
        finish_reason=choice.finish_reason if choice is not None else None,
        refusal=getattr(message, "refusal", None) or None,
        prompt_tokens=int(tokens_in),
        completion_tokens=int(tokens_out),
        latency_s=latency_s,
    )


def _since(started: float) -> float:
    return time.monotonic() - started
