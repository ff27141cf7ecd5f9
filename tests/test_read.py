"""Reading tables from files, and building a Consultation from them."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sounding.errors import InputError
from sounding.files.columns import ColumnOverrides, detect_columns
from sounding.files.consultation import (
    MISSING_ID,
    build_consultation,
    question_slugs,
)
from sounding.files.read import read_table, sniff_delimiter
from sounding.services.inputs import read_consultation

TEXT_A = "The proposal will help local bus services a great deal"
TEXT_B = "Costs £5 more – the café owners say prices are too high"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def wide_csv(tmp_path: Path, ids: list[str], name: str = "wide.csv") -> Path:
    lines = ["id,region,q1_agree,q1_explain"]
    texts = [TEXT_A, "We need more frequent buses in the evenings", "Please phase it in slowly"]
    for n, rid in enumerate(ids):
        lines.append(f"{rid},North,{'Yes' if n % 2 else 'No'},{texts[n % 3]} (respondent {n})")
    return write(tmp_path / name, "\n".join(lines) + "\n")


# --- encodings and delimiters ---------------------------------------------------------


def test_utf8(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "a.csv", f"id,text\n1,{TEXT_B}\n"))
    assert table.columns == ["id", "text"]
    assert table.rows == [{"id": "1", "text": TEXT_B}]
    assert table.encoding == "utf-8"


def test_utf8_with_bom(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "a.csv", f"id,text\n1,{TEXT_B}\n", "utf-8-sig"))
    assert table.columns == ["id", "text"]  # no "\ufeffid"
    assert table.rows[0]["text"] == TEXT_B
    assert table.encoding == "utf-8-sig"


@pytest.mark.parametrize("text", [f"id,text\r\n1,{TEXT_B}\r\n", "id,text\r\n1,£5 café\r\n"])
def test_cp1252(tmp_path: Path, text: str) -> None:
    table = read_table(write(tmp_path / "a.csv", text, "cp1252"))
    assert table.encoding == "cp1252"
    assert "£" in table.rows[0]["text"] and "é" in table.rows[0]["text"]


def test_utf16_with_bom_is_detected(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "a.csv", f"id,text\n1,{TEXT_B}\n", "utf-16"))
    assert table.rows[0]["text"] == TEXT_B


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,text\n1,hello \x81\x8d world\n2,caf\x8f \x90\x9d\n")
    with pytest.raises(InputError) as info:
        read_table(path)
    assert "undecodable bytes" in info.value.message
    assert "byte offset 16" in info.value.message
    assert "line 2" in info.value.message
    assert "UTF-8" in info.value.hint


def test_excels_unicode_text_export_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode Text" export (UTF-16, tab between columns, named .txt) had been
    refused as an unsupported file type (an FFT export's new user)."""
    path = tmp_path / "export.txt"
    path.write_text("ID\tComment\r\n1\tShorter waits, please\r\n", encoding="utf-16")
    table = read_table(path)
    assert (
        table.columns == ["ID", "Comment"] and table.rows[0]["Comment"] == "Shorter waits, please"
    )


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".txt"])
def test_a_workbook_named_as_text_is_said_to_be_one(tmp_path: Path, suffix: str) -> None:
    """A GP survey's XLSX renamed to .csv had been refused as undecodable text."""
    book = openpyxl.Workbook()
    book.active.append(["id", "answer"])
    book.save(tmp_path / "survey.xlsx")
    renamed = (tmp_path / "survey.xlsx").rename(tmp_path / f"survey{suffix}")
    with pytest.raises(InputError, match="is an Excel workbook") as error:
        read_table(renamed)
    assert "Rename it to end in .xlsx" in error.value.hint
    old = tmp_path / "old.csv"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 60)
    with pytest.raises(InputError, match=r"an old Excel workbook \(\.xls\)"):
        read_table(old)


def test_semicolon_csv(tmp_path: Path) -> None:
    text = "id;region;comment\n1;North;Yes, I agree, mostly\n2;South;No, too costly\n"
    table = read_table(write(tmp_path / "a.csv", text))
    assert table.columns == ["id", "region", "comment"]
    assert table.rows[0]["comment"] == "Yes, I agree, mostly"


def test_tab_sniffed_in_csv_and_forced_in_tsv(tmp_path: Path) -> None:
    text = "id\tcomment\n1\tone, two; three\n"
    for name in ("a.csv", "a.tsv"):
        table = read_table(write(tmp_path / name, text))
        assert table.rows == [{"id": "1", "comment": "one, two; three"}]


def test_sniff_prefers_consistent_delimiter() -> None:
    assert sniff_delimiter("a,b\n1,x;y\n2,z\n") == ","
    assert sniff_delimiter("a;b\n1;x, y, z\n2;z\n") == ";"
    assert sniff_delimiter("single\nvalue\n") == ","


def test_quoted_newlines_and_row_numbers(tmp_path: Path) -> None:
    text = 'id,text\n1,"line one\nline two"\n\n2,plain\n'
    table = read_table(write(tmp_path / "a.csv", text))
    assert table.rows[0]["text"] == "line one\nline two"
    # Spreadsheet rows, not lines: row 2 spans two lines, row 3 is blank (and skipped).
    assert table.row_numbers == [2, 4]


def test_short_rows_padded_and_trailing_empty_columns_dropped(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "a.csv", "id,a,b,\n1,x\n2,y,z,\n"))
    assert table.columns == ["id", "a", "b"]
    assert table.rows == [{"id": "1", "a": "x", "b": ""}, {"id": "2", "a": "y", "b": "z"}]


def test_extra_values_name_the_row(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path / "a.csv", "id,text\n1,fine\n2,not, quoted\n"))
    assert "Row 3" in info.value.message
    assert "quotes" in info.value.hint


def test_header_names_are_stripped(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "a.csv", " id , text \n1,x\n"))
    assert table.columns == ["id", "text"]


def test_repeated_column_names_are_told_apart_after_the_column_before(tmp_path: Path) -> None:
    """Survey tools name every follow-up alike; each is named after the question before it,
    and the table says so, rather than the export being refused."""
    explain = "Please explain your answer"
    table = read_table(
        write(
            tmp_path / "a.csv",
            f"id,Do you agree?,{explain},Is it fair?,{explain} \n1,Yes,a,No,b\n",
        )
    )
    assert table.columns == [
        "id",
        "Do you agree?",
        f"Do you agree? – {explain}",
        "Is it fair?",
        f"Is it fair? – {explain}",
    ]
    assert table.rows[0][f"Is it fair? – {explain}"] == "b"
    assert table.notes == [
        f"Repeated column names were told apart: '{explain}' → 'Do you agree? – {explain}'; "
        f"'{explain}' → 'Is it fair? – {explain}'."
    ]


def test_repeats_with_no_single_column_before_them_are_numbered(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "a.csv", "text,text,id,x,x\n1,2,3,4,5\n"))
    assert table.columns == ["text (1)", "text (2)", "id", "x (1)", "x (2)"]
    # A number already taken is passed over.
    taken = read_table(write(tmp_path / "b.csv", "a,a,a (2),id\n1,2,3,4\n"))
    assert taken.columns == ["a (1)", "a (3)", "a (2)", "id"]


def test_a_title_is_found_above_repeated_column_names(tmp_path: Path) -> None:
    table = read_table(
        write(tmp_path / "a.csv", "Survey export,,\nid,Comments,Comments\n1,a,b\n2,c,d\n")
    )
    assert table.titles == ["Survey export"]
    assert table.columns == ["id", "Comments (1)", "Comments (2)"]


def test_empty_header_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty column name"):
        read_table(write(tmp_path / "a.csv", "id,,text\n1,a,b\n"))


# --- files that are not there or hold nothing -----------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_table(tmp_path / "nope.csv")


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'empty\.csv' is empty"):
        read_table(write(tmp_path / "empty.csv", ""))


def test_blank_lines_only(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        read_table(write(tmp_path / "blank.csv", "\n\n  \n"))


def test_an_empty_file_or_sheet_says_what_to_do(tmp_path: Path) -> None:
    """An empty XLSX had said only "Sheet 'Sheet' of 'empty.xlsx' is empty."."""
    with pytest.raises(InputError) as csv_error:
        read_table(write(tmp_path / "empty.csv", ""))
    assert "export finished writing" in csv_error.value.hint
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(InputError, match="is empty") as xlsx_error:
        read_table(tmp_path / "empty.xlsx")
    assert "--sheet" in xlsx_error.value.hint


def test_a_workbook_written_without_styles_is_read_without_a_warning(tmp_path: Path) -> None:
    """A script's XLSX has no default style; openpyxl's warning about it had been printed
    raw as the first line a user saw."""
    import warnings
    import zipfile

    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Responses" sheetId="1" r:id="r1"/></sheets>'
        "</workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>",
        # Formats for cells, but no named style (Excel's "Normal"), as scripts write them.
        "xl/styles.xml": '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": '<worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t>'
        '</is></c><c r="B1" t="inlineStr"><is><t>comment</t></is></c></row><row r="2">'
        '<c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Lovely staff</t></is></c></row>'
        "</sheetData></worksheet>",
    }
    path = tmp_path / "script.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = read_table(path)
    assert table.columns == ["id", "comment"]


def test_header_only(tmp_path: Path) -> None:
    """The file is named as written ('header_only.csv', quoted), not capitalised."""
    with pytest.raises(InputError, match=r"^'header_only\.csv' has a header row but no data rows"):
        read_table(write(tmp_path / "header_only.csv", "id,text\n"))


def test_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(write(tmp_path / "data.xls", "x"))
    assert "'.xls'" in info.value.message
    for suffix in (".csv", ".tsv", ".xlsx", ".jsonl"):
        assert suffix in info.value.hint


def test_sheet_on_csv_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not an XLSX"):
        read_table(write(tmp_path / "a.csv", "id,text\n1,x\n"), sheet="Data")


# --- XLSX -----------------------------------------------------------------------------


def make_xlsx(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.append(["About", "This workbook"])
    cover.append(["Owner", "Policy team"])
    data = workbook.create_sheet("Responses")
    data.append(["id ", "score", "when", "comment", None])
    data.append([101, 3.0, None, TEXT_B, None])
    data.append([None, None, None, None, None])
    data.append([102, 2.5, True, None, None])
    workbook.save(path)
    return path


def test_xlsx_sheet_with_the_most_rows_by_default(tmp_path: Path) -> None:
    """An export's notes or filters often come first: reading them analysed two lines of
    notes as the consultation, without a word about the sheet of responses."""
    table = read_table(make_xlsx(tmp_path / "book.xlsx"))
    assert table.columns == ["id", "score", "when", "comment"]
    assert table.encoding is None
    assert table.unread_sheets == ["Cover"]
    assert table.sheet_read == "'Responses' (the most rows: 4, against 2 in the first)"
    assert table.notes == [
        "Read sheet 'Responses' (the most rows: 4, against 2 in the first); "
        "sheet(s) 'Cover' not analysed."
    ]
    named = read_table(tmp_path / "book.xlsx", sheet="Cover")
    assert named.columns == ["About", "This workbook"] and named.unread_sheets == ["Responses"]
    book = openpyxl.Workbook()
    book.active.append(["id", "comment"])
    book.active.append([1, TEXT_A])
    book.create_sheet("Empty")
    book.save(tmp_path / "one.xlsx")
    alone = read_table(tmp_path / "one.xlsx")
    assert alone.unread_sheets == [] and alone.sheet_read == "'Sheet' (the first sheet)"


def test_xlsx_sheets_without_their_dimension_are_counted(tmp_path: Path) -> None:
    """A workbook written by a script may not say how many rows a sheet spans: taken as
    none, a library review's cover sheet had been read in place of its responses."""
    made = make_xlsx(tmp_path / "book.xlsx")
    stripped = tmp_path / "nodim.xlsx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            target.writestr(item, data)
    table = read_table(stripped)
    assert table.columns == ["id", "score", "when", "comment"]
    assert table.sheet_read == "'Responses' (the most rows: 4, against 2 in the first)"


def test_formulas_with_no_saved_result_are_named_not_lost_silently(tmp_path: Path) -> None:
    """A workbook written by a program holds formulas Excel never computed; they read as
    blank, which the table says, with where the first is and how to fix it."""
    book = openpyxl.Workbook()
    book.active.append(["id", "comment"])
    book.active.append([1, "Fine"])
    book.active.append([2, '=B2&" indeed"'])
    book.active.append([3, "=1+1"])
    book.save(tmp_path / "book.xlsx")
    table = read_table(tmp_path / "book.xlsx")
    assert table.values("comment") == ["Fine", "", ""]
    assert table.notes == [
        "2 cell(s) hold a formula whose result was never saved (first: row 3, column B) and "
        "were read as blank. Open the workbook in Excel and save it to store the results."
    ]
    # A workbook with no formula says nothing of formulas.
    plain = read_table(make_xlsx(tmp_path / "plain.xlsx"), sheet="Responses")
    assert plain.notes == ["Read sheet 'Responses' (as named); sheet(s) 'Cover' not analysed."]


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    table = read_table(make_xlsx(tmp_path / "book.xlsx"), sheet="Responses")
    assert table.columns == ["id", "score", "when", "comment"]
    assert table.rows == [
        {"id": "101", "score": "3", "when": "", "comment": TEXT_B},
        {"id": "102", "score": "2.5", "when": "TRUE", "comment": ""},
    ]
    assert table.row_numbers == [2, 4]


def test_a_title_above_the_column_names_is_read_as_a_title(tmp_path: Path) -> None:
    """Exports often start with a title in a row of its own; the column names follow."""
    book = openpyxl.Workbook()
    book.active.append(["Staff survey 2026 - export"])
    book.active.append([])
    book.active.append(["id", "Department", "comment"])
    book.active.append([1, "HR", TEXT_A])
    book.save(tmp_path / "titled.xlsx")
    table = read_table(tmp_path / "titled.xlsx")
    assert table.columns == ["id", "Department", "comment"]
    assert table.titles == ["Staff survey 2026 - export"] and table.row_numbers == [4]
    titled = write(tmp_path / "titled.csv", f"Responses received\nid,comment\n1,{TEXT_A}\n")
    assert read_table(titled).titles == ["Responses received"]
    assert "read as a title" in detect_columns(read_table(titled)).shape_reason


@pytest.mark.parametrize(
    "text",
    [
        f"comment\n{TEXT_A}\nGreat idea\n",  # one column: its name is no title
        f"comment\n1,{TEXT_A}\n",  # the row under it is data, not column names
    ],
)
def test_a_single_name_over_data_is_no_title(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "one.csv", text)
    try:
        table = read_table(path)
    except InputError as error:
        assert "values but the header has 1 columns" in error.message
    else:
        assert table.columns == ["comment"] and table.titles == []


def test_a_utf8_mark_before_text_in_another_encoding_is_not_read_as_text(
    tmp_path: Path,
) -> None:
    """An editor's UTF-8 mark on a file a spreadsheet saved as cp1252: the first column
    was named "ï»¿id"."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\xef\xbb\xbfid,comment\n1,caf\xe9 owners are worried\n")
    table = read_table(path)
    assert table.columns == ["id", "comment"]
    assert table.rows[0]["comment"] == "café owners are worried"


def test_xlsx_missing_sheet_lists_sheets(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_table(make_xlsx(tmp_path / "book.xlsx"), sheet="Answers")
    assert "'Answers'" in info.value.message
    assert "'Cover'" in info.value.hint and "'Responses'" in info.value.hint


def test_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"Cannot open 'fake\.xlsx'"):
        read_table(write(tmp_path / "fake.xlsx", "id,text\n1,x\n"))


# --- JSONL ----------------------------------------------------------------------------


def test_jsonl(tmp_path: Path) -> None:
    lines = [
        {"id": 1, "text": TEXT_B, "ok": True},
        {"id": 2, "text": None, "extra": {"a": 1}},
    ]
    path = write(tmp_path / "a.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    table = read_table(path)
    assert table.columns == ["id", "text", "ok", "extra"]
    assert table.rows[0] == {"id": "1", "text": TEXT_B, "ok": "true", "extra": ""}
    assert table.rows[1] == {"id": "2", "text": "", "ok": "", "extra": '{"a": 1}'}


def test_jsonl_bad_line(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"id": 1}\n\n{"id": 2,\n')
    with pytest.raises(InputError, match=r"Line 3 of 'a\.jsonl'"):
        read_table(path)


def test_jsonl_line_not_an_object(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"Line 2 .* not an object"):
        read_table(write(tmp_path / "a.jsonl", '{"id": 1}\n[1, 2]\n'))


# --- building a Consultation ----------------------------------------------------------


def test_read_consultation_wide(tmp_path: Path) -> None:
    consultation, plan = read_consultation(wide_csv(tmp_path, ["A", "B", "C"]))
    assert plan.stance_links == {"q1_explain": "q1_agree"}
    assert [q.id for q in consultation.questions] == ["q1_explain"]
    assert consultation.questions[0].stance_column == "q1_agree"
    first = consultation.responses[0]
    assert (first.id, first.question_id, first.closed_answer) == ("A", "q1_explain", "No")
    assert first.metadata == {"region": "North", "q1_agree": "No"}
    assert consultation.metadata_columns == ["region", "q1_agree"]
    assert consultation.source.endswith("wide.csv")


def test_question_texts(tmp_path: Path) -> None:
    consultation, _ = read_consultation(
        wide_csv(tmp_path, ["A", "B", "C"]), question_texts={"q1_explain": "Why?"}
    )
    assert consultation.questions[0].text == "Why?"


def test_duplicate_ids_name_ids_and_rows(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_consultation(wide_csv(tmp_path, ["A", "B", "A", "C", "B"]))
    message = info.value.message
    assert "'id'" in message
    assert "'A' (rows 2, 4)" in message and "'B' (rows 3, 6)" in message
    assert "'C'" not in message


def test_duplicate_ids_show_at_most_five(tmp_path: Path) -> None:
    ids = [f"X{n}" for n in range(7)] * 2
    with pytest.raises(InputError) as info:
        read_consultation(wide_csv(tmp_path, ids))
    assert "X4" in info.value.message and "X5" not in info.value.message
    assert "and 2 more" in info.value.message


def test_missing_id_becomes_rejection(tmp_path: Path) -> None:
    path = wide_csv(tmp_path, ["A", "", "C", "D"])
    table = read_table(path)
    plan = detect_columns(table, ColumnOverrides(id_column="id"))
    consultation = build_consultation(table, plan)
    assert [r.id for r in consultation.responses] == ["A", "C", "D"]
    (rejection,) = consultation.rejections
    assert (rejection.id, rejection.question_id, rejection.reason) == (
        "row-3",
        "q1_explain",
        MISSING_ID,
    )
    assert rejection.text.startswith("We need more")


def test_all_ids_empty_numbers_rows(tmp_path: Path) -> None:
    table = read_table(wide_csv(tmp_path, ["", "", ""]))
    plan = detect_columns(table, ColumnOverrides(id_column="id"))
    assert plan.id_column is None
    assert "row-2" in plan.id_reason
    consultation = build_consultation(table, plan)
    assert [r.id for r in consultation.responses] == ["row-2", "row-3", "row-4"]
    assert not consultation.rejections


def long_csv(tmp_path: Path, extra: str = "") -> Path:
    q1, q2 = "Do you agree with the proposal?", "Any other comments?"
    rows = [
        ("1", q1, "Yes", "It will make the town centre much safer for everyone"),
        ("1", q2, "", "Please publish the full cost estimate first"),
        ("2", q1, "No", "The scheme takes away parking the shops depend on"),
        ("2", q2, "", "Talk to local traders before deciding anything"),
        ("3", q1, "Yes", "Cleaner air near the primary school is worth it"),
    ]
    lines = ["id,question,stance,response"] + [",".join(r) for r in rows] + [extra]
    return write(tmp_path / "long.csv", "\n".join(lines) + "\n")


def test_read_consultation_long(tmp_path: Path) -> None:
    consultation, plan = read_consultation(long_csv(tmp_path))
    assert plan.shape == "long"
    assert [(q.id, q.text) for q in consultation.questions] == [
        ("do-you-agree-with-the-proposal", "Do you agree with the proposal?"),
        ("any-other-comments", "Any other comments?"),
    ]
    assert consultation.questions[0].stance_column == "stance"
    assert len(consultation.responses) == 5
    first = consultation.responses[0]
    assert (first.id, first.closed_answer, first.metadata) == ("1", "Yes", {"stance": "Yes"})
    assert consultation.responses[1].closed_answer is None


def test_long_duplicate_id_and_question(tmp_path: Path) -> None:
    path = long_csv(tmp_path, extra="2,Any other comments?,,A second comment from two")
    with pytest.raises(InputError) as info:
        read_consultation(path)
    assert "'2' / 'any-other-comments' (rows 5, 7)" in info.value.message
    # ... and the hint says what to do where one respondent answers for several things (a
    # module survey's students, two modules each, had been told only to choose another id).
    assert "add a column joining the id and the thing" in info.value.hint


def test_question_slugs() -> None:
    long_text = "To what extent do you agree that the council should do more about potholes?"
    slugs = question_slugs(["Q1", "q1!", "Q1", "", "???", long_text])
    assert slugs["Q1"] == "q1"
    assert slugs["q1!"] == "q1-2"
    assert slugs["???"] == "q3"
    assert slugs[long_text] == "to-what-extent-do-you-agree-that-the"
    assert len(slugs[long_text]) <= 40
    # Questions that cut to one id are told apart where they differ (a module survey's had
    # been "…-and-statistics" and "…-and-statistics-2").
    best = "PSY1012 Research Methods and Statistics: What was the best thing about this module?"
    change = "PSY1012 Research Methods and Statistics: What one change would improve it?"
    slugs = question_slugs([best, change])
    assert slugs == {
        best: "psy1012-research-methods-was-the-best-thing",
        change: "psy1012-research-methods-one-change-would-improve",
    }


def test_long_rows_without_id_or_question_are_rejected(tmp_path: Path) -> None:
    path = long_csv(tmp_path, extra=",Any other comments?,,No id here\n4,,,No question here")
    consultation, _ = read_consultation(path)
    reasons = [(r.id, r.question_id, r.reason) for r in consultation.rejections]
    assert reasons == [
        ("row-7", "any-other-comments", MISSING_ID),
        ("row-8", "", "missing question"),
    ]
    assert len(consultation.responses) == 5


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_nul_characters_are_removed(tmp_path: Path, suffix: str) -> None:
    """A NUL is never text, and PostgreSQL refuses to store one."""
    path = tmp_path / f"nul{suffix}"
    if suffix == ".csv":
        path.write_bytes(b"id,answer\nR1,safer\x00 streets\nR2,fine\n")
    else:
        path.write_text(json.dumps({"id": "R1", "answer": "safer\x00 streets"}) + "\n")
    table = read_table(path)
    assert table.rows[0]["answer"] == "safer streets"
    assert not any("\x00" in value for row in table.rows for value in row.values())


def test_a_quote_never_closed_is_refused_not_read_as_one_answer(tmp_path: Path) -> None:
    """The reader takes every line after an unclosed quote into one cell: a web upload had
    merged respondent 2 into respondent 1's answer and reported no row rejected."""
    broken = tmp_path / "broken.csv"
    broken.write_text('id,comment\n1,"unterminated\n2,ok\n3,fine\n', "utf-8")
    with pytest.raises(InputError, match=r"opened in line 2 .* never closed"):
        read_table(broken)
    # A last answer over several lines, quoted and closed, is read as it was written.
    closed = tmp_path / "closed.csv"
    closed.write_text('id,comment\n1,ok\n2,"last one\nruns on"\n', "utf-8")
    assert read_table(closed).values("comment") == ["ok", "last one\nruns on"]


def test_a_semicolon_file_with_a_title_row_is_read_by_its_semicolons(tmp_path: Path) -> None:
    """A survey export's one-cell title row had made a semicolon file read as commas, and
    its commas inside answers had then been blamed on missing quotes."""
    text = (
        "Adult Social Care Survey 2024\nid;comment;area\n1;Carers are late, always;North\n"
        "2;Fine, thanks;South\n3;More time please;North\n"
    )
    table = read_table(write(tmp_path / "survey.csv", text))
    assert table.columns == ["id", "comment", "area"]
    assert table.rows[0]["comment"] == "Carers are late, always"
