"""PowerPoint (.pptx): one page per slide, its title as the heading, then its text and notes.

Speaker notes often carry what a slide only hints at, so they are kept, each paragraph
marked "Notes: " so a summary never presents them as the slide's own words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from io import BytesIO

from pptx import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.group import GroupShape
from pptx.slide import Slide
from pptx.text.text import TextFrame

from sounding.assist.document import Block, ExtractedDocument, Heading, Page, Text
from sounding.assist.extract._common import (
    Limits,
    check_pages,
    clean,
    metadata,
    reading,
    row_text,
    text_block,
)


def read_pptx(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    """Every slide, numbered from 1 and labelled "slide n"."""
    with reading(name, "PowerPoint file"):
        presentation = Presentation(BytesIO(data))
        check_pages(len(presentation.slides), name, limits, "slide")
        pages = tuple(
            Page(number, f"slide {number}", tuple(_slide_blocks(slide)))
            for number, slide in enumerate(presentation.slides, start=1)
        )
        properties = presentation.core_properties
        found = metadata(properties.title, properties.author)
    skipped = tuple(f"{page.label}: no text" for page in pages if not page.blocks)
    return ExtractedDocument(name, "pptx", pages, metadata=found, skipped=skipped)


def _slide_blocks(slide: Slide) -> Iterator[Block]:
    title = slide.shapes.title
    title_id = title.shape_id if title is not None else None
    if title is not None and (text := clean(title.text_frame.text)):
        yield Heading(2, text)
    yield from _shape_blocks(s for s in slide.shapes if s.shape_id != title_id)
    if slide.has_notes_slide and (notes := slide.notes_slide.notes_text_frame) is not None:
        for block in _paragraphs(notes):
            yield Text(f"Notes: {block.text}")


def _shape_blocks(shapes: Iterable[BaseShape]) -> Iterator[Text]:
    """Text of shapes in the order they are drawn: text frames, tables, groups' members."""
    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _shape_blocks(shape.shapes)
        elif isinstance(shape, GraphicFrame) and shape.has_table:
            yield from _table_rows(shape)
        elif isinstance(shape, Shape) and shape.has_text_frame:
            yield from _paragraphs(shape.text_frame)


def _paragraphs(frame: TextFrame) -> Iterator[Text]:
    for paragraph in frame.paragraphs:
        if block := text_block(paragraph.text):
            yield block


def _table_rows(frame: GraphicFrame) -> Iterator[Text]:
    for row in frame.table.rows:
        cells = (cell.text for cell in row.cells if not cell.is_spanned)
        if text := row_text(cells):
            yield Text(text)
