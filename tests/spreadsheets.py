"""
Hostile spreadsheets, made here from zipfile and handwritten XML: what an upload
might be to exhaust a web server or break its reader. Each builder's docstring says
what the file is.
"""

import functools
import io
import struct
import zipfile

from harrow_its.tabular import (
    TOO_MANY_CELLS,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    XLSX_DTD,
    XLSX_NO_SHEET,
    XLSX_TOO_LARGE_UNPACKED,
    XLSX_UNREADABLE,
)

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
PACKAGE_RELS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = b"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_WITHOUT_SHEETS = b"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>"""
WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def sheet(rows: list[list[str]], *, dimension: str = "") -> bytes:
    """A worksheet's XML of inline strings, one <row> per row."""
    body = b"".join(
        b"<row>"
        + b"".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>'.encode() for v in row)
        + b"</row>"
        for row in rows
    )
    ref = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_START + ref + b"<sheetData>" + body + b"</sheetData></worksheet>"


def xlsx(sheet_xml: bytes | None = None, *, workbook: bytes = WORKBOOK) -> bytes:
    """A minimal workbook around one sheet's XML (by default a heading and one row)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml or sheet([["Code"], ["SLA-02"]]))
    return out.getvalue()


BOMB_CELLS = 4_000_000


@functools.cache
def bomb() -> bytes:
    """A few hundred KB that unpack to 140 MB: one row of four million inline-string
    cells, written in pieces so the test does not hold them all either."""
    cell = b'<c t="inlineStr"><is><t>x</t></is></c>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(SHEET_START + b"<sheetData><row>")
            for _ in range(BOMB_CELLS // 10_000):
                part.write(cell * 10_000)
            part.write(b"</row></sheetData></worksheet>")
    return out.getvalue()


def lying_bomb() -> bytes:
    """The bomb with its sheet's entry in the zip's directory saying it unpacks to 1 KB."""
    data = bytearray(bomb())
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml"))
    struct.pack_into("<I", data, entry + 24, 1024)  # the uncompressed size
    return bytes(data)


def truncated() -> bytes:
    """A workbook cut off half-way, as an interrupted upload would be."""
    whole = xlsx()
    return whole[: len(whole) // 2]


def truncated_sheet() -> bytes:
    """A sound zip whose sheet's XML stops in the middle of a cell."""
    return xlsx(SHEET_START + b'<sheetData><row><c t="inlineStr"><is><t>SLA')


def without_sheets() -> bytes:
    """A workbook that lists no sheet at all."""
    return xlsx(workbook=WORKBOOK_WITHOUT_SHEETS)


def with_entities() -> bytes:
    """A sheet declaring entities that expand to a billion "lol"s."""
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'.encode()
    return xlsx(doctype.join(sheet([["Code"], ["&lol9;"]]).split(b"\n", 1)))


# With the default bounds: 16 MB unpacked, 5,000 rows, 100 columns, 100,000 cells.
HOSTILE_XLSX = [
    ("bomb", bomb, XLSX_TOO_LARGE_UNPACKED.format(mb=16)),
    ("lying bomb", lying_bomb, XLSX_UNREADABLE),
    ("truncated file", truncated, XLSX_UNREADABLE),
    ("truncated sheet", truncated_sheet, XLSX_UNREADABLE),
    ("no sheet", without_sheets, XLSX_NO_SHEET),
    ("entities", with_entities, XLSX_DTD),
    (
        "too many cells",
        lambda: xlsx(sheet([["1"] * 60] * 2000)),
        TOO_MANY_CELLS.format(limit=100_000),
    ),
    (
        "too many columns",
        lambda: xlsx(sheet([["1"] * 101])),
        TOO_MANY_COLUMNS.format(limit=100),
    ),
    (
        "too many rows",
        lambda: xlsx(sheet([["1"]] * 5002)),
        TOO_MANY_ROWS.format(limit=5000),
    ),
    (
        "a cell far down",
        lambda: xlsx(
            SHEET_START
            + b'<sheetData><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData></worksheet>'
        ),
        TOO_MANY_ROWS.format(limit=5000),
    ),
    (
        "a cell far across",
        lambda: xlsx(
            SHEET_START
            + b'<sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>'
        ),
        TOO_MANY_COLUMNS.format(limit=100),
    ),
]
