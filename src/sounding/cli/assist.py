"""`sounding assist ...`: add documents to a collection, then summarise, draft and ask."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from sounding.assist.collection import StoredDocument, list_collections
from sounding.assist.summarise import STYLES
from sounding.cli.console import RichProgress, console, print_error, stdout
from sounding.cli.consult import ConfigOpt, ProgressOpt, friendly_errors
from sounding.config import Settings, load_settings
from sounding.embeddings.base import Embedder
from sounding.errors import SoundingError
from sounding.prompts.assist import TEMPLATES
from sounding.services.assist import (
    DEFAULT_COLLECTION,
    add_files,
    collection,
    open_assistant,
    remove_document,
)
from sounding.services.embedding import model_for

app = typer.Typer(
    rich_markup_mode=None,
    help="Summarise and question documents, with citations to the page.",
    no_args_is_help=True,
)

CollectionOpt = Annotated[str, typer.Option("--collection", "-c", help="The collection to use.")]
HomeOpt = Annotated[
    Path | None, typer.Option(help="Where collections live (default: SOUNDING_HOME).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
LlmOpt = Annotated[bool, typer.Option("--llm", help="Let the configured language model write it.")]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="With --llm: count calls without making them.")
]


def _settings(config: Path | None, home: Path | None, progress: bool | None = False) -> Settings:
    return load_settings(config, home=home, show_progress=progress)


UNITS = {"pdf": "page", "pptx": "slide", "xlsx": "sheet"}
FORMATS = {
    "md": "Markdown",
    "txt": "text",
    "html": "web page",
    "docx": "Word",
    "odt": "ODT",
    "eml": "e-mail",
}


def _size(document: StoredDocument) -> str:
    """ "3 pages", "12 slides", or the format where it has no pages."""
    unit = UNITS.get(document.format)
    if unit is None:
        return FORMATS.get(document.format, document.format.upper())
    return f"{document.pages} {unit}{'s' if document.pages != 1 else ''}"


@app.command("add")
@friendly_errors
def add(
    files: Annotated[
        list[Path], typer.Argument(help="PDF, DOCX, ODT, PPTX, XLSX, HTML, TXT, MD or EML files.")
    ],
    collection_name: CollectionOpt = DEFAULT_COLLECTION,
    home: HomeOpt = None,
    config: ConfigOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Add documents to a collection (a file added before is left as it is)."""
    settings = _settings(config, home, progress)
    target = collection(settings, collection_name)
    existed = target.folder.exists()
    with RichProgress(settings.show_progress) as bars:
        results = add_files(files, target, settings, bars)
    if not existed and all(isinstance(result, SoundingError) for _, result in results):
        # Nothing could be added: leave no empty collection behind to list.
        target.delete()
    failed = 0
    for path, result in results:
        if isinstance(result, SoundingError):
            failed += 1
            named = result.message.startswith(f"{path.name}:")
            print_error(result.message if named else f"{path.name}: {result.message}", result.hint)
            continue
        for document in result.documents:
            status = "already in the collection" if result.already_there else _size(document)
            found = sum(document.personal_data.values())
            line = f"{document.id[:8]}  {document.name} ({status})"
            if found and not result.already_there:
                line += f"; personal data found: {found} (redacted before any model sees it)"
            stdout.print(line)
            for note in document.skipped:
                stdout.print(f"    left out: {note}")
    if target.folder.exists():
        stdout.print(Text.assemble("Collection: ", (target.name, "bold"), f" ({target.folder})"))
    else:
        stdout.print(f"Nothing was added, so collection {target.name!r} was not made.")
    if failed:
        raise typer.Exit(1)


@app.command("list")
@friendly_errors
def list_documents(
    collection_name: CollectionOpt = DEFAULT_COLLECTION,
    as_json: JsonOpt = False,
    home: HomeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List a collection's documents (and the collections there are)."""
    settings = _settings(config, home)
    documents = collection(settings, collection_name).documents()
    if as_json:
        rows = [
            {
                "id": d.id,
                "name": d.name,
                "format": d.format,
                "pages": d.pages,
                "parent": d.parent,
                "personal_data": d.personal_data,
            }
            for d in documents
        ]
        stdout.print_json(json.dumps(rows, ensure_ascii=False))
        return
    for d in documents:
        prefix = "    ↳ " if d.parent else ""
        stdout.print(f"{prefix}{d.id[:8]}  {d.name} ({_size(d)})")
    if not documents:
        stdout.print(f"Collection {collection_name!r} has no documents.")
    others = [c for c in list_collections(settings.home) if c != collection_name]
    if others:
        console.print(f"Other collections: {', '.join(others)}")


@app.command("remove")
@friendly_errors
def remove(
    document: Annotated[str, typer.Argument(help="The document's id (or its start) or name.")],
    collection_name: CollectionOpt = DEFAULT_COLLECTION,
    home: HomeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Remove a document: its file, text, passages, vectors and cached answers."""
    settings = _settings(config, home)
    gone = remove_document(collection(settings, collection_name), document, settings)
    for d in gone:
        stdout.print(f"Removed {d.id[:8]}  {d.name}")


def _documents(
    target: Any, references: list[str], settings: Settings, embedder: Embedder
) -> list[StoredDocument]:
    """The documents named, in order; files not yet added are added first (one model)."""
    files = [Path(r) for r in references if Path(r).is_file()]
    added = dict(add_files(files, target, settings, embedder=embedder)) if files else {}
    chosen: list[StoredDocument] = []
    for reference in references:
        result = added.get(Path(reference))
        if isinstance(result, SoundingError):
            raise result
        chosen.append(result.documents[0] if result is not None else target.find(reference))
    return chosen or [d for d in target.documents() if d.parent is None]


@app.command("summarise")
@friendly_errors
def summarise(
    documents: Annotated[
        list[str] | None,
        typer.Argument(help="Documents (id, name, or a file to add first); default: all."),
    ] = None,
    style: Annotated[str, typer.Option(help="briefing, bullets or plain.")] = "bullets",
    collection_name: CollectionOpt = DEFAULT_COLLECTION,
    llm: LlmOpt = False,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
    home: HomeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Summarise documents; every point cites its page."""
    if style not in STYLES:
        raise SoundingError(f"--style {style!r} is not one of {', '.join(STYLES)}.", "Pick one.")
    settings = _settings(config, home)
    target = collection(settings, collection_name)
    embedder = model_for(settings, settings.embedding_model)  # loaded once for the command
    chosen = _documents(target, documents or [], settings, embedder)
    with open_assistant(
        settings, target, use_llm=llm, dry_run=dry_run, embedder=embedder
    ) as assistant:
        summary = assistant.summarise(chosen, style)
    _print_summary(summary, as_json)


def _print_summary(summary: Any, as_json: bool) -> None:
    if as_json:
        stdout.print_json(json.dumps(summary.as_dict(), ensure_ascii=False))
        return
    stdout.print(summary.render())
    if summary.notes:
        console.print()
    for note in summary.notes:
        console.print(Text(f"({note})", style="dim"))


@app.command("draft")
@friendly_errors
def draft(
    template: Annotated[str, typer.Argument(help=f"One of: {', '.join(TEMPLATES)}.")],
    documents: Annotated[list[str] | None, typer.Argument(help="Documents; default: all.")] = None,
    collection_name: CollectionOpt = DEFAULT_COLLECTION,
    llm: LlmOpt = False,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
    home: HomeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Draft a briefing note, submission summary, reply or minutes from documents."""
    if template not in TEMPLATES:
        raise SoundingError(f"No template {template!r}.", f"Use one of: {', '.join(TEMPLATES)}.")
    settings = _settings(config, home)
    target = collection(settings, collection_name)
    embedder = model_for(settings, settings.embedding_model)  # loaded once for the command
    chosen = _documents(target, documents or [], settings, embedder)
    with open_assistant(
        settings, target, use_llm=llm, dry_run=dry_run, embedder=embedder
    ) as assistant:
        result = assistant.draft(template, chosen)
    _print_summary(result, as_json)


@app.command("ask")
@friendly_errors
def ask(
    question: Annotated[str, typer.Argument(help="The question to answer from the documents.")],
    collection_name: CollectionOpt = DEFAULT_COLLECTION,
    llm: LlmOpt = False,
    dry_run: DryRunOpt = False,
    as_json: JsonOpt = False,
    home: HomeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Answer a question from a collection, citing document and page."""
    if not question.strip():
        raise SoundingError(
            "The question is empty.", 'Ask one: sounding assist ask "Who issues fuel cards?"'
        )
    settings = _settings(config, home)
    target = collection(settings, collection_name)
    with open_assistant(settings, target, use_llm=llm, dry_run=dry_run) as assistant:
        result = assistant.ask(question)
    if as_json:
        stdout.print_json(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    stdout.print(result.answer)
    if result.citations:
        stdout.print()
        stdout.print(Text("Citations", style="bold"))
        for number, c in enumerate(result.citations, start=1):
            where = f", {c.label}" if c.label else ""
            stdout.print(f"[{number}] {c.document}{where}: “{c.quote}”")
    for note in result.notes:
        console.print(Text(f"({note})", style="dim"))


class PersonalData(StrEnum):
    """What a collection's personal data is, in the text a model sees."""

    REDACT = "redact"
    SEND = "send"


@app.command("privacy")
@friendly_errors
def privacy(
    personal_data: Annotated[
        PersonalData,
        typer.Argument(
            help="redact: names, e-mails, numbers and the like are replaced before text goes "
            "to a model (the default); send: text goes as written (only for a model you host "
            "yourself).",
            metavar="REDACT|SEND",
            show_default=False,
        ),
    ],
    collection_name: CollectionOpt = DEFAULT_COLLECTION,
    home: HomeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Set whether a collection's personal data is redacted before a model sees it:
    `sounding assist privacy redact` or `sounding assist privacy send`."""
    settings = _settings(config, home)
    target = collection(settings, collection_name)
    send = personal_data is PersonalData.SEND
    target.set_setting("models_may_see_personal_data", "true" if send else "false")
    state = "sent as written" if send else "redacted before it is sent"
    stdout.print(f"Collection {target.name!r}: personal data is {state} to a model.")
