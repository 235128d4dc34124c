"""
Spreadsheets in and out: CSV and XLSX files of rows, for imports and exports.

Writing is deterministic: the same rows give the same bytes, XLSX included (its
document dates and zip timestamps are fixed), so that a file exported, imported
unchanged and exported again comes back identical. Reading refuses, with a
message a person can act on, anything that is not a readable CSV or XLSX file
of a reasonable size.

An upload cannot take a web server's memory or time. Its size is bounded
(IMPORT_MAX_BYTES); an XLSX file, a zip archive that may unpack to gigabytes, is
unpacked part by part before openpyxl opens it, counting the bytes as they come
(IMPORT_MAX_UNPACKED_BYTES: the sizes its headers declare may lie), and each XML
part is scanned by expat as it unpacks: a DTD or entity declaration is refused
(openpyxl would expand entities, having no defusedxml), and so is a sheet with
more rows, columns or cells than the bounds (IMPORT_MAX_ROWS, _COLUMNS, _CELLS),
counted from the cells written and the positions they claim, since openpyxl fills
in the rows and cells a sheet skips. Only then does openpyxl read the first sheet,
streaming, and the rows are counted again as they come. A CSV file's rows and
cells are counted as they are read.
"""

import csv
import io
import re
import zipfile
import zlib
from datetime import datetime
from decimal import Decimal
from xml.parsers import expat

import django_tables2.export
import openpyxl
from django.conf import settings

FIXED_MOMENT = datetime(2000, 1, 1)  # noqa: DTZ001 (a constant stamped into files, not a time)

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnreadableFile(ValueError):
    """The upload is not a spreadsheet this portal can read."""


# A cell a spreadsheet program would take for a formula (OWASP's "CSV injection"):
# text beginning =, +, -, @, tab or carriage return, or any number of ' before one.
FORMULA_LIKE = re.compile(r"'*[=+\-@\t\r]")
NUMBER = int | float | Decimal


def neutralised(cell):
    """A cell as a CSV file holds it: a number we write as it is (-5 stays -5), None
    as blank, and text that a spreadsheet program would run as a formula with ' in
    front ('=HYPERLINK(...)), as OWASP advises. Text that already begins with ' and
    then a formula's character gets one ' more, so that `restored` can take exactly
    one off: every text comes back as it was written. Other text is left alone, so
    a ' that a person typed before a word ("'Tis") is kept."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format(cell, "f")  # 450000.00, never 4.5E+5
    if isinstance(cell, NUMBER):
        return cell
    text = str(cell)
    return f"'{text}" if FORMULA_LIKE.match(text) else text


def restored(text: str) -> str:
    """A CSV cell as it was before `neutralised`: the ' it added taken off."""
    return text[1:] if text.startswith("'") and FORMULA_LIKE.match(text, 1) else text


def write_csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralised(cell) for cell in headers])
    writer.writerows([[neutralised(cell) for cell in row] for row in rows])
    return out.getvalue().encode("utf-8")


def write_xlsx(headers: list[str], rows: list[list], *, title: str) -> bytes:
    """An XLSX file of the rows: text stays text, even beginning "=" (openpyxl would
    take it for a formula), and a Decimal is written as its exact figure in text
    (a spreadsheet's number is a float), as a person would type it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append([format(cell, "f") if isinstance(cell, Decimal) else cell for cell in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    workbook.properties.created = workbook.properties.modified = FIXED_MOMENT
    workbook.properties.creator = "IT Services Reporting"
    raw = io.BytesIO()
    workbook.save(raw)
    return _fixed_zip_times(raw.getvalue())


MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip_times(data: bytes) -> bytes:
    """The same archive with every entry dated 1 January 1980, and the workbook's
    "modified" time (openpyxl stamps the moment it saves) fixed, so bytes repeat."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            target.writestr(entry, content)
    return out.getvalue()


TOO_LARGE = "The file must be smaller than {mb:,} MB"
NOT_A_SPREADSHEET = "The file must be a CSV or XLSX file"
EMPTY = "The file is empty"
TOO_MANY_ROWS = "The file has more than {limit:,} rows"
TOO_MANY_COLUMNS = "The file has more than {limit:,} columns"
TOO_MANY_CELLS = "The file has more than {limit:,} cells"
CSV_NOT_UTF8 = "The CSV file must be saved as UTF-8"
CSV_NOT_TEXT = "The file is not a CSV file"
CSV_UNREADABLE = "The CSV file could not be read"
XLSX_UNREADABLE = "The XLSX file could not be read: it is damaged or incomplete"
XLSX_TOO_LARGE_UNPACKED = "The XLSX file unpacks to more than {mb:,} MB"
XLSX_DTD = "The XLSX file holds a document type declaration, which imports do not accept"
XLSX_NO_SHEET = "The XLSX file has no worksheet"


def read_table(upload) -> list[dict[str, str]]:
    """The rows of an uploaded CSV or XLSX file, as {header: text}; UnreadableFile if not."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise UnreadableFile(TOO_LARGE.format(mb=settings.IMPORT_MAX_BYTES // (1024 * 1024)))
    data = upload.read()
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise UnreadableFile(NOT_A_SPREADSHEET)
    if not rows:
        raise UnreadableFile(EMPTY)
    headers = [str(cell or "").strip() for cell in rows[0]]
    return [
        {header: _text(row[i] if i < len(row) else None) for i, header in enumerate(headers)}
        for row in rows[1:]
        if any(_text(cell) for cell in row)
    ]


class _Bounds:
    """Counts the rows and cells of a table as they are read, and refuses one too
    large as soon as it is: the headings' row and up to IMPORT_MAX_ROWS more."""

    def __init__(self):
        self.rows = self.cells = 0

    def row(self, number: int | None = None) -> None:
        """One more row, numbered `number` in the file (it may skip some)."""
        self.rows += 1
        self.at_row(max(self.rows, number or 0))

    def at_row(self, number: int) -> None:
        if number > settings.IMPORT_MAX_ROWS + 1:
            raise UnreadableFile(TOO_MANY_ROWS.format(limit=settings.IMPORT_MAX_ROWS))

    def cell(self, column: int) -> None:
        self.cells += 1
        if column > settings.IMPORT_MAX_COLUMNS:
            raise UnreadableFile(TOO_MANY_COLUMNS.format(limit=settings.IMPORT_MAX_COLUMNS))
        if self.cells > settings.IMPORT_MAX_CELLS:
            raise UnreadableFile(TOO_MANY_CELLS.format(limit=settings.IMPORT_MAX_CELLS))

    def take(self, row) -> list:
        """A whole row as read, counted."""
        self.row()
        for column in range(1, len(row) + 1):
            self.cell(column)
        return list(row)


def _read_csv(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(CSV_NOT_UTF8) from None
    if "\x00" in text:
        raise UnreadableFile(CSV_NOT_TEXT)
    bounds = _Bounds()
    try:
        return [
            [restored(cell) for cell in bounds.take(row)] for row in csv.reader(io.StringIO(text))
        ]
    except csv.Error:
        raise UnreadableFile(CSV_UNREADABLE) from None


# What a damaged archive or part makes zipfile, zlib, expat or openpyxl raise.
DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    expat.ExpatError,
    EOFError,
    OSError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    NotImplementedError,
    RuntimeError,  # an encrypted member
    SyntaxError,  # ElementTree's ParseError
)


def _read_xlsx(data: bytes) -> list[list]:
    try:
        _check_archive(data)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise UnreadableFile(XLSX_NO_SHEET)
            sheet = workbook.worksheets[0]
            # The rows and cells the file holds, not those its <dimension> claims.
            sheet.reset_dimensions()
            bounds = _Bounds()
            return [bounds.take(row) for row in sheet.iter_rows(min_row=1, values_only=True)]
        finally:
            workbook.close()
    except UnreadableFile:
        raise
    except (*DAMAGED, ValueError):
        raise UnreadableFile(XLSX_UNREADABLE) from None


UNPACK_CHUNK = 64 * 1024
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROW, CELL, SHARED_STRING = (f"{SHEET_NS} {name}" for name in ("row", "c", "si"))
REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def _check_archive(data: bytes) -> None:
    """Unpack every part of an XLSX file within IMPORT_MAX_UNPACKED_BYTES, scanning
    each XML part (see the module's docstring); UnreadableFile if one fails."""
    limit = settings.IMPORT_MAX_UNPACKED_BYTES
    too_large = UnreadableFile(XLSX_TOO_LARGE_UNPACKED.format(mb=limit // (1024 * 1024)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > limit:
            raise too_large
        unpacked = 0
        for member in members:
            scanner = None
            with archive.open(member) as stream:
                while chunk := stream.read(UNPACK_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > limit:
                        raise too_large
                    if scanner is None:
                        scanner = _PartScanner(member.filename, chunk)
                    scanner.feed(chunk)
            if scanner is not None:
                scanner.close()


class _PartScanner:
    """Scans one part of an XLSX file as it unpacks, if it is XML: refuses a DTD,
    counts a sheet's rows, columns and cells and a table of shared strings."""

    def __init__(self, name: str, first: bytes):
        self.xml = name.lower().endswith((".xml", ".rels", ".vml")) or first.lstrip().startswith(
            (b"<", b"\x00<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
        )
        if not self.xml:
            return
        self.bounds, self.strings, self.row_number, self.column = _Bounds(), _Bounds(), 0, 0
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartDoctypeDeclHandler = self.refuse
        self.parser.EntityDeclHandler = self.refuse
        self.parser.StartElementHandler = self.start

    def refuse(self, *_):
        raise UnreadableFile(XLSX_DTD)

    def start(self, name, attributes):
        if name == ROW:
            number = attributes.get("r", "")
            self.row_number = int(number) if number.isdigit() else self.row_number + 1
            self.bounds.row(self.row_number)
            self.column = 0
        elif name == CELL:
            reference = REFERENCE.fullmatch(attributes.get("r", ""))
            if reference:
                letters, number = reference.groups()
                self.column = openpyxl.utils.column_index_from_string(letters)
                self.bounds.at_row(int(number))
            else:
                self.column += 1
            self.bounds.cell(self.column)
        elif name == SHARED_STRING:
            self.strings.cell(1)

    def feed(self, chunk: bytes) -> None:
        if self.xml:
            self.parser.Parse(chunk, False)

    def close(self) -> None:
        if self.xml:
            self.parser.Parse(b"", True)


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        cell = Decimal(repr(cell))
    if isinstance(cell, Decimal):
        return format(cell.normalize(), "f")
    return str(cell).strip()


class TableExport(django_tables2.export.TableExport):
    """A django-tables2 table's download, written by `write_csv` and `write_xlsx` as
    every other file is (tablib's own would let a cell be a formula)."""

    def export(self):
        headers, rows = list(self.dataset.headers or ()), [list(row) for row in self.dataset]
        if self.format == "csv":
            return write_csv(headers, rows)
        if self.format == "xlsx":
            return write_xlsx(headers, rows, title=self.dataset.title or "Export")
        return super().export()
