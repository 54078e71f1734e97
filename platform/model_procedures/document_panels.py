"""On the page of an agency's procedure adopted from a model: the link to the model, and when the DOST has
published a newer edition, the way to its difference page."""

from __future__ import annotations

from documents.panels import DocumentPanel, register

from . import selectors


def collect(request, document) -> dict | None:
    agency = request.tenant
    if not selectors.may_adopt_here(agency):
        return None
    adoption = selectors.adoption_for_document(agency, document.pk)
    if adoption is None:
        return None
    latest = selectors.latest_published(adoption.model)
    return {"adoption": adoption, "model": adoption.model, "latest": latest,
            "behind": latest is not None and latest.number > adoption.taken_edition}


register(DocumentPanel("model_procedure", template="model_procedures/_document_panel.html", collect=collect,
                       history_models=(), order=45))
