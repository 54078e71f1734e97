"""The announcement decision in the national form (Decree 30 layout, printing.administrative): "Quyết định
công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015", its scope in an annex."""

from __future__ import annotations

from django.utils.html import escape, linebreaks

from printing.administrative import (
    DECISION,
    AdministrativeDocument,
    SignatureBlock,
    administrative_docx,
    administrative_pdf,
)
from printing.blocks import Section, Table
from printing.vietnamese import agency_identity, vn_date

from .models import Announcement

SUBJECT = "Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia TCVN ISO 9001:2015"
BASIS = [
    "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng Hệ "
    "thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức "
    "thuộc hệ thống hành chính nhà nước;",
    "Căn cứ Thông tư số 26/2024/TT-BKHCN của Bộ trưởng Bộ Khoa học và Công nghệ quy định việc xây dựng, áp "
    "dụng, duy trì và cải tiến Hệ thống quản lý chất lượng;",
    "Xét đề nghị của Ban chỉ đạo ISO,",
]


def _authority(agency_name: str, title: str) -> list[str]:
    lines = ["TM. ỦY BAN NHÂN DÂN"] if agency_name.startswith("UBND") else []
    if title.lower().startswith("phó "):
        lines.append(f"KT. {title[4:].upper()}")
    return [*lines, title.upper()]


def decision_document(announcement: Announcement) -> AdministrativeDocument:
    who = agency_identity()
    name = who["agency_name"]
    scope = f"<p>{escape(announcement.scope_text)}</p>" if announcement.scope_text else ""
    articles = [
        Section(None, "Điều 1.", f"<p>Công bố Hệ thống quản lý chất lượng của {escape(name)} phù hợp Tiêu chuẩn "
                                 "quốc gia TCVN ISO 9001:2015 đối với các hoạt động xử lý công việc, giải quyết thủ "
                                 "tục hành chính nêu tại Phụ lục kèm theo Quyết định này.</p>" + scope),
        Section(None, "Điều 2.", "<p>Quyết định này có hiệu lực kể từ ngày ký. Ban chỉ đạo ISO có trách nhiệm duy "
                                 "trì, cải tiến Hệ thống quản lý chất lượng và niêm yết công khai Quyết định này.</p>"),
        Section(None, "Điều 3.", f"<p>Ban chỉ đạo ISO, các công chức, viên chức của {escape(name)} chịu trách "
                                 "nhiệm thi hành Quyết định này.</p>"),
    ]
    annex = Section(None, "PHỤ LỤC: PHẠM VI ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG", linebreaks(
        f"(Kèm theo Quyết định số {announcement.number} ngày {vn_date(announcement.signed_on)})"))
    if announcement.scope_tthc:
        carried = {code: p["code"] for p in announcement.scope_procedures for code in p.get("tthc", [])}
        annex.tables.append(Table(["Mã TTHC", "Tên thủ tục hành chính", "Quy trình"],
                                  [[row["code"], row["name"], carried.get(row["code"], "")]
                                   for row in announcement.scope_tthc]))
    if announcement.scope_procedures:
        annex.tables.append(Table(["Mã quy trình", "Tên quy trình"],
                                  [[p["code"], p["title"]] for p in announcement.scope_procedures]))
    return AdministrativeDocument(
        doc_type=DECISION, subject=SUBJECT, agency_name=name, parent_body=who["parent_body"], place=who["place"],
        number=announcement.number, issued_on=announcement.signed_on,
        intro_html="".join(f"<p><em>{escape(line)}</em></p>" for line in BASIS) + "<p><strong>QUYẾT ĐỊNH:</strong></p>",
        sections=[*articles, annex],
        signatures=[SignatureBlock(authority=_authority(name, announcement.signer_title),
                                   name=announcement.signer_name)],
        recipients=["Như Điều 3;", "Sở Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."])


def decision_pdf(announcement: Announcement) -> bytes:
    return administrative_pdf(decision_document(announcement))


def decision_docx(announcement: Announcement) -> bytes:
    return administrative_docx(decision_document(announcement))
