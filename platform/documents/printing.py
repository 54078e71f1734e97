"""What a printed procedure shows, gathered once for both the PDF and the DOCX (DOMAIN.md §6).

The agency comes from the active tenant; the header, sign-off table, revision table and sections come from
the revision, its sign-offs and its document's other editions. Names and titles are the ones frozen on the
sign-off, so a reprint years later shows who signed then, not who holds the job now.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.utils import timezone

from .models import Document, DocumentKind, Revision, RevisionState, Signoff
from .richtext import STANDARD_SECTIONS, Section, has_table, sanitize, split_sections, unaccent

KIND_HEADINGS = {
    DocumentKind.QUALITY_POLICY: "CHÍNH SÁCH CHẤT LƯỢNG",
    DocumentKind.QUALITY_OBJECTIVES: "MỤC TIÊU CHẤT LƯỢNG",
    DocumentKind.QUALITY_MANUAL: "SỔ TAY CHẤT LƯỢNG",
    DocumentKind.SYSTEM_PROCEDURE: "QUY TRÌNH",
    DocumentKind.INTERNAL_PROCEDURE: "QUY TRÌNH",
    DocumentKind.TTHC_PROCEDURE: "QUY TRÌNH",
    DocumentKind.GUIDANCE: "HƯỚNG DẪN",
    DocumentKind.FORM: "BIỂU MẪU",
    DocumentKind.DECISION: "QUYẾT ĐỊNH",
}
STEP_LABELS = [(Signoff.Step.DRAFTED, "Soạn thảo"), (Signoff.Step.REVIEW, "Xem xét"),
               (Signoff.Step.APPROVAL, "Phê duyệt")]
STATE_LABELS = {
    RevisionState.DRAFT: "Dự thảo",
    RevisionState.IN_REVIEW: "Đang xem xét",
    RevisionState.CHANGES_REQUESTED: "Yêu cầu sửa đổi",
    RevisionState.APPROVED: "Đã phê duyệt",
    RevisionState.PUBLISHED: "Đang hiệu lực",
    RevisionState.SUPERSEDED: "Đã thay thế",
    RevisionState.WITHDRAWN: "Đã thu hồi",
}


def vn_date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.strftime("%d/%m/%Y")


def vn_long_date(value: date | None) -> str:
    """'ngày 28 tháng 4 năm 2023' (Decree 30: day and month below 10 written with a leading zero only
    for 1-2, so plain numbers with the two-digit rule applied)."""
    if value is None:
        return "ngày     tháng     năm     "
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


@dataclass
class Signer:
    name: str
    title: str
    signed: bool
    date: str
    comment: str = ""


@dataclass
class SignoffColumn:
    label: str
    signers: list[Signer] = field(default_factory=list)


@dataclass
class RevisionRow:
    edition: int
    date: str
    change_summary: str
    change_reason: str
    state: str


@dataclass
class PrintContext:
    agency_name: str
    parent_body: str
    place: str
    agency_symbol: str
    document: Document
    revision: Revision
    kind_heading: str
    show_kind_heading: bool
    code: str
    title: str
    edition: int
    issue_date: str
    issue_date_long: str
    is_draft: bool
    state_label: str
    signoff_columns: list[SignoffColumn]
    revision_rows: list[RevisionRow]
    intro_html: str
    sections: list[Section]
    forms: list[Document]
    record_requirements: list
    legal_references: list
    printed_at: str

    @property
    def edition_label(self) -> str:
        return f"{self.edition:02d}"


def current_agency():
    """The Agency whose schema is active (schema_context() only sets a stand-in with the schema name)."""
    from tenants.models import Agency

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Agency):
        return tenant
    return (Agency.objects.select_related("province", "parent")
            .filter(schema_name=getattr(connection, "schema_name", None)).first())


def agency_identity() -> dict:
    """Name, parent body, place and symbol of the agency whose schema is active."""
    tenant = current_agency()
    name = getattr(tenant, "name", "") or ""
    province = tenant.province if tenant is not None and tenant.province_id else None
    parent = tenant.parent if tenant is not None and tenant.parent_id else None
    if parent is not None:
        parent_body = parent.name
    elif province is not None:
        parent_body = f"UBND {province.name}"
    else:
        parent_body = ""
    place = province.name if province is not None else ""
    for prefix in ("Tỉnh ", "Thành phố ", "TP. "):
        if place.startswith(prefix):
            place = place[len(prefix):]
    symbol = (getattr(tenant, "short_name", "") or "").upper() or _initials(name)
    return {"agency_name": name, "parent_body": parent_body, "place": place, "agency_symbol": symbol}


def _initials(name: str) -> str:
    words = [w for w in name.split() if w]
    if words and words[0].upper() == "UBND":
        return "UBND"
    return "".join(unaccent(w)[0].upper() for w in words if w[0].isalpha())


def _signoff_columns(revision: Revision) -> list[SignoffColumn]:
    columns = []
    # Only the last round: earlier rounds ended in "changes requested" and are kept as evidence elsewhere.
    signoffs = list(revision.signoffs.filter(round=revision.round).select_related("user")
                    .order_by("decided_at", "id"))
    for step, label in STEP_LABELS:
        column = SignoffColumn(label=label)
        for signoff in signoffs:
            if signoff.step != step:
                continue
            user = signoff.user
            agreed = signoff.decision == Signoff.Decision.AGREED or (
                step == Signoff.Step.DRAFTED and signoff.decided_at is not None)
            column.signers.append(Signer(
                name=signoff.signer_name or getattr(user, "display_name", ""),
                title=signoff.signer_title or getattr(user, "job_title", ""),
                signed=agreed, date=vn_date(signoff.decided_at) if agreed else "",
                comment=signoff.comment))
        columns.append(column)
    return columns


def _revision_rows(revision: Revision) -> list[RevisionRow]:
    """Editions up to this one that were issued (plus this one): the "Theo dõi sửa đổi" table."""
    rows = []
    for other in revision.document.revisions.filter(edition__lte=revision.edition).order_by("edition"):
        issued = other.state in (RevisionState.PUBLISHED, RevisionState.SUPERSEDED, RevisionState.WITHDRAWN)
        if not issued and other.pk != revision.pk:
            continue
        summary = other.change_summary or ("Ban hành lần đầu" if other.edition == 1 else "")
        rows.append(RevisionRow(edition=other.edition, date=vn_date(other.issue_date),
                                change_summary=summary, change_reason=other.change_reason,
                                state=STATE_LABELS.get(other.state, other.state)))
    return rows


def build_context(revision: Revision) -> PrintContext:
    document = revision.document
    identity = agency_identity()
    clean = sanitize(revision.content)
    intro, sections = split_sections(clean)
    forms = list(document.forms.order_by("code"))
    requirements = list(document.record_requirements.all())
    sections = _complete_sections(sections, forms, requirements)
    heading = KIND_HEADINGS.get(document.kind, "")
    is_draft = revision.state not in (RevisionState.PUBLISHED, RevisionState.SUPERSEDED, RevisionState.WITHDRAWN)
    return PrintContext(
        **identity, document=document, revision=revision, kind_heading=heading,
        show_kind_heading=bool(heading) and not unaccent(document.title).startswith(unaccent(heading)),
        code=document.code, title=document.title, edition=revision.edition,
        issue_date=vn_date(revision.issue_date), issue_date_long=vn_long_date(revision.issue_date),
        is_draft=is_draft, state_label=STATE_LABELS.get(revision.state, revision.state),
        signoff_columns=_signoff_columns(revision), revision_rows=_revision_rows(revision),
        intro_html=intro, sections=sections,
        forms=forms, record_requirements=requirements,
        legal_references=list(document.legal_references.all()),
        printed_at=vn_date(timezone.now()),
    )


def _complete_sections(sections: list[Section], forms: list, requirements: list) -> list[Section]:
    """Make sure a procedure's forms and required records appear in sections 6 and 7 as tables.

    A section that already carries its own table keeps it; otherwise the table is built from the
    document's forms and record requirements, and a missing section 7 is added when records are required.
    """
    by_number = {s.standard: s for s in sections if s.standard}
    if forms and 6 in by_number and not has_table(by_number[6].html):
        by_number[6].table = "forms"
    if requirements:
        if 7 not in by_number:
            number = max([s.number or 0 for s in sections] + [6]) + 1 if sections else 7
            section = Section(number=number, title=STANDARD_SECTIONS[6][1], standard=7)
            sections.append(section)
            by_number[7] = section
        if not has_table(by_number[7].html):
            by_number[7].table = "records"
    return sections


def decision_parts(ctx: PrintContext) -> dict:
    """Number, subject and signing block of a Decree-30 decision."""
    code = ctx.code
    number = code if "/" in code else f"      /QĐ-{ctx.agency_symbol}"
    subject = ctx.title
    for prefix in ("Quyết định ", "QUYẾT ĐỊNH "):
        if subject.startswith(prefix):
            subject = subject[len(prefix):]
    subject = subject[:1].upper() + subject[1:]
    approvers = [s for col in ctx.signoff_columns if col.label == "Phê duyệt" for s in col.signers]
    signer = next((s for s in approvers if s.signed), approvers[0] if approvers else None)
    title = (signer.title if signer else "") or ("Chủ tịch" if ctx.agency_name.startswith("UBND") else "Giám đốc")
    authority = []
    if ctx.agency_name.startswith("UBND"):
        authority.append("TM. ỦY BAN NHÂN DÂN")
    if title.lower().startswith("phó "):
        authority.append(f"KT. {title[4:].upper()}")
    authority.append(title.upper())
    return {
        "number": number, "subject": subject, "place_date": f"{ctx.place}, {vn_long_date(ctx.revision.issue_date)}"
        if ctx.place else vn_long_date(ctx.revision.issue_date).capitalize(),
        "authority": authority, "signer": signer,
        "recipients": ["Như Điều 3;", "Sở Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."],
    }
