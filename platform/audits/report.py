"""The internal audit report (báo cáo đánh giá nội bộ) as a Decree-30 REPORT, in PDF or DOCX (printing).

Built from stored data only: scope, team, dates, the checklist's findings and the conclusion. Printed in
Vietnamese whatever the reader's language, like every paper the agency files.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.html import escape, linebreaks

from printing.administrative import (
    REPORT,
    AdministrativeDocument,
    SignatureBlock,
    administrative_docx,
    administrative_pdf,
)
from printing.blocks import Section, Table
from printing.vietnamese import agency_identity

from . import selectors
from .models import AuditPlan, AuditState, Grade


def report_document(plan: AuditPlan) -> AdministrativeDocument:
    identity = agency_identity()
    team = selectors.team(plan)
    lead = next((name for name, is_lead in team if is_lead), "")
    lines = selectors.checklist(plan)
    findings = [(line, finding) for line in lines for finding in line.findings.all()]
    states = selectors.nonconformity_states([f.nonconformity_id for _line, f in findings])
    with translation.override("vi"):
        grades = dict(Grade.choices)
        grades = {key: str(label) for key, label in grades.items()}
    documents = [line.title for line in lines if line.document_id]
    scope = [f"Đơn vị được đánh giá: {', '.join(plan.units) or '—'}",
             f"Quá trình: {'; '.join(plan.processes.splitlines()) or '—'}",
             f"Tiêu chuẩn: {plan.edition.code}, các điều khoản {', '.join(plan.clauses) or '—'}",
             f"Quy trình được đánh giá: {'; '.join(documents) or '—'}"]
    when = f"Từ ngày {plan.starts_on:%d/%m/%Y} đến ngày {plan.ends_on:%d/%m/%Y}"
    people = [f"Trưởng đoàn: {lead}"] + [f"Thành viên: {name}" for name, is_lead in team if not is_lead]
    if plan.auditees:
        people += [f"Bên được đánh giá: {'; '.join(plan.auditees.splitlines())}"]
    rows = []
    for line, finding in findings:
        nc = states.get(finding.nonconformity_id or 0, {})
        rows.append([f"{line.clause} {line.title}".strip(), grades[finding.grade], finding.evidence,
                     nc.get("number", "") if finding.is_nonconformity else ""])
    counts = selectors.grade_counts([plan.pk])
    summary = [f"{grades[grade]}: {counts[grade]}" for grade in Grade.values]
    sections = [
        Section(number=1, title="Phạm vi đánh giá", bullets=scope),
        Section(number=2, title="Thời gian và đoàn đánh giá", bullets=[when, *people]),
        Section(number=3, title="Kết quả đánh giá",
                tables=[Table(headers=["Điều khoản / quy trình", "Phân loại", "Bằng chứng", "Phiếu NC"],
                              rows=rows)] if rows else [],
                html="" if rows else "<p>Chưa ghi nhận phát hiện nào.</p>"),
        Section(number=4, title="Tổng hợp phát hiện", bullets=summary),
        Section(number=5, title="Kết luận", html=linebreaks(escape(plan.conclusion)) if plan.conclusion
                else "<p>…</p>"),
    ]
    return AdministrativeDocument(
        doc_type=REPORT, subject=f"Kết quả đánh giá nội bộ: {plan.title}", agency_name=identity["agency_name"],
        parent_body=identity["parent_body"], place=identity["place"],
        number=f"      /BC-{identity['agency_symbol']}", issued_on=plan.completed_on,
        intro_html=f"<p>Thực hiện {escape(plan.programme.title)}, đoàn đánh giá báo cáo kết quả như sau:</p>",
        sections=sections, is_draft=plan.state != AuditState.COMPLETED,
        signatures=[SignatureBlock(authority=["TRƯỞNG ĐOÀN ĐÁNH GIÁ"], name=lead)],
        recipients=["Lãnh đạo cơ quan;", "Ban chỉ đạo ISO;", "Các đơn vị được đánh giá;", "Lưu: VT."])


def report_pdf(plan: AuditPlan) -> bytes:
    return administrative_pdf(report_document(plan))


def report_docx(plan: AuditPlan) -> bytes:
    return administrative_docx(report_document(plan))
