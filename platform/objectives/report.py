"""The year's quality objectives as a Decree-30 report (BÁO CÁO), for the management review's file:
the policy in force, each objective with its target, latest result and status, and the year's count."""

from __future__ import annotations

from django.utils import timezone, translation

from printing.administrative import REPORT, AdministrativeDocument, SignatureBlock
from printing.blocks import Section, Table
from printing.vietnamese import agency_identity

from . import selectors


def year_report(year: int) -> AdministrativeDocument:
    identity = agency_identity()
    with translation.override("vi"):
        found = selectors.summary(year)
        rows = [[row.objective.title, row.target, row.latest_value if row.latest else "—",
                 row.latest_label or "—", row.status_label] for row in found.rows]
        policy = selectors.quality_policy()
        sections = []
        if policy is not None:
            sections.append(Section(1, "Chính sách chất lượng", html=policy.content,
                                    bullets=[f"{policy.code} {policy.title}, lần ban hành {policy.edition}"]))
        sections.append(Section(len(sections) + 1, f"Kết quả thực hiện mục tiêu chất lượng năm {year}", tables=[
            Table(headers=["Mục tiêu", "Chỉ tiêu", "Kết quả gần nhất", "Kỳ đo", "Tình trạng"], rows=rows)]))
        sections.append(Section(len(sections) + 1, "Đánh giá chung", bullets=[
            f"Số mục tiêu: {found.total}; đạt hoặc đúng tiến độ: {found.met}; có nguy cơ không đạt: "
            f"{found.at_risk}; không đạt: {found.missed}; chưa đo: {found.not_measured}."]))
    authority = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"] if identity["agency_name"].startswith("UBND") else ["GIÁM ĐỐC"]
    return AdministrativeDocument(
        doc_type=REPORT, subject=f"Kết quả thực hiện mục tiêu chất lượng năm {year}",
        agency_name=identity["agency_name"], parent_body=identity["parent_body"], place=identity["place"],
        number=f"      /BC-{identity['agency_symbol']}", issued_on=timezone.localdate(), sections=sections,
        signatures=[SignatureBlock(authority=authority)], is_draft=False,
        recipients=["Ban chỉ đạo ISO;", "Sở Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."])
