"""Printable output of documented information: PDF and DOCX through the printing package.

- revision_pdf / revision_docx: one edition of a document in the layout Vietnamese agencies print
  (docs/DOMAIN.md §6): header table, Soạn thảo / Xem xét / Phê duyệt sign-off table, "Theo dõi sửa đổi",
  then the numbered sections. Decisions print in the Decree 30/2020/NĐ-CP administrative format instead.
- revision_log_pdf: the revision log of a document (every edition, what changed, why, who signed).

All run inside the agency's schema (the agency's name comes from the active tenant). Sign-off snapshots
use revision_pdf, so its output must depend only on stored data (no "printed today" text in the body).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from printing.administrative import administrative_docx, administrative_html
from printing.pdf import html_to_pdf
from printing.procedure import procedure_docx, procedure_html
from printing.vietnamese import agency_identity, vn_date

from .models import Document, DocumentKind, Revision, Signoff
from .sheets import STATE_LABELS, build_sheet, decision_document


def revision_html(revision: Revision) -> str:
    if revision.document.kind == DocumentKind.DECISION:
        return administrative_html(decision_document(revision))
    return procedure_html(build_sheet(revision))


def revision_pdf(revision: Revision) -> bytes:
    """The revision printed as the agency files it (PDF bytes)."""
    return html_to_pdf(revision_html(revision))


def revision_docx(revision: Revision) -> bytes:
    """The same revision as an editable Word document (DOCX bytes)."""
    if revision.document.kind == DocumentKind.DECISION:
        return administrative_docx(decision_document(revision))
    return procedure_docx(build_sheet(revision))


def revision_log_pdf(document: Document, revisions=None) -> bytes:
    """The document's revision log: every edition (or those of `revisions`, what the reader may see) with
    its state, dates, change, reason and sign-offs."""
    rows = []
    revisions = document.revisions.all() if revisions is None else revisions
    for revision in revisions.order_by("edition").prefetch_related("signoffs"):
        signers = {step: [] for step in Signoff.Step.values}
        for signoff in revision.signoffs.all():
            if signoff.round != revision.round:
                continue
            if signoff.decision == Signoff.Decision.AGREED or signoff.step == Signoff.Step.DRAFTED:
                signers[signoff.step].append(f"{signoff.signer_name} ({vn_date(signoff.decided_at)})"
                                             if signoff.decided_at else signoff.signer_name)
        rows.append({"revision": revision, "state": STATE_LABELS.get(revision.state, revision.state),
                     "issue_date": vn_date(revision.issue_date), "ended": vn_date(revision.ended_at),
                     "drafted": signers[Signoff.Step.DRAFTED], "reviewed": signers[Signoff.Step.REVIEW],
                     "approved": signers[Signoff.Step.APPROVAL]})
    html = render_to_string("documents/print/revision_log.html", {
        "document": document, "rows": rows, "printed_at": vn_date(timezone.now()), **agency_identity()})
    return html_to_pdf(html)
