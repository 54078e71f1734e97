"""On a document's page: the legal update tasks it has; and the store documents keeps legal references in.

documents.legal_basis asks this app for a document's legal references and to replace them: they are links
to the province's legal register, and a number the register lacks is added as the agency's own entry.
"""

from __future__ import annotations

from accounts.roles import Perm
from accounts.services import has_perm
from core.agency import current_agency
from documents import legal_basis
from documents.panels import DocumentPanel, register
from legal import services as register_services

from . import selectors, services
from .models import LegalLink


class RegisterStore:
    def citations(self, document) -> list[legal_basis.Citation]:
        return [legal_basis.Citation(number=row.entry.number, title=row.entry.title, issuer=row.entry.issuer,
                                     issued_on=row.entry.signed_on, effective_on=row.entry.effective_on,
                                     articles=row.link.articles, legal_document_id=row.entry.pk, url=row.entry.url)
                for row in selectors.links_of(document) if row.entry is not None]

    def replace(self, document, *, actor, references: list[dict]) -> None:
        site = register_services.site_of(actor)
        present = {link.legal_document_id: link for link in LegalLink.objects.filter(document=document)}
        kept = set()
        for reference in references:
            values = {"title": reference["title"], "issuer": reference["issuer"],
                      "signed_on": reference["issued_on"], "effective_on": reference["effective_on"]}
            entry, created = register_services.find_or_add(
                actor=actor, number=reference["number"], kind=register_services.guess_kind(reference["number"]),
                **values)
            if entry.pk in kept:
                continue
            changed = {name: value for name, value in values.items() if value and getattr(entry, name) != value}
            if not created and changed and register_services.may_edit(site, entry):
                register_services.update_legal_document(entry, actor=actor, **changed)
            kept.add(entry.pk)
            link = present.get(entry.pk)
            if link is None:
                services.link_document(document, actor=actor, legal_document=entry, articles=reference["articles"])
            elif link.articles != reference["articles"]:
                services.update_link(link, actor=actor, articles=reference["articles"])
        for legal_document_id, link in present.items():
            if legal_document_id not in kept:
                services.unlink(link, actor=actor)


legal_basis.register(RegisterStore())


def collect(request, document) -> dict | None:
    tasks = selectors.task_rows(selectors.visible_tasks(request.user, request.tenant).filter(document=document))
    if not tasks:
        return None
    return {"document": document, "tasks": tasks, "agency": current_agency(),
            "can_edit": has_perm(request.user, request.tenant, Perm.EDIT_DOCUMENTS)}


register(DocumentPanel("legal_updates", template="legal_updates/_document_panel.html", collect=collect,
                       history_models=("legal_updates.LegalLinkEvent", "legal_updates.UpdateTaskEvent"), order=40))
