"""On a procedure's page: the risks and opportunities of the register that name it."""

from __future__ import annotations

from accounts.roles import Perm
from accounts.services import has_perm
from documents.panels import DocumentPanel, register

from .selectors import risks_of_document


def collect(request, document) -> dict | None:
    found = list(risks_of_document(document.pk).select_related("owner")[:20])
    can_edit = has_perm(request.user, request.tenant, Perm.MANAGE_QMS)
    if not found and not can_edit:
        return None
    return {"document": document, "risks": found, "can_edit": can_edit}


register(DocumentPanel("risks", template="risks/_document_panel.html", collect=collect,
                       history_models=(), order=60))
