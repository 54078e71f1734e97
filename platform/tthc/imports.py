"""Reading and checking a catalogue file (CSV or XLSX) before anything is applied.

Columns (header on line 1, in any order; code, name, level and time_limit required):
code, name, field, level, time_limit, time_unit, fees, filed_at, returned_at, legal_basis, decision_number,
decision_date, agencies (optional: subdomains of the province's agencies, separated by ";").
Rows are matched to the catalogue by code: a new code is created (assigned to its level, or only to the
agencies named in its row), a known one updated where it differs, an unchanged one not written at all. An empty
"agencies" cell leaves an entry's named agencies as they are; a column the file lacks leaves that field as is.
Entries the file leaves out stay, unless the import asks for a full replacement (then they are withdrawn).
Every row is checked against the rules (tthc.rules), the rest of the file and the database, and every problem
is reported with the line a person sees in the spreadsheet (the header is line 1). The reading and the
header checks are the agency import's (tenants.bulk), so both imports read files the same way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from tenants.bulk import (
    MAX_FILE_BYTES,
    TOO_MANY_CELLS,
    FileRejected,
    decode_csv,
    error,
    parse_date,
    read_rows,
    table_rows,
)

from . import rules
from .models import PublicationDecision

COLUMNS = ["code", "name", "field", "level", "time_limit", "time_unit", "fees", "filed_at", "returned_at",
           "legal_basis", "decision_number", "decision_date", "agencies"]
REQUIRED = ["code", "name", "level", "time_limit"]
ENTRY_COLUMNS = ["code", "name", "field", "level", "time_limit", "time_unit", "fees", "filed_at", "returned_at",
                 "legal_basis"]
MAX_ROWS = 5000
SAMPLE = "platform/tthc/samples/danh-muc-tthc-mau.csv"


@dataclass
class PlannedRow:
    line: int
    values: dict  # cleaned entry values, only for the columns the file has
    decision_number: str = ""
    agency_slugs: list[str] | None = None  # None: the cell was empty, assignments stay as they are


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    new_decisions: dict[str, date] = field(default_factory=dict)  # number -> signed on, made by the import


def _messages() -> dict:
    return {"no_rows": _("The file has a header but no TTHC."),
            "too_many": _("At most %(max)d TTHC per file.") % {"max": MAX_ROWS}}


def _cell(value) -> str:
    """A spreadsheet cell as the text a CSV would have (dates as yyyy-mm-dd, 15.0 as 15)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The first sheet's rows; line numbers are the sheet's row numbers, as Excel shows them."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is one sentence for the user
        raise FileRejected([error(1, None, _("The file is not a readable XLSX workbook."))]) from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_cell(cell) for cell in next(rows, ())]
    while header and not header[-1].strip():  # formatted but empty columns on the right
        header.pop()
    if not header:
        raise FileRejected([error(1, None, _("The file is empty."))])
    lines = ((number, [_cell(cell) for cell in cells][:len(header)]) for number, cells in enumerate(rows, start=2))
    return table_rows(header, lines, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, **_messages())


def read_upload(upload) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of an uploaded CSV (UTF-8, comma or semicolon) or XLSX file; ImportRejected if unreadable."""
    from .services import ImportRejected

    try:
        name = (getattr(upload, "name", "") or "").lower()
        if name.endswith(".xlsx"):
            if upload.size > MAX_FILE_BYTES:
                raise FileRejected([error(1, None, _("The file is larger than %(mb)d MB.") % {
                    "mb": MAX_FILE_BYTES // (1024 * 1024)})])
            return read_xlsx(upload.read())
        try:
            text = decode_csv(upload)
        except ValueError as exc:
            raise FileRejected([error(1, None, str(exc))]) from None
        return read_rows(text, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS, **_messages())
    except FileRejected as exc:
        raise ImportRejected(exc.errors) from None


def plan_import(rows: list[tuple[int, dict[str, str]]], province) -> Plan:
    """Check every row; collect every error by line and column."""
    from .services import current_agencies

    plan = Plan()
    known = {d.number.lower(): d for d in PublicationDecision.objects.filter(province=province)}
    slugs = set(current_agencies(province).values_list("slug", flat=True))
    seen_codes: dict[str, int] = {}
    dates_in_file: dict[str, tuple[date, int]] = {}
    for line, row in rows:
        def fail(column, message, line=line):
            plan.errors.append(error(line, column, message))

        if TOO_MANY_CELLS in row:
            fail(None, _("This line has more cells than the header."))
            continue
        values, problems = rules.check({name: row[name] for name in ENTRY_COLUMNS if name in row})
        for column in REQUIRED:
            if not row.get(column):
                problems = [p for p in problems if p[0] != column]
                fail(column, _("This value is required."))
        for column, _code, message in problems:
            fail(column, message)
        code = values.get("code", "")
        if code:
            if code in seen_codes:
                fail("code", _("The code %(code)s is also on line %(line)d.") % {"code": code, "line": seen_codes[code]})
            seen_codes.setdefault(code, line)
        number = rules.plain(row.get("decision_number", ""))
        signed_text = row.get("decision_date", "")
        signed = parse_date(signed_text) if signed_text else None
        if signed_text and signed is None:
            fail("decision_date", _("Write the date as dd/mm/yyyy or yyyy-mm-dd."))
        if number:
            existing = known.get(number.lower())
            if existing is not None and signed and signed != existing.signed_on:
                fail("decision_date", _("Decision %(number)s was signed on %(date)s, not on this date.") % {
                    "number": existing.number, "date": existing.signed_on.strftime("%d/%m/%Y")})
            elif existing is None and signed is None and not signed_text:
                fail("decision_date", _("Give the signing date of the new decision %(number)s.") % {"number": number})
            elif existing is None and signed:
                first = dates_in_file.setdefault(number.lower(), (signed, line))
                if first[0] != signed:
                    fail("decision_date", _("Line %(line)d gives decision %(number)s another date.") % {
                        "line": first[1], "number": number})
                elif first[1] == line:  # one decision per number, however its rows write it
                    plan.new_decisions[number] = signed
        elif signed_text:
            fail("decision_number", _("A decision date without a decision number."))
        agency_slugs = None
        if row.get("agencies", "").strip():
            agency_slugs = sorted({s.strip().lower() for s in row["agencies"].split(";") if s.strip()})
            for slug in agency_slugs:
                if slug not in slugs:
                    fail("agencies", _("“%(slug)s” is not a current agency of this province.") % {"slug": slug})
        plan.rows.append(PlannedRow(line, values, number, agency_slugs))
    if plan.errors:
        plan.errors.sort(key=lambda e: e["line"])
    return plan
