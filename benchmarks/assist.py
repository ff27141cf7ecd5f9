"""Assist on the 157 GOV.UK pages printed as PDFs: ingestion, retrieval, answers and
summaries, offline.

Each GOV.UK item of the shared data is written as a plain HTML page (title, description,
then its guide parts or its body) and printed to PDF by Chromium (cached under
`benchmarks/.work/assist/pdfs/`), with one more PDF of at least 100 pages made of many
items in a row. Then (each set added to a fresh SOUNDING_HOME):

- ingestion time: the long PDF alone (pages, passages, seconds; target 20 s or less), then
  the 157 PDFs into one collection;
- gold pages: for each in-scope question of Ask's set (`sounding.datasets.ask_questions`),
  the PDF pages of its answering documents whose text holds its evidence (compared without
  case, bullets, line breaks or spacing); questions whose evidence is on no page are left
  out and counted;
- retrieval, page level: recall@1 and recall@5 of pages (each page once, in the order of
  its best passage) for BM25 alone, embeddings alone and the hybrid fusion Assist uses
  (a hit is a gold page; no relevance threshold);
- answers offline, for every in-scope and out-of-scope question: latency after a warm-up
  (the fastest of three runs, with the load average, as the machine may be shared), the
  share answered, whether the first citation is on a gold page, and whether every quote of
  every citation is on the page it cites (all must be);
- summaries offline of the five longest documents: time, and whether every point cites a
  page its document has.

Results go to the terminal and into BENCHMARKS.md between the assist markers.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import shutil
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pypdf import PdfReader

from benchmarks_md import write_section
from sounding.assist.answer import DocumentAnswer
from sounding.assist.collection import Collection, StoredDocument, page_of
from sounding.config import Settings
from sounding.datasets.ask_questions import GOVUK_PAGES, AskQuestion, load_ask_questions
from sounding.datasets.common import default_data_dir
from sounding.errors import SoundingError
from sounding.retrieval.extract import quoted_in
from sounding.retrieval.index import PassageIndex
from sounding.retrieval.markup import body_blocks
from sounding.retrieval.passages import Block, Heading
from sounding.services.assist import Assistant, add_files, collection, open_assistant
from sounding.services.embedding import model_for

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "assist"
PDFS = WORK / "pdfs"
LONG_PDF = PDFS / "long-100-pages.pdf"
LONG_PAGES = 100
#: Characters of text an A4 page holds, roughly: where the long PDF's first try starts.
CHARS_PER_PAGE = 2500
METHODS = ("words", "meaning", "hybrid")
METHOD_NAMES = {"words": "BM25 alone", "meaning": "embeddings alone", "hybrid": "hybrid (RRF)"}
SUMMARISED = 5
#: Times each question is asked; its latency is the fastest.
REPEATS = 3
STYLE = "p { line-height: 1.4 } li { margin: 0.2em 0 }"

Gold = set[tuple[str, int]]  # (document id, page number)


# -- the PDFs -------------------------------------------------------------------------------


def pdf_name(base_path: str) -> str:
    """`/government/publications/x` → `government-publications-x.pdf`."""
    return re.sub(r"[^a-z0-9]+", "-", base_path.lower()).strip("-") + ".pdf"


def blocks_html(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    in_list = False
    for block in blocks:
        item = not isinstance(block, Heading) and block.list_item
        if in_list and not item:
            out.append("</ul>")
        elif item and not in_list:
            out.append("<ul>")
        in_list = item
        text = html.escape(block.text)
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{text}</h{block.level}>")
        else:
            out.append(f"<li>{text}</li>" if item else f"<p>{text}</p>")
    return "\n".join(out + (["</ul>"] if in_list else []))


def item_html(item: dict[str, Any]) -> str:
    """One item's content: `<h1>` title, its description, then its parts or its body."""
    details = item.get("details") or {}
    out = [f"<h1>{html.escape(item['title'])}</h1>"]
    if description := str(item.get("description") or "").strip():
        out.append(f"<p>{html.escape(description)}</p>")
    for part in details.get("parts") or []:
        out.append(f"<h2>{html.escape(str(part.get('title') or ''))}</h2>")
        out.append(blocks_html(body_blocks(str(part.get("body") or ""))))
    if not details.get("parts"):
        out.append(blocks_html(body_blocks(str(details.get("body") or ""))))
    return "\n".join(out)


def document_html(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )


class Printer:
    """Chromium through Playwright, printing HTML to A4 PDFs."""

    def __enter__(self) -> Printer:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu"],
        )
        self._page = self._browser.new_page()
        return self

    def to_pdf(self, document: str, path: Path) -> None:
        """Print `document` to `path`, which appears only once complete."""
        partial = path.with_suffix(".part")
        self._page.set_content(document)
        self._page.pdf(path=str(partial), format="A4")
        partial.replace(path)

    def __exit__(self, *exc: object) -> None:
        self._browser.close()
        self._playwright.stop()


def pdf_pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def print_long(printer: Printer, items: Sequence[dict[str, Any]]) -> None:
    """Items one after another (the set repeated if need be) until it prints ≥ 100 pages."""
    bodies = [item_html(item) for item in items]
    wanted = LONG_PAGES * CHARS_PER_PAGE
    while True:
        chosen: list[str] = []
        while sum(len(b) for b in chosen) < wanted:
            chosen.append(bodies[len(chosen) % len(bodies)])
        printer.to_pdf(document_html("Many GOV.UK pages", "\n".join(chosen)), LONG_PDF)
        if pdf_pages(LONG_PDF) >= LONG_PAGES:
            return
        wanted = int(wanted * 1.25)


def make_pdfs(items: Sequence[dict[str, Any]]) -> list[Path]:
    """The items' PDFs (and the long one), printing only those missing."""
    PDFS.mkdir(parents=True, exist_ok=True)
    paths = [PDFS / pdf_name(item["base_path"]) for item in items]
    missing = [(item, path) for item, path in zip(items, paths, strict=True) if not path.exists()]
    if missing or not LONG_PDF.exists():
        print(f"printing {len(missing) + (not LONG_PDF.exists())} PDFs…", flush=True)
        with Printer() as printer:
            for item, path in missing:
                printer.to_pdf(document_html(item["title"], item_html(item)), path)
            if not LONG_PDF.exists():
                print_long(printer, items)
    return paths


# -- ingestion ------------------------------------------------------------------------------


@dataclass
class Ingestion:
    target: Collection
    settings: Settings
    seconds: float
    files: int
    failed: list[str]
    pages: int
    passages: int
    load: float


def ingest(paths: Sequence[Path], home: Path, name: str) -> Ingestion:
    """`paths` added to collection `name` of a fresh SOUNDING_HOME, timed."""
    shutil.rmtree(home, ignore_errors=True)
    settings = Settings(home=home, show_progress=False)
    target = collection(settings, name)
    print(f"adding {len(paths)} PDF(s) to {home.name}…", flush=True)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    results = add_files(paths, target, settings)
    seconds = time.perf_counter() - started
    failed = [f"{p.name}: {r}" for p, r in results if isinstance(r, SoundingError)]
    pages = sum(d.pages for d in target.documents())
    passages = len(target.index())
    return Ingestion(target, settings, seconds, len(paths), failed, pages, passages, load)


# -- gold pages -----------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Case folded, bullets gone, whitespace (line breaks included) one space."""
    return " ".join(text.replace("•", " ").split()).casefold()


class Pages:
    """A collection's pages' text, each document read once."""

    def __init__(self, target: Collection) -> None:
        self.target = target
        self._texts: dict[str, dict[int | None, str]] = {}

    def of(self, document_id: str) -> dict[int | None, str]:
        if document_id not in self._texts:
            self._texts[document_id] = {p.number: p.text for p in self.target.pages(document_id)}
        return self._texts[document_id]

    def text(self, document_id: str, page: int | None) -> str:
        """A page's text; every page's, joined, where `page` is None."""
        texts = self.of(document_id)
        return "\n".join(texts.values()) if page is None else texts.get(page, "")


def gold_pages(question: AskQuestion, by_name: dict[str, StoredDocument], pages: Pages) -> Gold:
    """The pages of the question's documents whose text holds its evidence."""
    evidence = normalise(question.evidence or "")
    found: Gold = set()
    for path in question.pages:
        document = by_name.get(pdf_name(path))
        if document is None or not evidence:
            continue
        for number, text in pages.of(document.id).items():
            if number is not None and evidence in normalise(text):
                found.add((document.id, number))
    return found


# -- retrieval ------------------------------------------------------------------------------


def all_gold(target: Collection, questions: Sequence[AskQuestion]) -> dict[str, Gold]:
    """Gold pages by question id, for the questions that have any."""
    by_name = {d.name: d for d in target.documents()}
    pages = Pages(target)
    return {q.id: found for q in questions if (found := gold_pages(q, by_name, pages))}


#: Passages ranked to find the best five distinct pages.
PASSAGES_FOR_PAGES = 30


def retrieval(
    index: PassageIndex,
    questions: Sequence[AskQuestion],
    vectors: np.ndarray,
    gold: dict[str, Gold],
) -> dict[str, dict[str, float]]:
    """Recall@1 and recall@5 of pages by method: the pages of the ranked passages, each page
    counted once, in the order their first passage comes (a page is what a citation names),
    a hit being a gold page."""
    scores: dict[str, dict[str, list[float]]] = {m: {"r1": [], "r5": []} for m in METHODS}
    for question, vector in zip(questions, vectors, strict=True):
        query = index.query(index.spelled_out(question.question), vector)
        for method in METHODS:
            ranked = index.rank(query, method, PASSAGES_FOR_PAGES)
            pages = list(dict.fromkeys((p.document, page_of(p)) for p in ranked))[:5]
            found = [page in gold[question.id] for page in pages]
            scores[method]["r1"].append(float(found[0]))
            scores[method]["r5"].append(float(any(found)))
    return {m: {k: float(np.mean(v)) for k, v in s.items()} for m, s in scores.items()}


def retrieval_by_split(
    ingestion: Ingestion, questions: Sequence[AskQuestion], gold: dict[str, Gold]
) -> dict[str, tuple[int, dict[str, dict[str, float]]]]:
    index = ingestion.target.index()
    embedder = model_for(ingestion.settings, ingestion.settings.embedding_model)
    # Searched as Assist searches them: acronyms the documents define spelled out.
    searched = [index.spelled_out(q.question) for q in questions]
    vectors = np.asarray(embedder.embed(searched), dtype=np.float32)
    dev = [i for i, q in enumerate(questions) if q.split == "dev"]
    return {
        "dev": (len(dev), retrieval(index, [questions[i] for i in dev], vectors[dev], gold)),
        "all": (len(questions), retrieval(index, questions, vectors, gold)),
    }


# -- answers and summaries ------------------------------------------------------------------


@dataclass
class Asked:
    question: AskQuestion
    status: str
    first_on_gold: bool
    citations: int
    valid: int
    ms: float


def timed_ask(assistant: Assistant, question: str, repeats: int) -> tuple[DocumentAnswer, float]:
    """The answer, and the fastest of `repeats` runs in ms (answers offline are the same each
    time; the fastest is the least disturbed by other work on the machine)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        answer = assistant.ask(question)
        best = min(best, time.perf_counter() - started)
    return answer, best * 1000


def answers(
    ingestion: Ingestion,
    questions: Sequence[AskQuestion],
    gold: dict[str, Gold],
    repeats: int = REPEATS,
) -> list[Asked]:
    pages = Pages(ingestion.target)
    rows = []
    with open_assistant(ingestion.settings, ingestion.target) as assistant:
        assistant.ask("warm-up question about sick pay")
        for question in questions:
            answer, ms = timed_ask(assistant, question.question, repeats)
            cited = answer.citations
            first = (cited[0].document_id, cited[0].page) if cited else None
            valid = sum(quoted_in(c.quote, pages.text(c.document_id, c.page)) for c in cited)
            on_gold = first in gold.get(question.id, set())
            rows.append(Asked(question, answer.status, on_gold, len(cited), valid, ms))
    return rows


@dataclass
class Summarised:
    document: StoredDocument
    seconds: float
    points: int
    on_real_pages: int
    quoted: int


def summaries(ingestion: Ingestion, count: int = SUMMARISED) -> list[Summarised]:
    """Bullet summaries of the `count` longest documents, each point's page checked."""
    target = ingestion.target
    pages = Pages(target)
    chosen = sorted(target.documents(), key=lambda d: (-d.pages, d.name))[:count]
    rows = []
    with open_assistant(ingestion.settings, target) as assistant:
        for document in chosen:
            started = time.perf_counter()
            summary = assistant.summarise([document], "bullets")
            seconds = time.perf_counter() - started
            real = set(pages.of(document.id))
            on_pages = sum(
                bool(p.pages) and all(n is not None and n in real for n in p.pages)
                for p in summary.points
            )
            quoted = sum(
                any(quoted_in(p.text, pages.text(document.id, n)) for n in p.pages)
                for p in summary.points
            )
            rows.append(Summarised(document, seconds, len(summary.points), on_pages, quoted))
    return rows


# -- the report -----------------------------------------------------------------------------


def share(hits: int, total: int) -> str:
    return f"{hits / total:.0%} ({hits}/{total})" if total else "–"


def ingestion_table(runs: dict[str, Ingestion]) -> list[str]:
    lines = [
        "| Added | Files | Pages | Passages | Seconds | Failed | Load average before |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, run in runs.items():
        lines.append(
            f"| {name} | {run.files} | {run.pages} | {run.passages} | {run.seconds:.1f} "
            f"| {len(run.failed)} | {run.load:.1f} |"
        )
    return lines


def retrieval_table(by_split: dict[str, tuple[int, dict[str, dict[str, float]]]]) -> list[str]:
    lines = ["| Questions | Method | Recall@1 | Recall@5 |", "|---|---|---|---|"]
    for name, (count, by_method) in by_split.items():
        for method in METHODS:
            r = by_method[method]
            lines.append(
                f"| {name} ({count}) | {METHOD_NAMES[method]} | {r['r1']:.3f} | {r['r5']:.3f} |"
            )
    return lines


def answers_table(rows: list[Asked], gold: dict[str, Gold]) -> list[str]:
    lines = [
        "| Questions | In scope answered | First citation on a gold page "
        "| Out of scope not found |",
        "|---|---|---|---|",
    ]
    for name, splits in (("dev", {"dev"}), ("all", {"train", "dev"})):
        chosen = [r for r in rows if r.question.split in splits]
        inside = [r for r in chosen if r.question.kind == "in_scope"]
        answered = [r for r in inside if r.status == "answered" and r.question.id in gold]
        outside = [r for r in chosen if r.question.kind == "out_of_scope"]
        lines.append(
            f"| {name} | {share(sum(r.status == 'answered' for r in inside), len(inside))} "
            f"| {share(sum(r.first_on_gold for r in answered), len(answered))} "
            f"| {share(sum(r.status == 'not_found' for r in outside), len(outside))} |"
        )
    return lines


def summaries_table(rows: list[Summarised]) -> list[str]:
    lines = [
        "| Document | Pages | Points | Citing a real page | Quoted on its page | Seconds |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.document.name} | {r.document.pages} | {r.points} | {r.on_real_pages} "
            f"| {r.quoted} | {r.seconds:.2f} |"
        )
    return lines


def markdown(
    runs: dict[str, Ingestion],
    gold: dict[str, Gold],
    left_out: int,
    by_split: dict[str, tuple[int, dict[str, dict[str, float]]]],
    asked: list[Asked],
    summarised: list[Summarised],
    repeats: int,
    load: float,
) -> str:
    long_run = runs["long PDF"]
    ms = np.array([r.ms for r in asked])
    checked, valid = sum(r.citations for r in asked), sum(r.valid for r in asked)
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}. The 157 GOV.UK pages printed to PDF by Chromium and "
        "added to a fresh collection; the long PDF "
        f"({long_run.pages} pages) added alone to another in {long_run.seconds:.1f} s "
        "(target ≤ 20 s). Times include loading the embedding model.",
        "",
        *ingestion_table(runs),
        "",
        f"Gold pages: the PDF pages holding an in-scope question's evidence. {len(gold)} "
        f"questions have one; {left_out} whose evidence is on no single page are left out.",
        "",
        "Retrieval, page level (the pages of the ranked passages, each once; a hit is a gold "
        "page; no relevance threshold; "
        "target recall@5 ≥ 0.90 for hybrid):",
        "",
        *retrieval_table(by_split),
        "",
        "Answers offline (every in-scope and out-of-scope question):",
        "",
        *answers_table(asked, gold),
        "",
        f"Latency per question ({len(asked)} questions, collection loaded, after a warm-up; "
        f"the fastest of {repeats} runs each, load average {load:.1f} before): "
        f"p50 {np.percentile(ms, 50):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms "
        f"(target ≤ 300 ms). Citations checked: {checked}, valid: {valid} (each quote found "
        "on the page it cites).",
        "",
        f"Summaries offline (style bullets) of the {len(summarised)} longest documents:",
        "",
        *summaries_table(summarised),
    ]
    failed = [f for run in runs.values() for f in run.failed]
    if failed:
        lines += ["", "Files that could not be added:", "", *[f"- {f}" for f in failed]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="runs timed per question")
    args = parser.parse_args()
    data_dir = default_data_dir(args.data_dir)
    if data_dir is None:
        sys.exit("The shared data folder was not found: pass --data-dir.")
    items = json.loads((data_dir / GOVUK_PAGES).read_text(encoding="utf-8"))
    paths = make_pdfs(items)
    runs = {
        "long PDF": ingest([LONG_PDF], WORK / "home-long", "long"),
        "157 GOV.UK PDFs": ingest(paths, WORK / "home", "govuk"),
    }
    govuk = runs["157 GOV.UK PDFs"]
    questions = load_ask_questions()
    in_scope = [q for q in questions if q.kind == "in_scope"]
    gold = all_gold(govuk.target, in_scope)
    by_split = retrieval_by_split(govuk, [q for q in in_scope if q.id in gold], gold)
    answerable = [q for q in questions if q.kind in ("in_scope", "out_of_scope")]
    print("asking…", flush=True)
    load = os.getloadavg()[0]
    asked = answers(govuk, answerable, gold, args.repeats)
    left_out = len(in_scope) - len(gold)
    body = markdown(runs, gold, left_out, by_split, asked, summaries(govuk), args.repeats, load)
    print(body)
    if not args.no_write:
        write_section(
            "assist",
            body,
            "## Assist: documents offline",
            "`python benchmarks/assist.py` (the GOV.UK pages printed to PDF; Ask's question "
            "set, src/sounding/datasets/ask_questions.jsonl).",
        )


if __name__ == "__main__":
    main()
