"""GOV.UK Content API items as passages with exact links.

An item's text is `details.body`, or for guides `details.parts` (each part its own page at
`base_path/slug`, the first also at `base_path`). Bodies come as HTML from the Content API
or as markdown from some exports; both become the same blocks (`sounding.retrieval.markup`),
headings keeping the anchor GOV.UK gives them, so a passage links to the exact heading.
Withdrawn items, and document types not in the allow-list, are left out with a count of why.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sounding.errors import InputError
from sounding.retrieval.markup import body_blocks
from sounding.retrieval.passages import Heading, Passage, Text, sections_to_passages


@dataclass
class Ingested:
    """Passages from a set of items, and the items left out, by reason."""

    passages: list[Passage] = field(default_factory=list)
    documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def _withdrawn(item: Mapping[str, Any]) -> bool:
    flag = item.get("withdrawn")
    return bool(item.get("withdrawn_notice")) or flag is True or str(flag).lower() == "true"


def item_passages(item: Mapping[str, Any], base_url: str) -> list[Passage]:
    """Passages of one content item (assumed allowed and current)."""
    base_path = str(item.get("base_path") or "")
    url = str(item.get("web_url") or (base_url.rstrip("/") + base_path))
    title = str(item.get("title") or base_path)
    document = base_path or url  # translations share a content_id; paths are unique
    kind = str(item.get("document_type") or "")
    updated = str(item.get("public_updated_at") or "")
    details = item.get("details") or {}
    description = str(item.get("description") or "").strip()
    parts = details.get("parts") or []
    if parts:
        passages: list[Passage] = []
        for number, part in enumerate(parts):
            slug = str(part.get("slug") or "")
            blocks = body_blocks(str(part.get("body") or ""))
            if number == 0 and description:
                blocks.insert(0, Text(description))
            part_url = url if number == 0 or not slug else f"{url}/{slug}"
            part_title = str(part.get("title") or "")
            # A part's title is the heading above everything in it.
            passages += sections_to_passages(
                [Heading(1, part_title), *blocks] if part_title else blocks,
                document=document,
                url=part_url,
                title=title,
                kind=kind,
                updated=updated,
            )
        return passages
    blocks = body_blocks(str(details.get("body") or ""))
    if description:
        blocks.insert(0, Text(description))
    return sections_to_passages(
        blocks, document=document, url=url, title=title, kind=kind, updated=updated
    )


def ingest(
    items: Iterable[Mapping[str, Any]], allowed_types: Iterable[str], base_url: str
) -> Ingested:
    """Passages of the current items whose document type is allowed."""
    allowed = set(allowed_types)
    result = Ingested()
    seen: set[str] = set()
    for item in items:
        kind = str(item.get("document_type") or "")
        key = str(item.get("base_path") or item.get("web_url"))
        if not item.get("base_path") and not item.get("web_url"):
            result.skipped["no base_path"] += 1
        elif _withdrawn(item):
            result.skipped["withdrawn"] += 1
        elif kind not in allowed:
            result.skipped[f"document type {kind or 'missing'} not allowed"] += 1
        elif key in seen:
            result.skipped["duplicate"] += 1
        else:
            seen.add(key)
            passages = item_passages(item, base_url)
            if not passages:
                result.skipped["no text"] += 1
                continue
            result.passages += passages
            result.documents += 1
    return result


def _items_in(data: Any, source: Path) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]  # a search API page
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InputError(f"{source} holds no GOV.UK content items.", "Give a JSON object or list.")
    for item in data:
        if isinstance(item, dict):
            yield item


def read_items(source: Path) -> list[Mapping[str, Any]]:
    """Content items from a JSON file (one item or a list) or a folder of such files."""
    if not source.exists():
        raise InputError(f"{source} does not exist.", "Give a JSON file or a folder of them.")
    files = sorted(source.rglob("*.json")) if source.is_dir() else [source]
    if not files:
        raise InputError(f"{source} holds no .json files.", "Give a JSON file or a folder of them.")
    items: list[Mapping[str, Any]] = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(
                f"{path} is not valid JSON: {error}.", "Give Content API JSON."
            ) from error
        items.extend(_items_in(data, path))
    return items
