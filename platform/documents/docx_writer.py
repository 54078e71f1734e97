"""The DOCX twin of the printed procedure: same header, sign-off, revision tables and sections.

Agencies edit and re-sign procedures in Word, so the DOCX must open cleanly there: real tables with
borders ("Table Grid"), real headings, A4 with Decree 30 margins, Liberation Serif 13pt (Times New Roman
metrics; Word substitutes Times New Roman where Liberation is missing), and a running header with the code
and edition plus page numbers on every page.
"""

from __future__ import annotations

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import html as lxml_html

from .printing import PrintContext

FONT = "Liberation Serif"
BLOCK_TAGS = {"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "hr"}


def _set_font(style, size=13):
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def new_document() -> DocxDocument:
    doc = DocxDocument()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    _set_font(doc.styles["Normal"])
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    for name in ("List Bullet", "List Number", "Table Grid"):
        _set_font(doc.styles[name])
    return doc


def _field(run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _running_header_and_footer(doc, ctx: PrintContext) -> None:
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run(f"{ctx.code}  ·  Lần ban hành: {ctx.edition_label}")
    run.italic, run.font.size = True, Pt(10)
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Trang ").font.size = Pt(10)
        _field(paragraph.add_run(), "PAGE")
        paragraph.add_run("/").font.size = Pt(10)
        _field(paragraph.add_run(), "NUMPAGES")


def _cell(cell, text: str = "", *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=None):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    lines = (text or "").split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _header_table(doc, ctx: PrintContext) -> None:
    table = doc.add_table(rows=1, cols=3, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    agency, title, meta = table.rows[0].cells
    if ctx.parent_body:
        _cell(agency, ctx.parent_body.upper(), size=11)
        agency.add_paragraph()
        paragraph = agency.paragraphs[-1]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(ctx.agency_name.upper()).bold = True
    else:
        _cell(agency, ctx.agency_name.upper(), bold=True)
    heading = f"{ctx.kind_heading}\n" if ctx.show_kind_heading else ""
    _cell(title, heading + ctx.title.upper(), bold=True)
    paragraph = _cell(meta, "Mã hiệu: ", align=WD_ALIGN_PARAGRAPH.LEFT, size=12)
    paragraph.add_run(ctx.code).bold = True
    for label, value in (("Lần ban hành: ", ctx.edition_label), ("Ngày ban hành: ", ctx.issue_date or ctx.state_label)):
        line = meta.add_paragraph()
        line.add_run(label).font.size = Pt(12)
        run = line.add_run(value)
        run.bold = bool(ctx.issue_date) or label.startswith("Lần")
        run.italic = not ctx.issue_date and label.startswith("Ngày")
    for cell, width in zip(table.rows[0].cells, (Mm(45), Mm(75), Mm(45)), strict=True):
        cell.width = width


def _signoff_table(doc, ctx: PrintContext) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=4, cols=1 + len(ctx.signoff_columns), style="Table Grid")
    for column, col in enumerate(ctx.signoff_columns, start=1):
        _cell(table.cell(0, column), col.label, bold=True)
        _cell(table.cell(1, column), "\n".join(s.name for s in col.signers))
        _cell(table.cell(2, column), "\n".join(f"Đã ký điện tử {s.date}" if s.signed else "" for s in col.signers),
              italic=True, size=10.5)
        _cell(table.cell(3, column), "\n".join(s.title for s in col.signers))
    for row, label in enumerate(("", "Họ tên", "Chữ ký", "Chức vụ")):
        _cell(table.cell(row, 0), label, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    table.rows[2].height = Mm(16)


def _revision_table(doc, ctx: PrintContext) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(14)
    title.add_run("THEO DÕI SỬA ĐỔI").bold = True
    table = doc.add_table(rows=1, cols=4, style="Table Grid")
    for column, label in enumerate(("Lần ban hành", "Ngày ban hành", "Nội dung sửa đổi", "Lý do sửa đổi")):
        _cell(table.cell(0, column), label, bold=True)
    for row in ctx.revision_rows:
        cells = table.add_row().cells
        _cell(cells[0], f"{row.edition:02d}")
        _cell(cells[1], row.date)
        _cell(cells[2], row.change_summary, align=WD_ALIGN_PARAGRAPH.LEFT)
        _cell(cells[3], row.change_reason, align=WD_ALIGN_PARAGRAPH.LEFT)


def _data_table(doc, headers, rows) -> None:
    table = doc.add_table(rows=1, cols=len(headers), style="Table Grid")
    for column, label in enumerate(headers):
        _cell(table.cell(0, column), label, bold=True)
    for values in rows:
        cells = table.add_row().cells
        for column, value in enumerate(values):
            _cell(cells[column], str(value), align=WD_ALIGN_PARAGRAPH.CENTER if column == 0
                  else WD_ALIGN_PARAGRAPH.LEFT)


def _sections(doc, ctx: PrintContext) -> None:
    writer = HtmlToDocx(doc)
    writer.write(ctx.intro_html)
    for section in ctx.sections:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.keep_with_next = True
        number = f"{section.number}. " if section.number else ""
        heading.add_run(f"{number}{section.title}".upper()).bold = True
        if section.standard == 3 and ctx.legal_references and not section.html:
            for ref in ctx.legal_references:
                doc.add_paragraph(f"{ref.number} {ref.title}".strip() + ";", style="List Bullet")
        writer.write(section.html)
        if section.table == "forms":
            _data_table(doc, ("TT", "Mã hiệu", "Tên biểu mẫu"),
                        [(i, form.code, form.title) for i, form in enumerate(ctx.forms, start=1)])
        elif section.table == "records":
            _data_table(doc, ("TT", "Tên hồ sơ", "Nơi lưu", "Thời gian lưu"),
                        [(i, r.name, r.kept_by, r.retention) for i, r in enumerate(ctx.record_requirements, 1)])


def procedure_docx(ctx: PrintContext) -> bytes:
    doc = new_document()
    _running_header_and_footer(doc, ctx)
    if ctx.is_draft:
        mark = doc.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run(ctx.state_label.upper())
        run.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x00)
    _header_table(doc, ctx)
    _signoff_table(doc, ctx)
    _revision_table(doc, ctx)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _sections(doc, ctx)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _lines(cell, lines) -> None:
    """Write (text, bold, italic, size) lines into a table cell, centred."""
    first = True
    for text, bold, italic, size in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def decision_docx(ctx: PrintContext, parts: dict) -> bytes:
    """A decision in the Decree 30/2020/NĐ-CP layout: issuer | national motto, number | place and date,
    the type and subject, the body, then recipients | signing authority."""
    doc = new_document()
    _set_font(doc.styles["Normal"], 14)
    header = doc.add_table(rows=1, cols=2)
    _borderless(header)
    issuer, nation = header.rows[0].cells
    issuer.width, nation.width = Mm(65), Mm(100)
    _lines(issuer, [(ctx.parent_body.upper(), False, False, 12.5)] * bool(ctx.parent_body)
           + [(ctx.agency_name.upper(), True, False, 12.5), ("———", False, False, 10),
              (f"Số: {parts['number']}", False, False, 13)])
    _lines(nation, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 12.5),
                    ("Độc lập - Tự do - Hạnh phúc", True, False, 13.5), ("———————————", False, False, 10),
                    (parts["place_date"], False, True, 13.5)])
    if ctx.is_draft:
        mark = doc.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = mark.add_run("DỰ THẢO")
        run.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x00)
    for text in ("QUYẾT ĐỊNH", parts["subject"]):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(12 if text == "QUYẾT ĐỊNH" else 0)
        paragraph.add_run(text).bold = True
    HtmlToDocx(doc).write(ctx.intro_html)
    for section in ctx.sections:
        doc.add_paragraph().add_run(f"{section.number or ''}. {section.title}".strip(". ")).bold = True
        HtmlToDocx(doc).write(section.html)
    doc.add_paragraph()
    sign = doc.add_table(rows=1, cols=2)
    _borderless(sign)
    recipients, signer = sign.rows[0].cells
    _lines(recipients, [("Nơi nhận:", True, True, 12)] + [(f"- {r}", False, False, 11) for r in parts["recipients"]])
    for paragraph in recipients.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    person = parts["signer"]
    mark = f"(Đã ký điện tử ngày {person.date})" if person and person.signed else ""
    _lines(signer, [(line, True, False, 14) for line in parts["authority"]]
           + [("", False, False, 14), (mark, False, True, 11), ("", False, False, 14),
              (person.name if person else "", True, False, 14)])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class HtmlToDocx:
    """Sanitised rich text to Word paragraphs, lists and tables (what the editor can produce)."""

    def __init__(self, doc):
        self.doc = doc

    def write(self, markup: str) -> None:
        if not (markup or "").strip():
            return
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
        self._blocks(root, self.doc)

    def _blocks(self, parent, container, list_style=None, level=0):
        loose = []
        if (parent.text or "").strip():
            loose.append(parent.text)
        for node in parent:
            if not isinstance(node.tag, str):
                continue
            if node.tag in BLOCK_TAGS:
                self._flush(loose, container)
                loose = []
                self._block(node, container, level)
            else:
                loose.append(node)
            if (node.tail or "").strip():
                loose.append(node.tail)
        self._flush(loose, container)

    def _flush(self, items, container):
        if not items or all(isinstance(i, str) and not i.strip() for i in items):
            return
        paragraph = container.add_paragraph()
        for item in items:
            if isinstance(item, str):
                paragraph.add_run(item)
            else:
                self._inline(item, paragraph, {})

    def _block(self, node, container, level):
        tag = node.tag
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            paragraph = container.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            self._inline(node, paragraph, {"bold": True})
        elif tag in {"ul", "ol"}:
            style = "List Number" if tag == "ol" else "List Bullet"
            for item in node:
                if isinstance(item.tag, str) and item.tag == "li":
                    paragraph = container.add_paragraph(style=style)
                    if level:
                        paragraph.paragraph_format.left_indent = Mm(6 * (level + 1))
                    self._inline(item, paragraph, {}, skip_lists=True)
                    for sub in item:
                        if isinstance(sub.tag, str) and sub.tag in {"ul", "ol"}:
                            self._block(sub, container, level + 1)
        elif tag == "table":
            self._table(node, container)
        elif tag == "hr":
            container.add_paragraph("")
        else:  # p, div, blockquote
            if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in node):
                self._blocks(node, container, level=level)
            else:
                paragraph = container.add_paragraph()
                self._inline(node, paragraph, {"italic": True} if tag == "blockquote" else {})

    def _inline(self, node, paragraph, fmt, skip_lists=False):
        fmt = dict(fmt)
        if node.tag in {"strong", "b"}:
            fmt["bold"] = True
        elif node.tag in {"em", "i"}:
            fmt["italic"] = True
        elif node.tag == "u":
            fmt["underline"] = True
        if node.tag == "br":
            paragraph.add_run().add_break()
        elif node.text:
            self._run(paragraph, node.text, fmt)
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if skip_lists and child.tag in {"ul", "ol"}:
                continue
            self._inline(child, paragraph, fmt)
            if child.tail:
                self._run(paragraph, child.tail, fmt)

    @staticmethod
    def _run(paragraph, text, fmt):
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold") or None
        run.italic = fmt.get("italic") or None
        run.underline = fmt.get("underline") or None

    def _table(self, node, container):
        rows = [row for row in node.iter("tr")]
        if not rows:
            return
        width = max(sum(int(c.get("colspan", 1) or 1) for c in row if c.tag in {"td", "th"}) for row in rows)
        table = container.add_table(rows=len(rows), cols=max(width, 1))
        table.style = self.doc.styles["Table Grid"]
        for r, row in enumerate(rows):
            column = 0
            for cell_node in row:
                if cell_node.tag not in {"td", "th"}:
                    continue
                span = max(int(cell_node.get("colspan", 1) or 1), 1)
                cell = table.cell(r, column)
                if span > 1 and column + span - 1 < width:
                    cell = cell.merge(table.cell(r, column + span - 1))
                paragraph = cell.paragraphs[0]
                self._inline(cell_node, paragraph, {"bold": True} if cell_node.tag == "th" else {})
                column += span
