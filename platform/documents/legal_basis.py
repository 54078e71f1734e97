"""The legal documents a QMS document rests on (its legal references), kept in the province's legal register.

documents owns the shape people and the API use (number, title, issuer, issued on, effective on, articles:
`Citation`) and checks what is typed; where the references are kept is the store an area registers here
(legal_updates: links from the document to the province's register, added to the register when a number is
new). documents imports no area; without a store a document cites nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.utils.translation import gettext as _

from core.dates import parse_date
from core.errors import DomainError

FIELDS = ("number", "title", "issuer", "issued_on", "effective_on", "articles")


@dataclass(frozen=True)
class Citation:
    number: str
    title: str = ""
    issuer: str = ""
    issued_on: date | None = None
    effective_on: date | None = None
    articles: str = ""
    legal_document_id: int | None = None  # the register entry
    url: str = ""


class Store(Protocol):
    def citations(self, document) -> list[Citation]: ...

    def replace(self, document, *, actor, references: list[dict]) -> None: ...


_stores: list[Store] = []


def register(store: Store) -> Store:
    if _stores and _stores[0] is not store:
        raise ValueError("documents.legal_basis: a store is registered twice")
    _stores[:] = [store]
    return store


def citations(document) -> list[Citation]:
    return _stores[0].citations(document) if _stores else []


def clean(references) -> list[dict]:
    """The references as typed, checked: each names its number; dates are dates; nothing else is sent."""
    cleaned = []
    for reference in references or ():
        unknown = set(reference) - set(FIELDS) - {"id", "legal_document_id"}
        if unknown:
            raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.") % {
                "fields": ", ".join(sorted(unknown))})
        number = " ".join(str(reference.get("number") or "").split())
        if not number:
            raise DomainError("legal_reference_number_required", _(
                "Each legal reference needs its number and symbol, e.g. 26/2014/TT-BKHCN."))
        try:
            dates = {name: parse_date(reference.get(name)) for name in ("issued_on", "effective_on")}
        except ValueError:
            raise DomainError("invalid_date", _("A date is not in the form YYYY-MM-DD.")) from None
        cleaned.append({"number": number, "title": str(reference.get("title") or "").strip(),
                        "issuer": str(reference.get("issuer") or "").strip(),
                        "articles": str(reference.get("articles") or "").strip(), **dates})
    return cleaned


def replace(document, *, actor, references) -> None:
    """The document now rests on exactly `references` (already checked by `clean`)."""
    if not _stores:
        if references:
            raise DomainError("legal_reference_number_required", _("This installation keeps no legal register."))
        return
    _stores[0].replace(document, actor=actor, references=references)
