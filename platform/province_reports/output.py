"""A run's files: the Word report rendered from the province's template (or the default one shipped here) and
the Excel workbook of every figure with the agencies behind it.

The templates are Word files with Jinja tags (docxtpl): the operator changes the layout, the wording, the
recipients, without code. They are rendered in Jinja's sandbox with undefined names refused, so a template
can neither reach Python internals nor silently print a blank where it names a figure that does not exist.
What a template may use is `context()`'s keys (listed on the templates page).
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from core import tabular
from printing import docx as word
from printing.administrative import header_table
from printing.vietnamese import agency_identity, place_and_date

from .models import ReportKind

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
TITLE = "Kết quả kiểm tra việc áp dụng, duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015 năm {year}"
ADDRESSEE = {ReportKind.NOVEMBER: "Ủy ban nhân dân {province}", ReportKind.DECEMBER: "Bộ Khoa học và Công nghệ"}
RECIPIENTS = {
    ReportKind.NOVEMBER: ["Như trên;", "Giám đốc Sở (để b/c);", "Lưu: VT, TĐC."],
    ReportKind.DECEMBER: ["Như trên;", "UBND tỉnh (để b/c);", "Giám đốc Sở;", "Lưu: VT, TĐC."],
}
# What a template may name, shown to the operator on the templates page.
CONTEXT_KEYS = [
    ("parent_body", "UBND TỈNH …"), ("agency_name", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"), ("number", "215/BC-SKHCN"),
    ("place_date", "Vĩnh Long, ngày 02 tháng 12 năm 2026"), ("title", TITLE.format(year=2026)),
    ("addressee", "Ủy ban nhân dân tỉnh …"), ("year", "2026"), ("province", "Tỉnh …"),
    ("sections", "[{number, title, figures: [{key, label, value, agencies}]}]"),
    ("f.<key>", "{{ f.state_announced }}"), ("recipients", "[…]"),
    ("{%p for s in sections %} … {%p endfor %}", "{%tr for x in s.figures %} {{ x.label }} {{ x.value }} {%tr endfor %}"),
]


class TemplateProblem(Exception):
    """A template that cannot be read or does not render, with the reason in words."""


def context(*, province, supervisor, kind: str, year: int, number: str, issued_on, sections: list[dict]) -> dict:
    """What a report template renders: the DOST's identity, the date and number, and the figures."""
    identity = agency_identity(supervisor) if supervisor is not None else {
        "agency_name": "", "parent_body": f"UBND {province.name}", "place": province.name, "agency_symbol": "SKHCN"}
    numbered = []
    values = {}
    for index, section in enumerate(sections):
        figures = [{"key": f["key"], "label": f["label"], "value": f["value"], "agencies": f["agencies"]}
                   for f in section["figures"]]
        values.update({f["key"]: f["value"] for f in figures})
        numbered.append({"number": ROMAN[index] if index < len(ROMAN) else str(index + 1), "key": section["key"],
                         "title": section["label"], "figures": figures})
    return {
        "parent_body": identity["parent_body"].upper(), "agency_name": identity["agency_name"].upper(),
        "number": number or f"      /BC-{identity['agency_symbol']}", "place_date": place_and_date(identity["place"], issued_on),
        "title": TITLE.format(year=year), "year": year, "province": province.name, "kind": kind,
        "addressee": ADDRESSEE[kind].format(province=_in_sentence(province.name)),
        "sections": numbered, "f": values, "recipients": RECIPIENTS[kind],
    }


def _in_sentence(name: str) -> str:
    """"Tỉnh Vĩnh Long" as written inside a sentence: "tỉnh Vĩnh Long"."""
    first, _space, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if first in ("Tỉnh", "Thành") and rest else name


def render_docx(template: bytes, values: dict) -> bytes:
    """The report: `template` rendered with `values` in the sandbox. TemplateProblem when it cannot be."""
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    try:
        document = DocxTemplate(io.BytesIO(template))
        document.render(values, jinja_env=SandboxedEnvironment(undefined=StrictUndefined), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except Exception as exc:  # noqa: BLE001 - anything an uploaded file can make go wrong is the file's problem
        raise TemplateProblem(str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__) from exc
    return out.getvalue()


def default_template(kind: str) -> bytes:
    """The Word template eISO ships for a kind of report, in the Decree 30 layout, with Jinja tags."""
    doc = word.new_document()
    word.set_font(doc.styles["Normal"], 14)
    header_table(doc, parent_body="{{ parent_body }}", agency_name="{{ agency_name }}", number="{{ number }}",
                 place_date="{{ place_date }}")
    for text, before in (("BÁO CÁO", 12), ("{{ title }}", 0)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.add_run(text).bold = True
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Kính gửi: {{ addressee }}")
    doc.add_paragraph(
        "Thực hiện Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống "
        "quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức thuộc hệ "
        "thống hành chính nhà nước, Sở Khoa học và Công nghệ báo cáo kết quả năm {{ year }} của {{ province }} như sau "
        "(số liệu tổng hợp từ hệ thống eISO):")
    doc.add_paragraph("{%p for s in sections %}")
    doc.add_paragraph().add_run("{{ s.number }}. {{ s.title|upper }}").bold = True
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Nội dung", "Số liệu"), strict=True):
        word.cell_text(cell, text, bold=True)
    word.cell_text(table.rows[1].cells[0], "{%tr for x in s.figures %}")
    for cell, text in zip(table.rows[2].cells, ("{{ loop.index }}", "{{ x.label }}", "{{ x.value }}"), strict=True):
        word.cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if "label" in text else WD_ALIGN_PARAGRAPH.CENTER)
    word.cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph().add_run("{{ sections|length + 1 }}. ĐỀ XUẤT, KIẾN NGHỊ").bold = True
    doc.add_paragraph("……………………………………………………………………………………")
    doc.add_paragraph()
    sign = doc.add_table(rows=1, cols=2)
    word.borderless(sign)
    recipients, signer = sign.rows[0].cells
    word.lines(recipients, [("Nơi nhận:", True, True, 12), ("{%p for r in recipients %}", False, False, 11),
                            ("- {{ r }}", False, False, 11), ("{%p endfor %}", False, False, 11)])
    for paragraph in recipients.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    word.lines(signer, [("GIÁM ĐỐC", True, False, 14), ("", False, False, 14), ("", False, False, 14),
                        ("", False, False, 14)])
    return word.to_bytes(doc)


def sample_context(province, supervisor, kind: str, year: int) -> dict:
    """Every registered figure with a made-up value: what an uploaded template is tried against."""
    from .figures import figures_for, sections

    labels = {section.key: str(section.label) for section in sections}
    grouped: dict[str, dict] = {}
    for index, figure in enumerate(figures_for(kind)):
        grouped.setdefault(figure.section, {"key": figure.section, "label": labels.get(figure.section, figure.section),
                                            "figures": []})
        grouped[figure.section]["figures"].append({"key": figure.key, "label": str(figure.label),
                                                   "value": str(index), "agencies": index})
    return context(province=province, supervisor=supervisor, kind=kind, year=year, number="",
                   issued_on=None, sections=list(grouped.values()))


def workbook(run, figures: list, agencies: dict) -> bytes:
    """Sheet 1: every figure; sheet 2: one line per figure and agency behind it. Text cells are stored as text
    (core.tabular), so an agency named like a formula is never evaluated."""
    from openpyxl import Workbook

    book = Workbook()
    tabular.write_sheet(book.active, [_("Section"), _("Figure"), _("Value"), _("Agencies"), _("Key")],
                        [[f.section_label, f.label, f.value, len(f.agency_ids), f.key] for f in figures],
                        title=_("Figures"))
    lines = []
    for figure in figures:
        for agency_id in figure.agency_ids:
            agency = agencies.get(agency_id)
            if agency is not None:
                lines.append([figure.key, figure.label, agency.code, agency.name, agency.get_level_display(),
                              agency.get_obligation_basis_display()])
    tabular.write_sheet(book.create_sheet(), [_("Key"), _("Figure"), _("Agency code"), _("Agency"), _("Level"),
                                              _("Obligation basis")], lines, title=_("Agencies per figure"))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
