"""What a printed edition shows, gathered once for the PDF and the DOCX (docs/DOMAIN.md §6): a procedure sheet,
or for a decision the Decree 30 administrative document; the printing package draws both.

The agency comes from the active tenant; the header, sign-off table, revision table and sections come from
the revision, its sign-offs and its document's other editions, plus every registered edition part's
printed blocks (documents.editions). Names and titles are the ones frozen on the sign-off.
"""

from __future__ import annotations

from django.utils import timezone

from printing.administrative import DECISION, AdministrativeDocument, SignatureBlock
from printing.blocks import Section, Table
from printing.procedure import ProcedureSheet, RevisionRow, Signer, SignoffColumn
from printing.vietnamese import agency_identity, unaccent, vn_date, vn_long_date

from . import legal_basis
from .editions import printed_blocks
from .models import DocumentKind, Revision, RevisionState, Signoff
from .richtext import STANDARD_SECTIONS, sanitize, split_sections

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


def build_sheet(revision: Revision) -> ProcedureSheet:
    document = revision.document
    identity = agency_identity()
    intro, sections = split_sections(sanitize(revision.content))
    forms = list(document.forms.order_by("code"))
    references = legal_basis.citations(document)
    sections = _complete_sections(sections, forms, references)
    _add_printed_blocks(sections, printed_blocks(revision))
    heading = KIND_HEADINGS.get(document.kind, "")
    is_draft = revision.state not in (RevisionState.PUBLISHED, RevisionState.SUPERSEDED, RevisionState.WITHDRAWN)
    return ProcedureSheet(
        **identity, kind_heading=heading,
        show_kind_heading=bool(heading) and not unaccent(document.title).startswith(unaccent(heading)),
        code=document.code, title=document.title, edition=revision.edition,
        issue_date=vn_date(revision.issue_date), issue_date_long=vn_long_date(revision.issue_date),
        is_draft=is_draft, state_label=STATE_LABELS.get(revision.state, revision.state),
        signoff_columns=_signoff_columns(revision), revision_rows=_revision_rows(revision),
        intro_html=intro, sections=sections, printed_at=vn_date(timezone.now()),
    )


def _legal_bullet(ref) -> str:
    text = ref.number + (f" {ref.title}" if ref.title else "") + (f" của {ref.issuer}" if ref.issuer else "")
    return text + (f" ({ref.articles})" if ref.articles else "") + ";"


def _complete_sections(sections: list[Section], forms: list, references: list) -> list[Section]:
    """Make sure a procedure's legal references and forms appear in sections 3 and 6 (other areas add
    theirs through printed blocks: the required records of section 7 come from records).

    A section that already carries its own text or table keeps it; otherwise the list or table is built
    from the document's data.
    """
    by_number = {s.standard: s for s in sections if s.standard}
    if references and 3 in by_number and not by_number[3].html:
        by_number[3].bullets = [_legal_bullet(ref) for ref in references]
    if forms and 6 in by_number and not by_number[6].has_table:
        by_number[6].tables.append(Table(["Mã hiệu", "Tên biểu mẫu"], [[f.code, f.title] for f in forms]))
    return sections


def _add_printed_blocks(sections: list[Section], blocks) -> None:
    """Registered parts (e.g. a TTHC procedure's step table) go into their section, which is added if the
    text has none."""
    for block in blocks:
        section = next((s for s in sections if s.standard == block.section), None)
        if section is None:
            # Numbered after the sections the text has (as a missing 7 always was), at the standard's place.
            number = max([s.number or 0 for s in sections] + [block.section - 1]) + 1 if sections else block.section
            _number, title, _keys = STANDARD_SECTIONS[block.section - 1]
            section = Section(number=number, title=title, standard=block.section)
            sections.append(section)
        if block.fallback and section.has_table:
            continue
        section.html += block.html
        section.tables.extend(block.tables)


def decision_document(revision: Revision) -> AdministrativeDocument:
    """A decision's edition as a Decree-30 decision: number, subject and signing block from its data."""
    sheet = build_sheet(revision)
    code = sheet.code
    number = code if "/" in code else f"      /QĐ-{sheet.agency_symbol}"
    subject = sheet.title
    for prefix in ("Quyết định ", "QUYẾT ĐỊNH "):
        if subject.startswith(prefix):
            subject = subject[len(prefix):]
    subject = subject[:1].upper() + subject[1:]
    approvers = [s for col in sheet.signoff_columns if col.label == "Phê duyệt" for s in col.signers]
    signer = next((s for s in approvers if s.signed), approvers[0] if approvers else None)
    title = (signer.title if signer else "") or ("Chủ tịch" if sheet.agency_name.startswith("UBND") else "Giám đốc")
    authority = []
    if sheet.agency_name.startswith("UBND"):
        authority.append("TM. ỦY BAN NHÂN DÂN")
    if title.lower().startswith("phó "):
        authority.append(f"KT. {title[4:].upper()}")
    authority.append(title.upper())
    return AdministrativeDocument(
        doc_type=DECISION, subject=subject, agency_name=sheet.agency_name, parent_body=sheet.parent_body,
        place=sheet.place, number=number, issued_on=revision.issue_date, intro_html=sheet.intro_html,
        sections=sheet.sections, is_draft=sheet.is_draft,
        signatures=[SignatureBlock(authority=authority, name=signer.name if signer else "",
                                   signed_on=signer.date if signer and signer.signed else "")],
        recipients=["Như Điều 3;", "Sở Khoa học và Công nghệ (để báo cáo);", "Lưu: VT."])
