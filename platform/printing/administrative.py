"""Documents in the Decree 30/2020/NĐ-CP administrative format: decisions, reports, minutes, plans.

Issuer (parent body above it) and number at the top left; "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập -
Tự do - Hạnh phúc" and the place and date in italics at the top right; the type (QUYẾT ĐỊNH, BÁO CÁO,
BIÊN BẢN, KẾ HOẠCH) and subject in bold; the body; then recipients ("Nơi nhận:") at the bottom left and
the signing blocks (TM./KT., title, signature, full name) at the right — minutes have two, the chair's
and the secretary's. *(Details to check against Decree 30's Appendix I: docs/DOMAIN.md §6.)*
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from . import docx as word
from .blocks import Section
from .pdf import html_to_pdf
from .vietnamese import place_and_date

DECISION, REPORT, MINUTES, PLAN = "QUYẾT ĐỊNH", "BÁO CÁO", "BIÊN BẢN", "KẾ HOẠCH"
# An administrative letter (công văn): no type name; its summary ("V/v …") under the number at the left,
# then "Kính gửi:" its addressees (Decree 30, Appendix I, form 1.4).
LETTER = "CÔNG VĂN"


@dataclass
class SignatureBlock:
    authority: list[str]  # e.g. ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    name: str = ""
    signed_on: str = ""  # dd/mm/yyyy when signed electronically

    @property
    def note(self) -> str:
        return f"(Đã ký điện tử ngày {self.signed_on})" if self.signed_on else ""


@dataclass
class AdministrativeDocument:
    doc_type: str  # DECISION, REPORT, MINUTES, PLAN or another type name in capitals
    subject: str
    agency_name: str
    parent_body: str = ""
    place: str = ""
    number: str = ""  # "12/QĐ-UBND"; blank spaces are left before the symbol when not numbered yet
    issued_on: date | None = None
    intro_html: str = ""
    sections: list[Section] = field(default_factory=list)
    signatures: list[SignatureBlock] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    is_draft: bool = False
    addressees: list[str] = field(default_factory=list)  # a letter's "Kính gửi:"

    @property
    def is_letter(self) -> bool:
        return self.doc_type == LETTER

    @property
    def place_date(self) -> str:
        return place_and_date(self.place, self.issued_on)


def administrative_html(document: AdministrativeDocument) -> str:
    return render_to_string("printing/administrative.html", {"doc": document})


def administrative_pdf(document: AdministrativeDocument) -> bytes:
    return html_to_pdf(administrative_html(document))


def header_table(doc, *, parent_body: str, agency_name: str, number: str, place_date: str,
                 summary: str = "") -> None:
    """The issuer (parent body, agency, number; a letter's summary under it) at the left and the national
    motto with the place and date at the right, as given (a report template passes its Jinja tags here)."""
    header = doc.add_table(rows=1, cols=2)
    word.borderless(header)
    issuer, nation = header.rows[0].cells
    issuer.width, nation.width = Mm(65), Mm(100)
    word.lines(issuer, [(parent_body, False, False, 12.5)] * bool(parent_body)
               + [(agency_name, True, False, 12.5), ("———", False, False, 10)]
               + [(f"Số: {number}", False, False, 13)] * bool(number)
               + [(f"V/v {summary}", False, False, 12)] * bool(summary))
    word.lines(nation, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 12.5),
                        ("Độc lập - Tự do - Hạnh phúc", True, False, 13.5), ("———————————", False, False, 10),
                        (place_date, False, True, 13.5)])


def administrative_docx(document: AdministrativeDocument) -> bytes:
    doc = word.new_document()
    word.set_font(doc.styles["Normal"], 14)
    header_table(doc, parent_body=document.parent_body.upper(), agency_name=document.agency_name.upper(),
                 number=document.number, place_date=document.place_date,
                 summary=document.subject if document.is_letter else "")
    if document.is_draft:
        word.red_mark(doc, "DỰ THẢO")
    for index, addressee in enumerate(document.addressees):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(12 if index == 0 else 0)
        paragraph.add_run(f"Kính gửi: {addressee}" if index == 0 else addressee)
    for text in () if document.is_letter else (document.doc_type, document.subject):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(12 if text == document.doc_type else 0)
        paragraph.add_run(text).bold = True
    word.sections(doc, document.intro_html, document.sections, upper_titles=False)
    doc.add_paragraph()
    blocks = document.signatures or [SignatureBlock(authority=[])]
    sign = doc.add_table(rows=1, cols=1 + len(blocks))
    word.borderless(sign)
    recipients, *signers = sign.rows[0].cells
    if document.recipients:
        word.lines(recipients, [("Nơi nhận:", True, True, 12)]
                   + [(f"- {r}", False, False, 11) for r in document.recipients])
        for paragraph in recipients.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for cell, block in zip(signers, blocks, strict=True):
        word.lines(cell, [(line, True, False, 14) for line in block.authority]
                   + [("", False, False, 14), (block.note, False, True, 11), ("", False, False, 14),
                      (block.name, True, False, 14)])
    return word.to_bytes(doc)
