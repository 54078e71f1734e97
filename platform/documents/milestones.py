"""Documents' milestone toward an applied QMS (core.milestones): the documented information in force."""

from __future__ import annotations

from datetime import date

from django.db.models import Min
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from core.milestones import Milestone, register

from .models import Document, DocumentKind

# An effective quality policy, quality objectives and at least one system procedure (ISO 9001:2015 5.2, 6.2,
# 7.5; TT 26/2024 Art. 7: the documents are issued before the system is applied).
CORE_KINDS = (DocumentKind.QUALITY_POLICY, DocumentKind.QUALITY_OBJECTIVES, DocumentKind.SYSTEM_PROCEDURE)


def documented_information_in_force() -> date | None:
    """The day the last of the core kinds first had an effective document: None while one is missing."""
    firsts = dict(Document.objects.filter(kind__in=CORE_KINDS, withdrawn=False, effective_revision__isnull=False)
                  .values("kind").annotate(first=Min(Coalesce("effective_revision__issue_date",
                                                                TruncDate("effective_revision__published_at"))))
                  .values_list("kind", "first"))
    if any(firsts.get(kind) is None for kind in CORE_KINDS):
        return None
    return max(firsts[kind] for kind in CORE_KINDS)


register(Milestone("documents_in_force", _("Documented information in force: quality policy, objectives and "
                                           "system procedures"),
                   reached_on=documented_information_in_force, url_name="documents:list", order=20))
