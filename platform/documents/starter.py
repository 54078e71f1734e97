"""Bulk start: the framework-model document set (Decision 101/QĐ-BKHCN) for a new agency, in one click.

The pack is data (documents/starter_pack/*.yaml): quality policy and objectives, the six system procedures
QT-HT-01..06 with their forms and required records, and the standard decisions for the agency's level.
Everything is created through documents.services as drafts, edition 1, drafted by the actor: the agency
adapts them and takes them through its own review and approval, as the framework model intends. Running
it again creates only what is missing (a code that exists, in any letter case, is skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction

from core.agency import current_agency

from . import services
from .models import Document, DocumentKind

PACK_DIR = Path(__file__).resolve().parent / "starter_pack"
LEVELS = ("department", "district", "commune")
# Levels without a pack of their own use the department's (same structure of Director and Office).
LEVEL_FALLBACK = {"public_service_unit": "department", "supervisor": "department"}
_TOKEN_RE = re.compile(r"\[\[(\w+)\]\]")


@dataclass
class StarterSummary:
    level: str
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.skipped)


@cache
def _load(name: str) -> dict:
    with open(PACK_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def pack_level(level: str | None) -> str:
    level = level or getattr(current_agency(), "level", "") or "department"
    level = LEVEL_FALLBACK.get(level, level)
    if level not in LEVELS:
        raise ValueError(f"no starter pack for level {level!r}")
    return level


def pack_entries(level: str, agency) -> list[dict]:
    """Every document of the pack for `level`, tokens filled in for `agency`, procedures before forms."""
    common, specific = _load("common"), _load(level)
    name = agency.name
    locality = name[5:] if name.upper().startswith("UBND ") else name
    tokens = {**specific["tokens"], "agency": name, "agency_upper": name.upper(),
              "locality_upper": locality.upper()}

    def fill(text):
        return _TOKEN_RE.sub(lambda m: str(tokens.get(m.group(1), m.group(0))), text or "")

    entries = []
    for item in common["documents"]:
        entries.append({"code": item["code"], "kind": item["kind"], "title": fill(item["title"]),
                        "owner_unit": fill(item.get("owner_unit", "")), "content": fill(item.get("content", "")),
                        "review_interval_months": item.get("review_interval_months", 12),
                        "records": [{k: fill(str(v)) for k, v in r.items()} for r in item.get("records", [])]})
    for procedure, forms in common["forms"].items():
        for form in forms:
            entries.append({"code": form["code"], "kind": DocumentKind.FORM, "title": fill(form["title"]),
                            "owner_unit": tokens["office"], "procedure": procedure,
                            "content": _form_content(procedure, form), "records": []})
    for decision in specific["decisions"]:
        entries.append({"code": decision["code"], "kind": DocumentKind.DECISION, "title": fill(decision["title"]),
                        "owner_unit": tokens["office"], "content": fill(decision["content"]), "records": []})
    return entries


def _form_content(procedure: str, form: dict) -> str:
    """A form's body: what it is for, and its table with empty rows to fill in."""
    head = "".join(f"<th>{column}</th>" for column in form["columns"])
    blank = "".join("<td></td>" for _ in form["columns"])
    return (f"<p>Biểu mẫu {form['code']} kèm theo {procedure}.</p>"
            f"<table><tr>{head}</tr>{f'<tr>{blank}</tr>' * 3}</table>")


def import_starter_pack(*, actor, level: str | None = None, agency=None) -> StarterSummary:
    """Create the framework-model documents this agency does not have yet, as drafts (all or nothing).

    Runs in the active agency schema; `agency`, if given, must be that agency (callers that loop over
    agencies pass it to be explicit). `actor` needs the right to edit documents there (an ISO secretary).
    """
    # The framework model's procedures come with the records they require (the records app keeps those).
    from records.services import add_record_requirement

    active = current_agency()
    if agency is not None and agency.schema_name != active.schema_name:
        raise ValueError(f"import_starter_pack for {agency.schema_name} called in schema {active.schema_name}")
    agency = active
    level = pack_level(level or agency.level)
    summary = StarterSummary(level=level)
    with transaction.atomic():
        by_code: dict[str, Document] = {}
        for entry in pack_entries(level, agency):
            existing = Document.objects.filter(code__iexact=entry["code"]).first()
            if existing is not None:
                by_code[entry["code"]] = existing
                summary.skipped.append(entry["code"])
                continue
            procedure = by_code.get(entry.get("procedure")) if entry.get("procedure") else None
            document = services.create_document(
                actor=actor, code=entry["code"], title=entry["title"], kind=entry["kind"],
                owner_unit=entry["owner_unit"], procedure=procedure, content=entry["content"],
                review_interval_months=entry.get("review_interval_months", 12))
            for record in entry["records"]:
                add_record_requirement(document, actor=actor, name=record["name"],
                                                kept_by=record.get("kept_by", ""),
                                                retention=record.get("retention", ""))
            by_code[entry["code"]] = document
            summary.created.append(entry["code"])
    return summary
