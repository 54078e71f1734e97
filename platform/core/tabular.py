"""Every list exports to XLSX and CSV with exactly the rows and columns its filters show.

Callers describe the columns once (`Column(header, value)`, where value is an attribute path like
"document.code" or a callable) and pass the same queryset the page or endpoint displays. XLSX gets a bold,
frozen header row and column widths fitted to the content; CSV is UTF-8 with a BOM so Excel on Vietnamese
Windows opens the diacritics correctly. `export_response` wraps either in an HttpResponse whose filename
survives Vietnamese characters (RFC 6266 / RFC 5987 `filename*`), with an ASCII fallback for old clients.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
MAX_WIDTH = 60
# A cell starting with one of these is run as a formula by Excel and LibreOffice (CSV and XLSX alike): user
# text such as "=HYPERLINK(...)" or "@SUM(...)" must arrive as the text that was typed (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: str) -> str:
    """Text a spreadsheet shows as typed: a leading apostrophe before a formula-like start (CSV)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Column:
    header: Any  # str or lazy translation
    value: str | Callable[[Any], Any]

    def read(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        current = row
        for part in self.value.split("."):
            if current is None:
                return None
            current = current.get(part) if isinstance(current, dict) else getattr(current, part)
            if callable(current):
                current = current()
        return current


def _plain(value: Any) -> Any:
    """A cell value both formats understand: numbers and dates stay typed, everything else is text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date | int | float):
        return value
    if isinstance(value, list | tuple | set):
        return "; ".join(force_str(v) for v in value)
    return force_str(value)


def table(rows: Iterable[Any], columns: Sequence[Column]) -> tuple[list[str], list[list[Any]]]:
    headers = [force_str(column.header) for column in columns]
    return headers, [[_plain(column.read(row)) for column in columns] for row in rows]


def to_xlsx(rows: Iterable[Any], columns: Sequence[Column], *, sheet_title: str = "Danh sách") -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    write_sheet(workbook.active, *table(rows, columns), title=sheet_title)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_sheet(sheet, headers: list[str], body: list[list[Any]], *, title: str) -> None:
    """Fill one worksheet: a bold frozen header, widths fitted, formula-like text stored as text, dates typed.
    A workbook of several sheets (a report's figures and their agencies) writes each with it."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    # Excel forbids []:*?/\ in sheet titles and caps them at 31 characters.
    sheet.title = "".join(ch for ch in force_str(title) if ch not in "[]:*?/\\")[:31] or "Sheet1"
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [len(h) for h in headers]
    for values in body:
        sheet.append(values)
        for index, value in enumerate(values):
            length = 10 if isinstance(value, date | datetime) else len(str(value))
            widths[index] = max(widths[index], min(length, MAX_WIDTH))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # stored as a string cell: shown as typed, never evaluated
            elif isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(8, width + 2)
    sheet.freeze_panes = "A2"
    if body:
        sheet.auto_filter.ref = sheet.dimensions


def to_csv(rows: Iterable[Any], columns: Sequence[Column]) -> bytes:
    headers, body = table(rows, columns)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for values in body:
        writer.writerow([v.strftime("%d/%m/%Y %H:%M") if isinstance(v, datetime)
                         else v.strftime("%d/%m/%Y") if isinstance(v, date)
                         else neutralised(v) if isinstance(v, str) else v for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def ascii_filename(filename: str) -> str:
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in text).strip("_")
    return safe or "export"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 + RFC 5987)."""
    filename = unicodedata.normalize("NFC", filename).replace("\r", "").replace("\n", "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(data: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export_response(rows: Iterable[Any], columns: Sequence[Column], *, fmt: str, basename: str,
                    sheet_title: str | None = None) -> HttpResponse:
    """An XLSX or CSV download of `rows` named `<basename>-<yyyymmdd>.<fmt>`."""
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    stamp = timezone.localdate().strftime("%Y%m%d")
    filename = f"{basename}-{stamp}.{fmt}"
    if fmt == "xlsx":
        return file_response(to_xlsx(rows, columns, sheet_title=sheet_title or basename), filename, XLSX_TYPE)
    return file_response(to_csv(rows, columns), filename, CSV_TYPE)
