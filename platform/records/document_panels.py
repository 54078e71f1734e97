"""On a document's page: the records its procedure requires to be kept, and where to file them."""

from __future__ import annotations

from accounts.roles import Perm
from accounts.services import has_perm
from documents.panels import DocumentPanel, register

from .forms import RecordRequirementForm
from .selectors import requirements_of


def collect(request, document) -> dict:
    return {"document": document, "requirements": requirements_of(document),
            "requirement_form": RecordRequirementForm(),
            "can_edit": has_perm(request.user, request.tenant, Perm.EDIT_DOCUMENTS),
            "can_file": has_perm(request.user, request.tenant, Perm.FILE_RECORDS)}


register(DocumentPanel("records", template="records/_document_panel.html", collect=collect,
                       history_models=("records.RecordRequirementEvent",), order=50))
