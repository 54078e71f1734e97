"""A committee decision printed in the Decree 30 layout (DOCX/PDF through printing): the form an agency
signs to establish or change its ISO steering committee, filled from what eISO recorded."""

from __future__ import annotations

from django.utils.html import escape

from printing.administrative import (
    DECISION,
    AdministrativeDocument,
    SignatureBlock,
    administrative_docx,
    administrative_pdf,
)
from printing.blocks import Section, Table
from printing.vietnamese import QMS_LEGAL_BASIS, agency_identity

from .models import ROLE_ORDER, CommitteeDecision, DecisionKind

LEGAL_BASIS = QMS_LEGAL_BASIS
DUTIES = ("Ban chỉ đạo có nhiệm vụ chỉ đạo việc xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất "
          "lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2015; phân công thành viên phụ trách từng nội dung; xem "
          "xét định kỳ hiệu lực của hệ thống. Trưởng ban phân công nhiệm vụ cụ thể cho các thành viên.")


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _member_rows(members) -> list[list[str]]:
    ordered = sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.joined_on, m.pk))
    return [[m.name, m.position or "", str(m.get_role_display())] for m in ordered]


def decision_document(decision: CommitteeDecision) -> AdministrativeDocument:
    identity = agency_identity()
    commune = identity["agency_name"].upper().startswith("UBND")
    establishes = decision.kind == DecisionKind.ESTABLISHES
    appointed = list(decision.appointments.all())
    removed = list(decision.removals.all())
    articles = []
    if establishes:
        articles.append(Section(None, "Điều 1.", html=_p(
            "Thành lập Ban chỉ đạo xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo Tiêu "
            f"chuẩn quốc gia TCVN ISO 9001:2015 của {identity['agency_name']}, gồm các thành viên sau:"),
            tables=[Table(["Họ và tên", "Chức vụ", "Nhiệm vụ trong Ban"], _member_rows(appointed))]))
    else:
        tables = []
        if appointed:
            tables.append(Table(["Họ và tên", "Chức vụ", "Nhiệm vụ trong Ban"], _member_rows(appointed)))
        html = _p("Kiện toàn Ban chỉ đạo ISO của " + identity["agency_name"] + ":")
        if removed:
            html += "<p>" + escape("Thôi tham gia Ban chỉ đạo: " + "; ".join(
                f"{m.name} ({m.get_role_display()})" for m in removed) + ".") + "</p>"
        if appointed:
            html += "<p>" + escape("Bổ sung, phân công các thành viên sau:") + "</p>"
        articles.append(Section(None, "Điều 1.", html=html, tables=tables))
    articles.append(Section(None, "Điều 2.", html=_p(DUTIES)))
    articles.append(Section(None, "Điều 3.", html=_p(
        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan và các "
        "ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.")))
    subject = ("Về việc thành lập Ban chỉ đạo ISO" if establishes else "Về việc kiện toàn Ban chỉ đạo ISO")
    authority = (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] if commune else ["GIÁM ĐỐC"])
    return AdministrativeDocument(
        doc_type=DECISION, subject=subject, agency_name=identity["agency_name"],
        parent_body=identity["parent_body"], place=identity["place"], number=decision.number,
        issued_on=decision.signed_on,
        intro_html="".join(f"<p><em>{escape(line)}</em></p>" for line in LEGAL_BASIS) + "<p><strong>QUYẾT ĐỊNH:</strong></p>",
        sections=articles, signatures=[SignatureBlock(authority=authority, name=decision.signer)],
        recipients=["Như Điều 3;", "Sở Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."])


PRINTERS = {"pdf": (administrative_pdf, "application/pdf"),
            "docx": (administrative_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}


def printed(decision: CommitteeDecision, fmt: str) -> tuple[bytes, str, str] | None:
    """(file, file name, content type) of the decision as `fmt` ("pdf" or "docx"); None for another format.
    The page and the API both serve this."""
    if fmt not in PRINTERS:
        return None
    printer, content_type = PRINTERS[fmt]
    return printer(decision_document(decision)), f"Quyết định {decision.number.replace('/', '-')}.{fmt}", content_type
