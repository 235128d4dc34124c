"""
Spreadsheets in and out: CSV and XLSX files of rows, for imports and exports.

Writing is deterministic: the same rows give the same bytes, XLSX included (its
document dates and zip timestamps are fixed), so that a file exported, imported
unchanged and exported again comes back identical. Reading refuses, with a
message a person can act on, anything that is not a readable CSV or XLSX file
of a reasonable size.
"""

import csv
import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
FIXED_MOMENT = datetime(2000, 1, 1)  # noqa: DTZ001 (a constant stamped into files, not a time)

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnreadableFile(ValueError):
    """The upload is not a spreadsheet this portal can read."""


def write_csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return out.getvalue().encode("utf-8")


def write_xlsx(headers: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
        # openpyxl takes text beginning "=" for a formula: keep people's text as text.
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


def read_table(upload) -> list[dict[str, str]]:
    """The rows of an uploaded CSV or XLSX file, as {header: text}; UnreadableFile if not."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise UnreadableFile(
            f"The file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"
        )
    data = upload.read()
    name = upload.name.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith(".csv"):
        rows = _read_csv(data)
    else:
        raise UnreadableFile("The file must be a CSV or XLSX file")
    if not rows:
        raise UnreadableFile("The file is empty")
    headers = [str(cell or "").strip() for cell in rows[0]]
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise UnreadableFile(f"The file must have {MAX_ROWS:,} rows or fewer")
    return [
        {header: _text(row[i] if i < len(row) else None) for i, header in enumerate(headers)}
        for row in body
        if any(_text(cell) for cell in row)
    ]


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        cell = Decimal(repr(cell))
    if isinstance(cell, Decimal):
        return format(cell.normalize(), "f")
    return str(cell).strip()


def _read_csv(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("The CSV file must be saved as UTF-8") from None
    if "\x00" in text:
        raise UnreadableFile("The file is not a CSV file")
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error:
        raise UnreadableFile("The CSV file could not be read") from None


def _read_xlsx(data: bytes) -> list[list]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise UnreadableFile("The XLSX file could not be read") from None
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows
