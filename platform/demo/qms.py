"""QMS content for a few demo agencies, so the screens are not empty.

Each gets the framework-model starter pack (documents.starter: policy, objectives, QT-HT-01..06, forms,
decisions) as drafts by its ISO secretary; then, through the same services a person's clicks go through,
the secretary submits the policy and objectives (and, where the QMS is "applied", the system procedures),
the head approves and the secretary publishes them. One procedure waits in review. So the supervisor sees
agencies at different stages: applied (effective system procedures) and still building.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

log = logging.getLogger(__name__)

# agency slug -> what is effective: "applied" (policy, objectives, system procedures) or "building"
STAGES = {"so-tu-phap": "applied", "phuong-thanh-duc": "applied", "xa-cang-long": "applied",
          "so-noi-vu": "building", "xa-long-ho": "building"}
ISSUED_DAYS_AGO = 60  # published two months ago: the next periodic review is months away


def fill_agency(agency, secretary, head) -> bool:
    """Import and partly publish the pack in `agency`; False if it already has documents."""
    from documents import selectors, services
    from documents.models import Document, DocumentKind, Signoff
    from documents.starter import import_starter_pack

    with schema_context(agency.schema_name):
        if Document.objects.exists():  # the pack, or the agency's own work, is there already
            return False
        import_starter_pack(actor=secretary, agency=agency)
        kinds = [DocumentKind.QUALITY_POLICY, DocumentKind.QUALITY_OBJECTIVES]
        if STAGES.get(agency.slug) == "applied":
            kinds.append(DocumentKind.SYSTEM_PROCEDURE)
        issue_date = timezone.localdate() - timedelta(days=ISSUED_DAYS_AGO)
        for document in Document.objects.filter(kind__in=kinds).order_by("code"):
            revision = selectors.open_revision(document)
            services.submit_for_review(revision, actor=secretary, reviewers=[], approvers=[head])
            services.decide(revision, actor=head, decision=Signoff.Decision.AGREED)
            services.publish(revision, actor=secretary, issue_date=issue_date)
        drafts = Document.objects.filter(effective_revision__isnull=True).order_by("code")
        waiting = next((doc for kind in (DocumentKind.SYSTEM_PROCEDURE, DocumentKind.DECISION)
                        for doc in drafts.filter(kind=kind)[:1]), None)
        if waiting is not None:  # one document waits for the head's approval
            services.submit_for_review(selectors.open_revision(waiting), actor=secretary, reviewers=[],
                                       approvers=[head])
    return True
