"""The minutes of a management review (Biên bản họp xem xét của lãnh đạo) in the Decree 30 layout, PDF and DOCX.

The body follows clause 9.3: time, place and who attended; the inputs by clause 9.3.2 item as they were frozen
when prepared (an item no area reported says so); the outputs of 9.3.3; the decisions; the actions table; and
the secretary's and the chair's signatures. Papers are Vietnamese whatever the reader's language.
"""

from __future__ import annotations

from django.utils.html import escape

from printing.administrative import (
    MINUTES,
    AdministrativeDocument,
    SignatureBlock,
    administrative_docx,
    administrative_pdf,
)
from printing.blocks import Section, Table
from printing.vietnamese import agency_identity, vn_date

from . import selectors
from .models import ActionKind, Review

NOT_REPORTED = "Không có báo cáo trong kỳ."
KIND_VI = {ActionKind.IMPROVEMENT: "Cải tiến", ActionKind.CHANGE: "Thay đổi HTQLCL",
           ActionKind.RESOURCE: "Nguồn lực", ActionKind.OTHER: "Khác"}


def _paragraphs(text: str, empty: str = "Không có.") -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return "".join(f"<p>{escape(line)}</p>" for line in lines) or f"<p><em>{empty}</em></p>"


def _inputs_html(review: Review) -> str:
    parts = []
    for item in selectors.inputs_of(review):
        parts.append(f"<p><strong>{item.mark} {escape(item.label)}</strong></p>")
        lines = [line for source in item.sources for line in source["lines"]]
        if lines:
            parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        else:
            parts.append(f"<p><em>{NOT_REPORTED}</em></p>")
    return "".join(parts)


def _attendance_html(review: Review) -> str:
    who = [f"{row['name']}" + (f", {row['position']}" if row.get("position") else "") for row in review.attendees]
    held = review.held_on or review.planned_on
    lines = [f"Thời gian: ngày {vn_date(held)}." + (f" Địa điểm: {review.place}." if review.place else ""),
             f"Chủ trì: {review.chair_name}" + (f", {review.chair_title}." if review.chair_title else "."),
             f"Thư ký: {review.secretary_name}.",
             f"Kỳ xem xét: từ ngày {vn_date(review.period_since)} đến ngày {vn_date(review.period_until)}."]
    html = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if who:
        html += "<p>Thành phần tham dự:</p><ul>" + "".join(f"<li>{escape(w)}</li>" for w in who) + "</ul>"
    return html


def minutes_document(review: Review) -> AdministrativeDocument:
    identity = agency_identity()
    year = (review.held_on or review.planned_on).year
    subject = f"Họp xem xét của lãnh đạo về hệ thống quản lý chất lượng năm {year}"
    actions = Table(headers=["Nội dung hành động", "Đầu ra", "Người thực hiện", "Thời hạn", "Kết quả"],
                    rows=[[a.text, KIND_VI.get(a.kind, ""), a.owner_name, vn_date(a.due_on),
                           (f"Đã xong {vn_date(a.done_on)}: {a.result}" if a.done_on else "Đang thực hiện")]
                          for a in review.actions.order_by("due_on", "id")])
    outputs = ("<p><strong>a) Cơ hội cải tiến:</strong></p>" + _paragraphs(review.improvements)
               + "<p><strong>b) Nhu cầu thay đổi đối với hệ thống quản lý chất lượng:</strong></p>"
               + _paragraphs(review.qms_changes)
               + "<p><strong>c) Nhu cầu về nguồn lực:</strong></p>" + _paragraphs(review.resource_needs))
    sections = [
        Section(1, "Thời gian, địa điểm, thành phần", html=_attendance_html(review)),
        Section(2, "Đầu vào của xem xét của lãnh đạo (khoản 9.3.2 TCVN ISO 9001:2015)", html=_inputs_html(review)),
        Section(3, "Ý kiến thảo luận", html=_paragraphs(review.summary)),
        Section(4, "Đầu ra của xem xét của lãnh đạo (khoản 9.3.3)", html=outputs),
        Section(5, "Kết luận, quyết định của lãnh đạo", html=_paragraphs(review.decisions)),
        Section(6, "Các hành động cần thực hiện", html="" if actions.rows else _paragraphs(""),
                tables=[actions] if actions.rows else []),
    ]
    return AdministrativeDocument(
        doc_type=MINUTES, subject=subject,
        agency_name=identity["agency_name"], parent_body=identity["parent_body"], place=identity["place"],
        issued_on=review.held_on, sections=sections, is_draft=not review.is_held,
        intro_html="" if review.title == subject else f"<p>{escape(review.title)}</p>",
        signatures=[SignatureBlock(["THƯ KÝ"], name=review.secretary_name),
                    SignatureBlock(["CHỦ TRÌ"], name=review.chair_name)])


def minutes_pdf(review: Review) -> bytes:
    return administrative_pdf(minutes_document(review))


def minutes_docx(review: Review) -> bytes:
    return administrative_docx(minutes_document(review))


def filename(review: Review, fmt: str) -> str:
    return f"bien-ban-xem-xet-lanh-dao-{(review.held_on or review.planned_on):%Y-%m-%d}.{fmt}"
