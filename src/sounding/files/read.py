"""Read a consultation export (CSV, TSV, XLSX or JSONL) into a plain table of strings.

Exports come from survey tools, spreadsheets and databases in whatever encoding and
delimiter the tool liked, so this module is forgiving about *format* (encoding, delimiter,
number formatting) and strict about *shape* (a header, named columns, some rows): a wrong
guess about shape would silently corrupt the analysis, a wrong guess about format fails
loudly in the detectors downstream. What it does forgive in shape (a title row, a repeated
column name, a workbook's other sheets) it says in `Table.notes`, which reach the report.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from charset_normalizer import from_bytes

from sounding.errors import InputError

#: ".txt" is what Excel names its "Unicode Text" export (UTF-16, a tab between columns).
SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".jsonl")
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFF_BYTES = 64 * 1024
_BLOCK_BYTES = 1 << 20
_REWRITE_HINT = "Open it in a spreadsheet or text editor and save it as 'CSV UTF-8'."
#: A cell may hold a whole letter or report; the csv module refuses cells over 131,072
#: characters unless told otherwise.
_FIELD_LIMIT = 2**31 - 1
#: Single-cell rows above the column names read as titles; more is no title.
_MAX_TITLE_ROWS = 3
_UTF8_BOM = b"\xef\xbb\xbf"


def allow_long_cells() -> None:
    """Let the csv module read cells of any length. Its limit is one process-wide number,
    so it is raised once and never lowered (lowering it again could cut short a read in
    another thread)."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


@dataclass
class Table:
    """A rectangular table of strings: every row has every column ("" where blank).

    `row_numbers[i]` is where row `i` starts in the source (header = 1, like a spreadsheet),
    so messages can point at the right place even after blank rows were skipped.
    """

    columns: list[str]
    rows: list[dict[str, str]]
    source: str
    encoding: str | None = None
    row_numbers: list[int] = field(default_factory=list)
    #: Rows of a single cell above the column names, read as titles and left out.
    titles: list[str] = field(default_factory=list)
    #: A workbook's sheets that hold rows but were not read, and which was, and why.
    unread_sheets: list[str] = field(default_factory=list)
    sheet_read: str = ""
    #: How the file was read where it was not plain, in sentences for the analyst.
    notes: list[str] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        return self.row_numbers[index] if index < len(self.row_numbers) else index + 2

    def values(self, column: str) -> list[str]:
        return [row[column] for row in self.rows]


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read `path` by its extension; `sheet` picks an XLSX worksheet (default: the one with
    the most rows)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(f"File not found: {path}", "Check the path and the file name.")
    if not path.is_file():
        raise InputError(f"Not a file: {path}", "Give the path of a single data file.")
    if suffix not in SUPPORTED:
        raise InputError(
            f"Cannot read '{path.name}': unsupported file type '{path.suffix or '(none)'}'.",
            f"Supported formats: {', '.join(SUPPORTED)}. Export the data as CSV (UTF-8) or XLSX.",
        )
    if sheet is not None and suffix != ".xlsx":
        raise InputError(
            f"A sheet ('{sheet}') was given but '{path.name}' is not an XLSX workbook.",
            "Only .xlsx files have sheets; leave the sheet option out.",
        )
    if path.stat().st_size == 0:
        raise InputError(f"'{path.name}' is empty.", "Check that the export finished writing.")
    if suffix in (".csv", ".tsv", ".txt"):
        _refuse_a_workbook(path)
    if suffix == ".xlsx":
        return _read_xlsx(path, sheet)
    if suffix == ".jsonl":
        return _read_jsonl(path)
    return _read_delimited(path, "\t" if suffix == ".tsv" else None)


#: How workbooks begin: XLSX is a ZIP archive, the old .xls a Compound File.
_WORKBOOKS = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)"),
)


def _refuse_a_workbook(path: Path) -> None:
    """A workbook named as text is said to be one: a GP survey's XLSX renamed to .csv had
    been refused as text that "cannot decode", with a hint to save it as CSV UTF-8."""
    with path.open("rb") as handle:
        start = handle.read(4)
    for magic, kind in _WORKBOOKS:
        if start == magic:
            raise InputError(
                f"'{path.name}' is {kind} with a {path.suffix} name.",
                "Rename it to end in .xlsx (an .xls: open it in Excel and save it as .xlsx), "
                "or save it from Excel as 'CSV UTF-8'.",
            )


# --- encodings -------------------------------------------------------------------------


def decode_bytes(data: bytes, name: str = "the file") -> tuple[str, str]:
    """Decode text of unknown encoding, returning (text, encoding name).

    UTF-8 is tried strictly first because a valid UTF-8 file is almost never anything
    else. Legacy single-byte encodings cannot be told apart on short samples (the same
    bytes are valid cp1252, cp1250, latin-1...), so charset-normalizer's guess is used only
    when it is confident, and otherwise cp1252 (what Excel writes on Western Windows).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        bad = utf8_error.start
    else:
        return text, "utf-8-sig" if data.startswith(_UTF8_BOM) else "utf-8"

    # A UTF-8 mark before text that is not all UTF-8 (an editor added the mark, a
    # spreadsheet the rest) is no text: read as cp1252 it would begin the first column's
    # name with "ï»¿".
    rest = data.removeprefix(_UTF8_BOM)
    guess = _confident_guess(rest)
    if guess is not None:
        try:
            return rest.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return rest.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    line = data.count(b"\n", 0, bad) + 1
    raise InputError(
        f"Cannot decode {name}: undecodable bytes (0x{data[bad]:02x} at byte offset {bad}, "
        f"line {line}) are not valid UTF-8 and no other common encoding fits.",
        _REWRITE_HINT,
    )


def _confident_guess(data: bytes) -> str | None:
    """charset-normalizer's encoding when it is sure, else None (the caller falls back)."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    if best.bom:
        return best.encoding
    # A tie with cp1252 is no decision: prefer the commonest Western encoding.
    if any(m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01 for m in matches):
        return "cp1252"
    if best.chaos <= 0.1 and best.coherence >= 0.3:
        return best.encoding
    return None


# --- CSV / TSV -------------------------------------------------------------------------


def _read_delimited(path: Path, delimiter: str | None) -> Table:
    """Read a CSV or TSV. A UTF-8 file (nearly all exports) is parsed as it is read, so a
    million-row file is never held whole as text as well as rows; other encodings are
    detected on the whole file's bytes first."""
    allow_long_cells()
    encoding = _utf8_encoding(path)
    handle: TextIO
    if encoding is None:
        text, encoding = decode_bytes(path.read_bytes(), f"'{path.name}'")
        handle = io.StringIO(text)
        del text
    else:
        handle = path.open(encoding="utf-8-sig", newline="")
    with handle:
        if delimiter is None:
            delimiter = sniff_delimiter(handle.read(_SNIFF_BYTES + 1))
            handle.seek(0)
        records = _delimited_records(
            csv.reader(handle, delimiter=delimiter), path.name, handle, delimiter
        )
        return _build_table(records, str(path), encoding, f"'{path.name}'", delimiter)


def _utf8_encoding(path: Path) -> str | None:
    """ "utf-8-sig" or "utf-8" when the whole file is valid UTF-8 (checked a block at a time,
    without holding it), else None."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    with path.open("rb") as raw:
        first = raw.read(_BLOCK_BYTES)
        block = first
        try:
            while block:
                decoder.decode(block)
                block = raw.read(_BLOCK_BYTES)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"


def _delimited_records(
    reader: Any, name: str, handle: TextIO | None = None, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """(its row number, its cells) for each record the csv reader parses. Rows, not lines:
    an answer running over several lines is one row, as a spreadsheet shows it, so `row-4`
    is the fourth row there. With the `handle` read, a last record whose quote is never
    closed is refused: the reader takes the rest of the file into its cell, and a file with
    an unclosed quote in its second line had been read as one response of everything."""
    first_line, ended = 1, 0
    try:
        for number, row in enumerate(reader, 1):
            first_line, ended = ended + 1, reader.line_num
            yield number, row
    except csv.Error as error:
        raise InputError(
            f"Cannot parse '{name}' near line {reader.line_num}: {error}.",
            'Check for an unclosed quote (") in that line or just before it.',
        ) from error
    if handle is not None and _ends_inside_quotes(handle, first_line, delimiter):
        raise InputError(
            f"A quote (\") opened in line {first_line} of '{name}' is never closed, so every "
            "line after it would be read as one answer.",
            "Close or remove that quote, and read the file again.",
        )


def _ends_inside_quotes(handle: TextIO, first_line: int, delimiter: str) -> bool:
    """Whether the record starting at line `first_line` (counted as the reader counts) runs
    to the end of the file inside a quoted cell: read again from there, strictly."""
    handle.seek(0)
    tail = io.StringIO("".join(itertools.islice(handle, first_line - 1, None)))
    try:
        for _ in csv.reader(tail, delimiter=delimiter, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the header and the first rows most consistently."""
    sample = text[:_SNIFF_BYTES]
    if len(text) > _SNIFF_BYTES and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0.0, 0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        # Past a title row of one cell above the header ("Adult Social Care Survey 2024"),
        # which had made a semicolon file read as one of commas.
        titles = 0
        while titles < min(_MAX_TITLE_ROWS, len(rows) - 2) and len(rows[titles]) < 2:
            titles += 1
        rows = rows[titles:]
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        body = rows[1:51] or rows[:1]
        consistency = sum(1 for r in body if len(r) == width) / len(body)
        score = (consistency, width, -titles)  # on a tie, the reading with no title
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- XLSX ------------------------------------------------------------------------------


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl.utils.exceptions import InvalidFileException  # slow: only for workbooks

    try:
        workbook = _load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise InputError(
            f"Cannot open '{path.name}' as an XLSX workbook: {error}",
            "Check that it is a real .xlsx file (not .xls or CSV renamed); re-save it from Excel.",
        ) from error
    try:
        names = workbook.sheetnames
        reason = "as named"
        if sheet is None:
            if not names:
                raise InputError(f"'{path.name}' has no sheets.", "")
            sheet, reason = _data_sheet(workbook, names)
        elif sheet not in names:
            raise InputError(
                f"Sheet '{sheet}' is not in '{path.name}'.",
                f"Available sheets: {', '.join(repr(n) for n in names)}.",
            )
        unread = [n for n in names if n != sheet and _sheet_rows(workbook[n]) > 1]
        values = list(workbook[sheet].iter_rows(values_only=True))
        unsaved = _unsaved_formulas(path, workbook[sheet], values)
    finally:
        workbook.close()
    records = [(n, [_cell_text(v) for v in row]) for n, row in enumerate(values, start=1)]
    del values
    table = _build_table(records, str(path), None, f"sheet '{sheet}' of '{path.name}'")
    table.unread_sheets, table.sheet_read = unread, f"'{sheet}' ({reason})"
    if unread:
        shown = ", ".join(f"'{name}'" for name in unread)
        table.notes.insert(0, f"Read sheet {table.sheet_read}; sheet(s) {shown} not analysed.")
    if unsaved:
        row, column = unsaved[0]
        table.notes.append(
            f"{len(unsaved)} cell(s) hold a formula whose result was never saved (first: row "
            f"{row}, column {column}) and were read as blank. Open the workbook in Excel "
            "and save it to store the results."
        )
    return table


def _load_workbook(path: Path, data_only: bool) -> Any:
    """The workbook, read only. openpyxl's warning that a workbook written by a program has
    no default style is about formatting, which nothing here reads: printed, it had been
    the first thing a user saw."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*no default style", category=UserWarning)
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)


def _unsaved_formulas(
    path: Path, worksheet: Any, values: list[tuple[Any, ...]]
) -> list[tuple[int, str]]:
    """Cells (row, column letter) holding a formula with no saved result, which openpyxl
    reads as empty: a workbook written by a program rather than saved by Excel. The sheet
    is read a second time, for its formulas, only when its XML holds one."""
    from openpyxl.utils import get_column_letter

    if not _has_formula(path, getattr(worksheet, "_worksheet_path", None)):
        return []
    workbook = _load_workbook(path, data_only=False)
    try:
        formulas = workbook[worksheet.title].iter_rows(values_only=True)
        return [
            (r, get_column_letter(c))
            for r, (saved, written) in enumerate(zip(values, formulas, strict=False), start=1)
            for c, (value, formula) in enumerate(zip(saved, written, strict=False), start=1)
            if value is None and isinstance(formula, str) and formula.startswith("=")
        ]
    finally:
        workbook.close()


def _has_formula(path: Path, member: str | None) -> bool:
    """Whether a sheet's XML holds a formula element (True where the sheet's part is not
    known, so that the full check runs)."""
    if member is None:
        return True
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as part:
            tail = b""
            for block in iter(lambda: part.read(_BLOCK_BYTES), b""):
                if b"<f" in tail + block:
                    return True
                tail = block[-1:]  # a tag split between two blocks
            return False
    except (KeyError, OSError, zipfile.BadZipFile):
        return True


def _sheet_rows(worksheet: Any) -> int:
    """Rows a worksheet says it spans, or, where its file does not say (a workbook written
    by a script without the sheet's dimension), the rows counted: taken as none, a library
    review's cover sheet of notes had been read in place of its 650 responses."""
    rows = getattr(worksheet, "max_row", 0)
    if rows is None:
        return sum(1 for _ in worksheet.iter_rows(values_only=True))
    return int(rows or 0)


def _data_sheet(workbook: Any, names: list[str]) -> tuple[str, str]:
    """The sheet to read when none was named, and why: the one with the most rows. An export
    often comes with a sheet of notes or filters first, and reading that one would analyse
    its few lines as a consultation."""
    sizes = {name: _sheet_rows(workbook[name]) for name in names}
    best = max(names, key=lambda name: sizes[name])  # the first of equals
    if best == names[0]:
        return best, "the first sheet"
    return best, f"the most rows: {sizes[best]:,}, against {sizes[names[0]]:,} in the first"


def _cell_text(value: Any) -> str:
    """Render a cell as the user sees it: 3 not 3.0, dates without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


# --- JSONL -----------------------------------------------------------------------------


def _read_jsonl(path: Path) -> Table:
    text, encoding = decode_bytes(path.read_bytes(), f"'{path.name}'")
    objects: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(
                f"Line {number} of '{path.name}' is not valid JSON: {error.msg} "
                f"(column {error.colno}).",
                "Each line of a .jsonl file must be one complete JSON object.",
            ) from error
        if not isinstance(value, dict):
            raise InputError(
                f"Line {number} of '{path.name}' is a JSON {type(value).__name__}, not an object.",
                'Each line must be an object such as {"id": "1", "answer": "..."}.',
            )
        objects.append((number, value))
    if not objects:
        raise InputError(f"'{path.name}' has no JSON lines.", "")
    keys: dict[str, None] = {}
    for _, obj in objects:
        keys.update(dict.fromkeys(obj))
    header = list(keys)
    records = [(0, header)]
    records += [(n, [_json_text(obj.get(k)) for k in header]) for n, obj in objects]
    return _build_table(records, str(path), encoding, f"'{path.name}'", header_is_keys=True)


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# --- shared ----------------------------------------------------------------------------


def _build_table(
    records: Iterable[tuple[int, Sequence[str]]],
    source: str,
    encoding: str | None,
    name: str,
    delimiter: str | None = None,
    header_is_keys: bool = False,
) -> Table:
    """Check the header, pad/trim rows to it and drop blank rows. NUL characters are
    removed: they are never text, and PostgreSQL refuses to store them. `records` is read
    once, as it comes (a file may be parsed while it is read)."""
    kept = _non_blank(records)
    first = next(kept, None)
    if first is None:
        raise InputError(
            f"{name[0].upper()}{name[1:]} is empty.",
            "Check that the export finished writing, or name the sheet of responses with --sheet."
            if name.startswith("sheet")
            else "Check that the export finished writing.",
        )
    titles: list[str] = []
    # A report's export often puts a title ("Staff survey 2026") in a row of its own above
    # the column names: one filled cell, then a row that reads as a header.
    while len(titles) < _MAX_TITLE_ROWS and len([c for c in first[1] if c.strip()]) == 1:
        following = next(kept, None)
        if following is None:
            break
        if not _reads_as_header(following[1]):
            kept = itertools.chain([following], kept)
            break
        titles.append(next(c.strip() for c in first[1] if c.strip()))
        first = following
    header = [h.strip() for h in first[1]]
    body = list(kept)
    # Spreadsheets and trailing delimiters leave unnamed, unused columns at the right.
    while header and not header[-1] and not any(_cell(r, len(header) - 1) for _, r in body):
        header.pop()
    where = "key" if header_is_keys else "header"
    _check_header(header, name, where)
    header, renamed = distinct_names(header)
    if not body:
        raise InputError(
            f"{name[0].upper()}{name[1:]} has a {where} row but no data rows.",
            "Check that the export included its rows, not only the column names.",
        )
    width = len(header)
    for number, row in body:
        extra = [c for c in row[width:] if c.strip()]
        if extra:
            hint = "Check the column names in the first row."
            if delimiter is not None:
                kind = _DELIMITER_NAMES[delimiter]
                hint = f"Text containing a {kind} must be in double quotes; re-export the file."
            raise InputError(
                f"Row {number} of {name} has {len(row)} values but the header has {width} "
                f"columns (extra: {extra[0][:40]!r}).",
                hint,
            )
    numbers = [n for n, _ in body]
    rows = []
    for index, (_, cells) in enumerate(body):
        rows.append({h: _cell(cells, i) for i, h in enumerate(header)})
        body[index] = (0, ())  # each row's cells are let go once its mapping is made
    notes = [f"'{title}' above the column names was read as a title." for title in titles]
    if renamed:
        shown = "; ".join(f"'{old}' → '{new}'" for old, new in renamed)
        notes.append(f"Repeated column names were told apart: {shown}.")
    return Table(header, rows, source, encoding, numbers, titles, notes=notes)


def distinct_names(header: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Give repeated column names distinct ones, and say which were renamed.

    Survey tools name every follow-up "Please explain your answer", after the question it
    explains; refusing such an export would leave the analyst to edit it by hand. Each
    repeat is named after the column before it ("Do you agree? – Please explain your
    answer"), which reads as the question and keeps the pairing with its closed question.
    Where any repeat of a name has no column of its own before it (the first column, or
    another repeat), that name's repeats are numbered instead.
    """
    counts = Counter(header)
    names, taken = list(header), set(header)
    for name in [n for n, count in counts.items() if count > 1]:
        places = [i for i, n in enumerate(header) if n == name]
        befores = [header[i - 1] if i else "" for i in places]
        qualified = [f"{before} – {name}" for before in befores]
        if not all(b and counts[b] == 1 for b in befores) or taken & set(qualified):
            qualified, number = [], 1
            while len(qualified) < len(places):
                if (numbered := f"{name} ({number})") not in taken:
                    qualified.append(numbered)
                number += 1
        for i, new in zip(places, qualified, strict=True):
            names[i] = new
        taken.update(qualified)
    renamed = [(old, new) for old, new in zip(header, names, strict=True) if old != new]
    return names, renamed


def _reads_as_header(cells: Sequence[str]) -> bool:
    """Two or more names, none missing before the last and none a number (a data row's id
    is). Names may repeat: `distinct_names` tells them apart."""
    names = [c.strip() for c in cells]
    while names and not names[-1]:
        names.pop()
    if len(names) < 2 or not all(names):
        return False
    return not any(re.fullmatch(r"[-+]?[\d.,]+", n) for n in names)


def _non_blank(
    records: Iterable[tuple[int, Sequence[str]]],
) -> Iterator[tuple[int, Sequence[str]]]:
    for number, record in records:
        cells = [c.replace("\x00", "") for c in record]
        if any(c.strip() for c in cells):
            yield number, cells


def _cell(row: Sequence[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _check_header(header: Iterable[str], name: str, where: str) -> None:
    header = list(header)
    empty = [i + 1 for i, h in enumerate(header) if not h]
    if empty:
        raise InputError(
            f"The {where} row of {name} has an empty column name (column {empty[0]}).",
            "Give every column a name in the first row.",
        )
