"""Assist's text extraction: every supported format, written here with its own library, read
back page by page; and the files that must be refused with a clear error instead."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from docx import Document
from fpdf import FPDF
from odf import dc, teletype
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P
from openpyxl import Workbook
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader, PdfWriter

from sounding.assist.document import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    EncryptedDocument,
    Heading,
    Page,
    Text,
    UnreadableDocument,
    UnsupportedDocument,
)
from sounding.assist.extract import SUPPORTED, extract, extract_bytes
from sounding.assist.extract._common import clean
from sounding.assist.extract.pdf import pdf_paragraphs

PAGE_ONE = "The parish council met on Tuesday to agree the budget for the coming year."
PAGE_TWO = "Residents asked for a new crossing outside the primary school."
PAGE_THREE = "The clerk will publish the minutes within ten working days."


def make_pdf(pages: list[list[str]], *, title: str = "", author: str = "") -> bytes:
    """A PDF with one list of paragraphs per page."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    for paragraphs in pages:
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 8, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(6)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A page with only a drawn rectangle: what a scan without a text layer looks like."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 120, 80, style="F")
    return bytes(pdf.output())


def encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def texts(page: Page) -> list[str]:
    return [block.text for block in page.blocks]


# PDF


@pytest.fixture(scope="module")
def minutes_pdf() -> bytes:
    return make_pdf(
        [
            [PAGE_ONE, "The committee reviewed a self-\nfunded version of the draft plan."],
            [PAGE_TWO, "Parking on the green was discussed\nat some length."],
            [PAGE_THREE],
        ],
        title="Council minutes",
        author="Parish clerk",
    )


def test_pdf_pages_are_numbered_and_labelled(tmp_path: Path, minutes_pdf: bytes) -> None:
    path = tmp_path / "minutes.pdf"
    path.write_bytes(minutes_pdf)
    document = extract(path)
    assert document.name == "minutes.pdf"
    assert document.format == "pdf"
    assert [(p.number, p.label) for p in document.pages] == [
        (1, "page 1"),
        (2, "page 2"),
        (3, "page 3"),
    ]
    assert document.metadata == {"title": "Council minutes", "author": "Parish clerk"}
    assert document.skipped == ()


def test_pdf_text_stays_on_its_page(minutes_pdf: bytes) -> None:
    pages = extract_bytes(minutes_pdf, "minutes.pdf").pages
    assert PAGE_TWO in pages[1].text
    assert PAGE_ONE not in pages[1].text
    assert PAGE_ONE in pages[0].text
    assert texts(pages[2]) == [PAGE_THREE]


def test_pdf_lines_join_into_paragraphs(minutes_pdf: bytes) -> None:
    pages = extract_bytes(minutes_pdf, "minutes.pdf").pages
    # A printer breaks lines after real hyphens: the hyphen stays.
    assert "The committee reviewed a self-funded version of the draft plan." in texts(pages[0])
    assert "Parking on the green was discussed at some length." in texts(pages[1])
    assert all(isinstance(block, Text) for page in pages for block in page.blocks[1:])


def test_pdf_paragraph_rules() -> None:
    lines = (
        "First line of\na paragraph ends here.\nA new one starts.\n\nwell-\nknown words\nx-\n\n"
        "Keeping records\nRecords are kept for six years.\n"
    )
    blocks = pdf_paragraphs(lines)
    assert [b.text for b in blocks] == [
        "First line of a paragraph ends here.",
        "A new one starts.",
        "well-known words x-",
        "Keeping records Records are kept for six years.",
    ]
    assert not any(isinstance(block, Heading) for block in blocks)


def test_pdf_with_an_empty_page_records_it() -> None:
    data = make_pdf([[PAGE_ONE], [], [PAGE_THREE]])
    document = extract_bytes(data, "gap.pdf")
    assert [len(page.blocks) for page in document.pages] == [1, 0, 1]
    assert document.skipped == ("page 2: no text layer",)


def test_scanned_pdf_is_refused_with_advice_to_run_ocr() -> None:
    with pytest.raises(UnreadableDocument) as raised:
        extract_bytes(scanned_pdf(), "scan.pdf")
    assert "scan.pdf" in str(raised.value)
    assert "OCR" in raised.value.hint


def test_pdf_with_a_password_is_refused(minutes_pdf: bytes) -> None:
    with pytest.raises(EncryptedDocument) as raised:
        extract_bytes(encrypted(minutes_pdf, "secret"), "locked.pdf")
    assert "locked.pdf" in raised.value.message
    assert raised.value.hint


def test_pdf_encrypted_with_an_empty_password_reads(minutes_pdf: bytes) -> None:
    document = extract_bytes(encrypted(minutes_pdf, ""), "open.pdf")
    assert PAGE_TWO in document.pages[1].text


def test_pdf_over_the_page_limit_is_refused(minutes_pdf: bytes) -> None:
    with pytest.raises(DocumentTooLarge, match="3 pages"):
        extract_bytes(minutes_pdf, "minutes.pdf", max_pages=2)


@pytest.mark.parametrize("cut", [40, 400])
def test_truncated_pdf_is_corrupt(minutes_pdf: bytes, cut: int) -> None:
    with pytest.raises(CorruptDocument, match=r"half\.pdf"):
        extract_bytes(minutes_pdf[:cut], "half.pdf")


# Word, OpenDocument, PowerPoint, Excel


def test_docx_headings_paragraphs_lists_and_tables_in_order(tmp_path: Path) -> None:
    document = Document()
    document.core_properties.title = "Play area survey"
    document.core_properties.author = "Ward officer"
    document.add_heading("Play area survey", 0)
    document.add_heading("What we asked", 1)
    document.add_paragraph("We asked families\tabout  the swings.")
    document.add_paragraph("More benches", style="List Bullet")
    document.add_paragraph("Better lighting", style="List Bullet")
    document.add_heading("Results", 2)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, [("Answer", "Count", ""), ("Yes", "42", "")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Thank you for taking part.")
    path = tmp_path / "survey.docx"
    document.save(str(path))

    result = extract(path)
    assert result.format == "docx"
    assert result.metadata == {"title": "Play area survey", "author": "Ward officer"}
    assert [(p.number, p.label) for p in result.pages] == [(None, "")]
    assert result.pages[0].blocks == (
        Heading(2, "Play area survey"),
        Heading(2, "What we asked"),
        Text("We asked families about the swings."),
        Text("More benches", list_item=True),
        Text("Better lighting", list_item=True),
        Heading(3, "Results"),
        Text("Answer | Count"),
        Text("Yes | 42"),
        Text("Thank you for taking part."),
    )


def test_odt_headings_paragraphs_lists_and_tables(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text="Library hours"))
    document.text.addElement(H(outlinelevel=1, text="Opening hours"))
    spaced = P()
    teletype.addTextToElement(spaced, "The library opens\tat nine  on weekdays.")
    document.text.addElement(spaced)
    items = List()
    for text in ("Saturday mornings", "Late Thursday"):
        item = ListItem()
        item.addElement(P(text=text))
        items.addElement(item)
    document.text.addElement(items)
    document.text.addElement(H(outlinelevel=2, text="Fees"))
    table = Table(name="Fees")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for values in (("Item", "Fee"), ("Late return", "20p")):
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.text.addElement(table)
    path = tmp_path / "hours.odt"
    document.save(str(path))

    result = extract(path)
    assert result.format == "odt"
    assert result.metadata["title"] == "Library hours"
    assert result.pages[0].blocks == (
        Heading(2, "Opening hours"),
        Text("The library opens at nine on weekdays."),
        Text("Saturday mornings", list_item=True),
        Text("Late Thursday", list_item=True),
        Heading(3, "Fees"),
        Text("Item | Fee"),
        Text("Late return | 20p"),
    )


def test_pptx_slides_with_titles_body_tables_and_notes(tmp_path: Path) -> None:
    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[1])
    assert first.shapes.title is not None
    first.shapes.title.text = "Recycling plan"
    body = first.placeholders[1].text_frame
    body.text = "Weekly food waste collection"
    body.add_paragraph().text = "Glass every fortnight"
    first.notes_slide.notes_text_frame.text = "Costs are still being agreed."
    second = deck.slides.add_slide(deck.slide_layouts[5])
    assert second.shapes.title is not None
    second.shapes.title.text = "Timetable"
    table = second.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for r, values in enumerate([("Phase", "Start"), ("Trial", "June")]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "plan.pptx"
    deck.save(str(path))

    result = extract(path)
    assert result.format == "pptx"
    assert [(p.number, p.label) for p in result.pages] == [(1, "slide 1"), (2, "slide 2")]
    assert result.pages[0].blocks == (
        Heading(2, "Recycling plan"),
        Text("Weekly food waste collection"),
        Text("Glass every fortnight"),
        Text("Notes: Costs are still being agreed."),
    )
    assert result.pages[1].blocks == (
        Heading(2, "Timetable"),
        Text("Phase | Start"),
        Text("Trial | June"),
    )


def with_cached_value(data: bytes, member: str, formula: str, value: str) -> bytes:
    """The workbook with the value Excel would have saved beside a formula (openpyxl
    writes formulas without one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == member:
                old = f"<f>{formula}</f><v></v>".encode()
                assert old in content
                content = content.replace(old, f"<f>{formula}</f><v>{value}</v>".encode())
            target.writestr(info, content)
    return out.getvalue()


def test_xlsx_one_page_per_sheet_with_cached_formula_values(tmp_path: Path) -> None:
    workbook = Workbook()
    budget = workbook.active
    assert budget is not None
    budget.title = "Budget"
    budget.append(["Item", "Cost", "Doubled"])
    budget.append(["Paint", 40, "=B2*2"])
    budget.append([])
    budget.append(["Brushes", 12.5, None])
    notes = workbook.create_sheet("Notes")
    notes.append(["Agreed", datetime(2025, 4, 1)])
    workbook.create_sheet("Empty")
    out = io.BytesIO()
    workbook.save(out)
    path = tmp_path / "budget.xlsx"
    path.write_bytes(with_cached_value(out.getvalue(), "xl/worksheets/sheet1.xml", "B2*2", "80"))

    result = extract(path)
    assert result.format == "xlsx"
    assert [(p.number, p.label) for p in result.pages] == [
        (1, "sheet Budget"),
        (2, "sheet Notes"),
        (3, "sheet Empty"),
    ]
    assert texts(result.pages[0]) == ["Item | Cost | Doubled", "Paint | 40 | 80", "Brushes | 12.5"]
    assert texts(result.pages[1]) == ["Agreed | 2025-04-01"]
    assert result.skipped == ("sheet Empty: empty",)


def test_xlsx_rows_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    import sounding.assist.extract.sheets as sheets

    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for n in range(5):
        sheet.append([f"row {n}"])
    out = io.BytesIO()
    workbook.save(out)
    result = extract_bytes(out.getvalue(), "long.xlsx")
    assert texts(result.pages[0]) == ["row 0", "row 1", "row 2"]
    assert result.skipped == ("sheet Sheet: rows after the first 3 with text",)


# Text formats


def test_txt_paragraphs_and_a_legacy_encoding() -> None:
    text = "The café in Zürich opens at eight.\nThe crème brûlée is back.\n\n\nNé à Genève."
    result = extract_bytes(text.encode("cp1252"), "notes.txt")
    assert result.format == "txt"
    assert texts(result.pages[0]) == [
        "The café in Zürich opens at eight. The crème brûlée is back.",
        "Né à Genève.",
    ]


def test_txt_lines_that_read_as_headings_are_headings() -> None:
    """A short first line with no closing punctuation heads what follows it; a sentence,
    a line ending mid-phrase, or a last line with nothing after it does not."""
    text = (
        "Fuel Card Policy\n\nVersion 3, approved in March.\n\n"
        "Lost or stolen cards\nReport a lost card within 24 hours.\n\n"
        "Cards are issued to\nevery driver.\n\nAsk the fleet office"
    )
    blocks = extract_bytes(text.encode(), "policy.txt").pages[0].blocks
    assert blocks == (
        Heading(2, "Fuel Card Policy"),
        Text("Version 3, approved in March."),
        Heading(2, "Lost or stolen cards"),
        Text("Report a lost card within 24 hours."),
        Text("Cards are issued to every driver."),
        Text("Ask the fleet office"),
    )


def test_markdown_headings_and_lists() -> None:
    markdown = (
        "# Walking routes\n\nThree routes start at the **church**.\n\n"
        "## Short route\n\n- Two miles\n- Flat\n"
    )
    result = extract_bytes(markdown.encode(), "routes.md")
    assert result.format == "md"
    assert result.pages[0].blocks == (
        Heading(2, "Walking routes", "walking-routes"),
        Text("Three routes start at the church."),
        Heading(3, "Short route", "short-route"),  # under the document's own heading
        Text("Two miles", list_item=True),
        Text("Flat", list_item=True),
    )


def test_html_without_head_scripts_or_styles() -> None:
    html = """<html><head><title>Bin days &amp; times</title><style>p {color: red}</style>
    </head><body><h1>Bin days</h1><script>track()</script><p>Collections are on
    Mondays.</p><h3 id="holidays">Holidays</h3><ul><li>Boxing Day moves to Tuesday</li></ul>
    </body></html>"""
    result = extract_bytes(html.encode(), "bins.htm")
    assert result.format == "html"
    assert result.metadata == {"title": "Bin days & times"}
    assert result.pages[0].blocks == (
        Heading(2, "Bin days"),
        Text("Collections are on Mondays."),
        Heading(4, "Holidays", "holidays"),  # h1 read as 2, so h3 as 4
        Text("Boxing Day moves to Tuesday", list_item=True),
    )


def test_clean_keeps_words_and_drops_controls() -> None:
    assert clean("Cafe\u0301\x00 and\x0cmore\t\ttext \u00a0 here\r\n") == "Café and more text here"


# E-mail


def nested_message() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Bob Example <bob@example.org>"
    message["Subject"] = "Earlier note"
    message.set_content("The hall is booked for the fifth of May.")
    return message


def test_eml_headers_body_and_attachments(minutes_pdf: bytes) -> None:
    message = EmailMessage()
    message["From"] = "Alice Example <alice@example.org>"
    message["To"] = "Council <council@example.org>"
    message["Cc"] = "Clerk <clerk@example.org>"
    message["Date"] = format_datetime(datetime(2025, 3, 4, 9, 30, tzinfo=UTC))
    message["Subject"] = "Minutes of the March meeting"
    message.set_content("Please find the minutes attached.\n\nThey need approval by Friday.")
    message.add_alternative("<p>Please find the <b>minutes</b> attached.</p>", subtype="html")
    message.add_attachment(minutes_pdf, maintype="application", subtype="pdf", filename="m.pdf")
    message.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="a.png")
    message.add_attachment(b"not a pdf", maintype="application", subtype="pdf", filename="b.pdf")
    message.add_attachment(nested_message())

    result = extract_bytes(message.as_bytes(), "meeting.eml")
    assert result.format == "eml"
    assert texts(result.pages[0]) == [
        "From: Alice Example <alice@example.org>",
        "To: Council <council@example.org>",
        "Cc: Clerk <clerk@example.org>",
        "Date: Tue, 04 Mar 2025 09:30:00 +0000",
        "Subject: Minutes of the March meeting",
        "Please find the minutes attached.",
        "They need approval by Friday.",
    ]
    assert result.metadata["title"] == "Minutes of the March meeting"
    pdf, forwarded = result.attachments
    assert (pdf.name, pdf.format) == ("m.pdf", "pdf")
    assert PAGE_TWO in pdf.pages[1].text
    assert (forwarded.name, forwarded.format) == ("Earlier note.eml", "eml")
    assert "The hall is booked for the fifth of May." in forwarded.pages[0].text
    assert result.skipped[0] == "attachment a.png: images hold no text"
    assert result.skipped[1].startswith("attachment b.pdf: ")
    assert len(result.skipped) == 2


def test_eml_html_only_body_and_named_nested_message(tmp_path: Path) -> None:
    message = EmailMessage()
    message["From"] = "alice@example.org"
    message["Subject"] = "Fwd: hall"
    message.set_content("<h2>Hall</h2><p>Booked&nbsp;for May.</p>", subtype="html")
    message.make_mixed()
    message.add_attachment(nested_message(), filename="hall.eml")
    path = tmp_path / "fwd.eml"
    path.write_bytes(message.as_bytes())

    result = extract(path)
    assert result.pages[0].blocks[-2:] == (Heading(2, "Hall"), Text("Booked for May."))
    assert [a.name for a in result.attachments] == ["hall.eml"]
    assert result.attachments[0].metadata["title"] == "Earlier note"


def test_eml_nested_too_deep_is_skipped_not_fatal() -> None:
    message = nested_message()
    for depth in range(7):
        outer = EmailMessage()
        outer["Subject"] = f"Level {depth}"
        outer.set_content(f"Wrapper number {depth}.")
        outer.add_attachment(message)
        message = outer
    result = extract_bytes(message.as_bytes(), "deep.eml")
    levels = 0
    while result.attachments:
        (result,) = result.attachments
        levels += 1
    assert levels == 5
    assert result.skipped == ("attachment Level 0.eml: it is nested more than 5 e-mails deep.",)


def test_text_file_mentioning_the_pdf_header_is_text() -> None:
    note = b"A PDF file starts with %PDF-1.7 and ends with %%EOF."
    assert extract_bytes(note, "note.txt").pages[0].text == note.decode()


# Refused files


def test_unsupported_suffix_lists_the_supported_ones() -> None:
    with pytest.raises(UnsupportedDocument) as raised:
        extract_bytes(b"\x89PNG\r\n\x1a\n", "photo.png")
    assert "photo.png" in raised.value.message
    assert all(suffix in raised.value.hint for suffix in SUPPORTED)


@pytest.mark.parametrize("name", ["broken.pdf", "broken.docx", "broken.xlsx"])
def test_corrupt_bytes_are_corrupt(name: str) -> None:
    with pytest.raises(CorruptDocument, match=re.escape(name)):
        extract_bytes(b"this is not the file it claims to be", name)


def test_docx_with_damaged_xml_is_corrupt() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document")
    with pytest.raises(CorruptDocument, match=r"bad\.docx"):
        extract_bytes(out.getvalue(), "bad.docx")


def test_pdf_named_docx_names_both(minutes_pdf: bytes) -> None:
    with pytest.raises(DocumentError) as raised:
        extract_bytes(minutes_pdf, "minutes.docx")
    assert "minutes.docx" in raised.value.message
    assert "Word document" in raised.value.message
    assert "PDF" in raised.value.message


def test_content_decides_when_the_suffix_is_unknown(minutes_pdf: bytes) -> None:
    assert extract_bytes(minutes_pdf, "download").format == "pdf"


def test_file_over_max_bytes_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(DocumentTooLarge, match=r"big\.txt"):
        extract(path, max_bytes=1000)
    with pytest.raises(DocumentTooLarge):
        extract_bytes(path.read_bytes(), "big.txt", max_bytes=1000)


def test_zip_that_expands_too_far_is_refused(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("same words again " * 100_000)
    path = tmp_path / "bomb.docx"
    document.save(str(path))
    size = path.stat().st_size
    assert size < 100_000
    with pytest.raises(DocumentTooLarge, match="expand"):
        extract(path, max_bytes=100_000)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"gone\.pdf"):
        extract(tmp_path / "gone.pdf")


def test_text_file_with_no_text_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match=r"blank\.txt"):
        extract_bytes(b"\n\n  \n", "blank.txt")


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx"])
def test_an_empty_file_is_said_to_be_empty_whatever_its_kind(name: str) -> None:
    with pytest.raises(UnreadableDocument, match=rf"{re.escape(name)}: the file is empty\."):
        extract_bytes(b"", name)
