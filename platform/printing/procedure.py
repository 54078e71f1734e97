"""An ISO procedure as Vietnamese agencies print it (docs/DOMAIN.md §6), in PDF and DOCX from one sheet.

Page one: the header table (agency | title | code, edition, issue date), the Soạn thảo / Xem xét /
Phê duyệt sign-off table and "Theo dõi sửa đổi"; then the numbered sections with their tables. The sheet
holds only what is printed: names and titles as they were when signed, so a reprint years later shows
who signed then, not who holds the job now.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from . import docx as word
from .blocks import Section
from .pdf import html_to_pdf

BLANK_REVISION_ROWS = 2  # empty lines left in "Theo dõi sửa đổi" for handwritten amendments


@dataclass
class Signer:
    name: str
    title: str
    signed: bool
    date: str
    comment: str = ""


@dataclass
class SignoffColumn:
    label: str
    signers: list[Signer] = field(default_factory=list)


@dataclass
class RevisionRow:
    edition: int
    date: str
    change_summary: str
    change_reason: str
    state: str


@dataclass
class ProcedureSheet:
    agency_name: str
    parent_body: str
    place: str
    agency_symbol: str
    kind_heading: str
    show_kind_heading: bool
    code: str
    title: str
    edition: int
    issue_date: str
    issue_date_long: str
    is_draft: bool
    state_label: str
    signoff_columns: list[SignoffColumn]
    revision_rows: list[RevisionRow]
    intro_html: str
    sections: list[Section]
    printed_at: str = ""

    @property
    def edition_label(self) -> str:
        return f"{self.edition:02d}"


def procedure_html(sheet: ProcedureSheet) -> str:
    blank = max(0, BLANK_REVISION_ROWS + 1 - len(sheet.revision_rows))
    return render_to_string("printing/procedure.html", {"ctx": sheet, "blank_rows": range(blank)})


def procedure_pdf(sheet: ProcedureSheet) -> bytes:
    return html_to_pdf(procedure_html(sheet))


def procedure_docx(sheet: ProcedureSheet) -> bytes:
    doc = word.new_document()
    word.page_numbers(doc, header_text=f"{sheet.code}  ·  Lần ban hành: {sheet.edition_label}")
    if sheet.is_draft:
        word.red_mark(doc, sheet.state_label.upper())
    _header_table(doc, sheet)
    _signoff_table(doc, sheet)
    _revision_table(doc, sheet)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    word.sections(doc, sheet.intro_html, sheet.sections)
    return word.to_bytes(doc)


def _header_table(doc, sheet: ProcedureSheet) -> None:
    grid = doc.add_table(rows=1, cols=3, style="Table Grid")
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    agency, title, meta = grid.rows[0].cells
    if sheet.parent_body:
        word.cell_text(agency, sheet.parent_body.upper(), size=11)
        agency.add_paragraph()
        paragraph = agency.paragraphs[-1]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(sheet.agency_name.upper()).bold = True
    else:
        word.cell_text(agency, sheet.agency_name.upper(), bold=True)
    heading = f"{sheet.kind_heading}\n" if sheet.show_kind_heading else ""
    word.cell_text(title, heading + sheet.title.upper(), bold=True)
    paragraph = word.cell_text(meta, "Mã hiệu: ", align=WD_ALIGN_PARAGRAPH.LEFT, size=12)
    paragraph.add_run(sheet.code).bold = True
    for label, value in (("Lần ban hành: ", sheet.edition_label),
                         ("Ngày ban hành: ", sheet.issue_date or sheet.state_label)):
        line = meta.add_paragraph()
        line.add_run(label).font.size = Pt(12)
        run = line.add_run(value)
        run.bold = bool(sheet.issue_date) or label.startswith("Lần")
        run.italic = not sheet.issue_date and label.startswith("Ngày")
    for cell, width in zip(grid.rows[0].cells, (Mm(45), Mm(75), Mm(45)), strict=True):
        cell.width = width


def _signoff_table(doc, sheet: ProcedureSheet) -> None:
    doc.add_paragraph()
    grid = doc.add_table(rows=4, cols=1 + len(sheet.signoff_columns), style="Table Grid")
    for column, col in enumerate(sheet.signoff_columns, start=1):
        word.cell_text(grid.cell(0, column), col.label, bold=True)
        word.cell_text(grid.cell(1, column), "\n".join(s.name for s in col.signers))
        word.cell_text(grid.cell(2, column),
                       "\n".join(f"Đã ký điện tử {s.date}" if s.signed else "" for s in col.signers),
                       italic=True, size=10.5)
        word.cell_text(grid.cell(3, column), "\n".join(s.title for s in col.signers))
    for row, label in enumerate(("", "Họ tên", "Chữ ký", "Chức vụ")):
        word.cell_text(grid.cell(row, 0), label, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    grid.rows[2].height = Mm(16)


def _revision_table(doc, sheet: ProcedureSheet) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(14)
    title.add_run("THEO DÕI SỬA ĐỔI").bold = True
    grid = doc.add_table(rows=1, cols=4, style="Table Grid")
    for column, label in enumerate(("Lần ban hành", "Ngày ban hành", "Nội dung sửa đổi", "Lý do sửa đổi")):
        word.cell_text(grid.cell(0, column), label, bold=True)
    for row in sheet.revision_rows:
        cells = grid.add_row().cells
        word.cell_text(cells[0], f"{row.edition:02d}")
        word.cell_text(cells[1], row.date)
        word.cell_text(cells[2], row.change_summary, align=WD_ALIGN_PARAGRAPH.LEFT)
        word.cell_text(cells[3], row.change_reason, align=WD_ALIGN_PARAGRAPH.LEFT)
