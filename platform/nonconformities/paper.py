"""A nonconformity on paper: the Decree-30 report (BÁO CÁO) of an NC and its corrective actions, PDF or DOCX.

Printed from plain data (printing.administrative): what was found, the immediate correction, the root cause,
the actions with owners, due and done dates, the effectiveness check; signed by the ISO secretary who keeps
the register. The printed text is Vietnamese, as the agency files it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, linebreaks

from printing.administrative import REPORT, AdministrativeDocument, SignatureBlock
from printing.blocks import Section, Table
from printing.vietnamese import agency_identity

from .models import Nonconformity


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _paragraphs(*pairs) -> str:
    return "".join(f"<p><b>{escape(label)}:</b> {escape(value)}</p>" for label, value in pairs if value)


def nc_report(nc: Nonconformity) -> AdministrativeDocument:
    with translation.override(settings.LANGUAGE_CODE):  # the paper is filed in Vietnamese
        return _report(nc)


def _report(nc: Nonconformity) -> AdministrativeDocument:
    identity = agency_identity()
    found = _paragraphs(("Nguồn phát hiện", nc.get_source_display()), ("Mức độ", nc.get_grade_display()),
                        ("Ngày phát hiện", _date(nc.detected_on)), ("Quá trình, bộ phận", nc.process),
                        ("Điều khoản TCVN ISO 9001:2015", nc.clause), ("Yêu cầu không được đáp ứng", nc.requirement))
    actions = list(nc.actions.order_by("due_on", "id"))
    sections = [
        Section(number=1, title="Nội dung không phù hợp", html=linebreaks(escape(nc.description)) + found),
        Section(number=2, title="Khắc phục tức thời", html=(
            linebreaks(escape(nc.correction)) + _paragraphs(("Ngày khắc phục", _date(nc.corrected_on)))
            if nc.correction else "<p>Chưa thực hiện.</p>")),
        Section(number=3, title="Nguyên nhân gốc rễ",
                html=linebreaks(escape(nc.root_cause)) if nc.root_cause else "<p>Chưa phân tích.</p>"),
        Section(number=4, title="Hành động khắc phục", html="" if actions else "<p>Chưa lập hành động khắc phục.</p>",
                tables=[Table(headers=["Hành động", "Người thực hiện", "Hạn", "Hoàn thành", "Kết quả"],
                              rows=[[a.description, a.owner_name, _date(a.due_on), _date(a.done_on), a.result or "—"]
                                    for a in actions])] if actions else []),
        Section(number=5, title="Kiểm tra hiệu lực", html=_paragraphs(
            ("Kết quả", nc.get_effectiveness_display() if nc.effectiveness else "Chưa kiểm tra"),
            ("Ngày kiểm tra", _date(nc.effectiveness_checked_on) if nc.effectiveness else ""),
            ("Hạn kiểm tra", _date(nc.effectiveness_due_on) if not nc.effectiveness else ""),
            ("Bằng chứng", nc.effectiveness_note),
            ("Ngày đóng", _date(nc.closed_on) if nc.closed_on else ""))),
    ]
    signer = nc.closed_by or nc.effectiveness_checked_by or nc.raised_by
    return AdministrativeDocument(
        doc_type=REPORT, subject=f"Về sự không phù hợp {nc.number} và hành động khắc phục",
        agency_name=identity["agency_name"], parent_body=identity["parent_body"], place=identity["place"],
        issued_on=nc.closed_on, sections=sections, is_draft=nc.closed_on is None,
        signatures=[SignatureBlock(authority=["NGƯỜI LẬP"], name=signer.display_name if signer else "")],
        recipients=["Lãnh đạo cơ quan (để báo cáo);", "Thư ký ISO;", "Lưu: VT."])
