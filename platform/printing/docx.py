"""Word documents that open cleanly in Word: A4 with Decree 30 margins, Liberation Serif 13pt (Times New
Roman metrics; Word substitutes Times New Roman where Liberation is missing), real tables with borders,
page numbers as Word fields, and sanitised rich text turned into paragraphs, lists and tables.
"""

from __future__ import annotations

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import html as lxml_html

from .blocks import Section, Table

FONT = "Liberation Serif"
BLOCK_TAGS = {"p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "hr"}
# python-docx cannot embed SVG (a TTHC procedure's flow diagram): left out of Word, where the step table
# printed beside it carries the same steps; its labels would otherwise spill out as loose text.
SKIPPED_TAGS = {"svg"}


def set_font(style, size=13):
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
    set_font(doc.styles["Normal"])
    doc.styles["Normal"].paragraph_format.space_after = Pt(4)
    for name in ("List Bullet", "List Number", "Table Grid"):
        set_font(doc.styles[name])
    return doc


def word_field(run, instruction: str) -> None:
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


def cell_text(cell, text: str = "", *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, size=None):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    text_lines = (text or "").split("\n")
    for index, line in enumerate(text_lines):
        run = paragraph.add_run(line)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if index < len(text_lines) - 1:
            run.add_break()
    return paragraph


def data_table(doc, headers, rows) -> None:
    grid = doc.add_table(rows=1, cols=len(headers), style="Table Grid")
    for column, label in enumerate(headers):
        cell_text(grid.cell(0, column), label, bold=True)
    for values in rows:
        cells = grid.add_row().cells
        for column, value in enumerate(values):
            cell_text(cells[column], str(value), align=WD_ALIGN_PARAGRAPH.CENTER if column == 0
                      else WD_ALIGN_PARAGRAPH.LEFT)


def borderless(grid) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    grid._tbl.tblPr.append(borders)


def lines(cell, rows) -> None:
    """Write (text, bold, italic, size) lines into a table cell, centred."""
    first = True
    for text, bold, italic, size in rows:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)


def page_numbers(doc, *, header_text: str = "") -> None:
    """'Trang n/N' centred in every footer; `header_text` italic at the top right from page 2 on."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    if header_text:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header.add_run(header_text)
        run.italic, run.font.size = True, Pt(10)
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("Trang ").font.size = Pt(10)
        word_field(paragraph.add_run(), "PAGE")
        paragraph.add_run("/").font.size = Pt(10)
        word_field(paragraph.add_run(), "NUMPAGES")


def red_mark(doc, text: str) -> None:
    """A draft's mark ("DỰ THẢO", "ĐANG XEM XÉT") in red at the top right."""
    mark = doc.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = mark.add_run(text)
    run.bold, run.font.color.rgb = True, RGBColor(0xB0, 0x00, 0x00)


def table(doc, data: Table) -> None:
    """A bordered table with a bold header row (and a TT column when the table is numbered)."""
    headers = (["TT"] if data.numbered else []) + list(data.headers)
    rows = [([str(i)] if data.numbered else []) + [str(v) for v in row] for i, row in enumerate(data.rows, 1)]
    data_table(doc, headers, rows)


def sections(doc, intro_html: str, body: list[Section], *, upper_titles: bool = True) -> None:
    """The intro, then each numbered section: title, bullets, rich text, tables."""
    writer = HtmlToDocx(doc)
    writer.write(intro_html)
    for section in body:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.keep_with_next = True
        number = f"{section.number}. " if section.number else ""
        title = f"{number}{section.title}"
        heading.add_run(title.upper() if upper_titles else title).bold = True
        for bullet in section.bullets:
            doc.add_paragraph(bullet, style="List Bullet")
        writer.write(section.html)
        for data in section.tables:
            table(doc, data)


def to_bytes(doc) -> bytes:
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
            if not isinstance(node.tag, str) or node.tag in SKIPPED_TAGS:
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
            if not isinstance(child.tag, str) or child.tag in SKIPPED_TAGS:
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
