"""Every change to the province's TTHC catalogue: entries, publication decisions, imports.

Only the DOST keeps the catalogue, on its own site and for its own province: each function first asks
`_keeper` (MANAGE_PROVINCE_CATALOGUE in the request's agency, which must be the province's supervisor) and
refuses an object of another province. The rows live in the public schema, so every write runs there
(`_catalogue_change`): pghistory's context row then lands in public beside the events that point to it,
whichever agency's site the change came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.roles import Perm
from accounts.services import require_perm
from core.agency import current_agency
from core.changes import change
from core.dates import parse_date
from core.errors import DomainError
from tenants.models import Agency

from . import rules
from .models import EntryAssignment, PublicationDecision, TthcEntry

# What an agency's procedure carries from the entry: a change to one of them makes its procedure out of date.
PROCEDURE_CONTENT = {"name", "legal_basis", "time_limit", "time_unit", "fees", "filed_at", "returned_at", "decision"}
ENTRY_FIELDS = ("code", "name", "field", "level", "legal_basis", "time_limit", "time_unit", "fees", "filed_at",
                "returned_at")
LEVELS = {value for value, _label in Agency.Level.choices}


class ImportRejected(DomainError):
    """A file with bad rows: every error by line, nothing applied."""

    def __init__(self, errors: list[dict]):
        super().__init__("import_rejected", _("The file has %(count)d error(s): nothing was imported.") % {
            "count": len(errors)})
        self.errors = errors


@contextmanager
def _catalogue_change(actor, action: str, **metadata) -> Iterator[None]:
    with schema_context(get_public_schema_name()), change(actor, action, **metadata):
        yield


def _keeper(actor):
    """The province whose catalogue `actor` may keep here: the DOST's own site, with the permission."""
    agency = current_agency()
    require_perm(actor, agency, Perm.MANAGE_PROVINCE_CATALOGUE)
    if not agency.is_supervisor or agency.province_id is None:
        raise DomainError("not_province_keeper", _(
            "The TTHC catalogue is kept by the province's DOST, on its own site."), status_code=403)
    return agency.province


def _same_province(province, obj) -> None:
    if obj.province_id != province.pk:
        raise DomainError("not_province_keeper", _(
            "This belongs to another province's TTHC catalogue."), status_code=403)


def current_agencies(province):
    """The agencies an entry may be assigned to by name: current agencies of the province."""
    return Agency.objects.agencies().current().in_province(province)


def agencies_by_slug(province, slugs) -> list[Agency]:
    """The province's current agencies named by subdomain (as the API and the import name them)."""
    slugs = {str(slug).strip().lower() for slug in slugs}
    agencies = list(current_agencies(province).filter(slug__in=slugs))
    if len(agencies) != len(slugs):
        raise DomainError("invalid_agency", _("An assigned agency is not a current agency of this province."))
    return agencies


def _check_assignment(province, assigned_levels, agencies) -> tuple[list[str] | None, list[Agency] | None]:
    if assigned_levels is not None:
        assigned_levels = sorted({str(level) for level in assigned_levels})
        if not set(assigned_levels) <= LEVELS:
            raise DomainError("invalid_level", _("An assigned level is not one of the agency levels."))
    if agencies is not None:
        agencies = list(agencies)
        allowed = set(current_agencies(province).filter(pk__in=[a.pk for a in agencies]).values_list("pk", flat=True))
        if any(agency.pk not in allowed for agency in agencies):
            raise DomainError("invalid_agency", _("An assigned agency is not a current agency of this province."))
    return assigned_levels, agencies


def _check_values(values: dict) -> dict:
    cleaned, problems = rules.check(values)
    if problems:
        _field, code, message = problems[0]
        raise DomainError(code, message)
    return cleaned


def _check_decision(province, decision) -> None:
    if decision is not None:
        _same_province(province, decision)


def _code_free(province, code: str, entry: TthcEntry | None = None) -> None:
    taken = TthcEntry.objects.filter(province=province, code=code)
    if entry is not None:
        taken = taken.exclude(pk=entry.pk)
    if taken.exists():
        raise DomainError("code_taken", _("The province's catalogue already has a TTHC with code %(code)s.") % {
            "code": code})


def _set_assignments(entry: TthcEntry, agencies: list[Agency]) -> bool:
    """Add and remove only what differs, so an unchanged list writes no history."""
    wanted = {agency.pk for agency in agencies}
    present = set(entry.assignments.values_list("agency_id", flat=True))
    if wanted == present:
        return False
    entry.assignments.filter(agency_id__in=present - wanted).delete()
    EntryAssignment.objects.bulk_create([EntryAssignment(entry=entry, agency_id=pk) for pk in sorted(wanted - present)])
    return True


def _apply(entry: TthcEntry, values: dict, today: date) -> list[str]:
    """Set the values that differ; the names of the columns changed (the entry is not saved)."""
    changed = [name for name, value in values.items() if getattr(entry, name) != value]
    for name in changed:
        setattr(entry, name, values[name])
    if "decision" in changed or (entry.pk is None and entry.decision_id):
        # the 5-working-day rule measures when the entry was entered under its decision
        entry.entered_on = today
        changed.append("entered_on")
    if entry.pk is None or set(changed) & PROCEDURE_CONTENT:
        entry.content_changed_on = today
        changed.append("content_changed_on")
    return changed


def create_entry(*, actor, decision=None, assigned_levels=None, agencies=None, **fields) -> TthcEntry:
    """A new TTHC in the province's catalogue, assigned to the levels given; by default to the agencies named,
    or, when none is, to every agency of its own level."""
    province = _keeper(actor)
    values = _check_values({name: fields.get(name, "") for name in ENTRY_FIELDS})
    _check_decision(province, decision)
    if assigned_levels is None:  # as the import does: named agencies alone, or else everyone of its level
        assigned_levels = [] if agencies else [values["level"]]
    assigned_levels, agencies = _check_assignment(province, assigned_levels, agencies)
    with _catalogue_change(actor, "tthc.create_entry", code=values["code"]):
        _code_free(province, values["code"])
        entry = TthcEntry(province=province, assigned_levels=assigned_levels)
        _apply(entry, {**values, "decision": decision}, timezone.localdate())
        entry.save()
        _set_assignments(entry, agencies or [])
    return entry


def update_entry(entry: TthcEntry, *, actor, **changes) -> TthcEntry:
    """Change the given fields (and decision, assigned levels or agencies); unchanged values write nothing."""
    province = _keeper(actor)
    _same_province(province, entry)
    unknown = set(changes) - set(ENTRY_FIELDS) - {"decision", "assigned_levels", "agencies"}
    if unknown:
        raise DomainError("unknown_field", _("These fields cannot be changed here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))})
    values = _check_values({name: changes[name] for name in ENTRY_FIELDS if name in changes})
    if "decision" in changes:
        _check_decision(province, changes["decision"])
        values["decision"] = changes["decision"]
    assigned_levels, agencies = _check_assignment(province, changes.get("assigned_levels"), changes.get("agencies"))
    if assigned_levels is not None:
        values["assigned_levels"] = assigned_levels
    with _catalogue_change(actor, "tthc.update_entry", entry=entry.pk):
        if "code" in values:
            _code_free(province, values["code"], entry)
        changed = _apply(entry, values, timezone.localdate())
        if changed:
            entry.save(update_fields=[*changed, "updated_at"])
        if agencies is not None:
            _set_assignments(entry, agencies)
    return entry


def withdraw_entry(entry: TthcEntry, *, actor, on: date | None = None) -> TthcEntry:
    """Take a TTHC out of the catalogue (it stays, withdrawn, with its history)."""
    province = _keeper(actor)
    _same_province(province, entry)
    if entry.status == TthcEntry.Status.WITHDRAWN:
        raise DomainError("already_withdrawn", _("This TTHC is already withdrawn."))
    with _catalogue_change(actor, "tthc.withdraw_entry", entry=entry.pk):
        entry.status, entry.withdrawn_on = TthcEntry.Status.WITHDRAWN, on or timezone.localdate()
        entry.save(update_fields=["status", "withdrawn_on", "updated_at"])
    return entry


def record_decision(*, actor, number, signed_on, title="", received_on=None) -> PublicationDecision:
    """A provincial TTHC publication decision; its signing starts the DOST's 5 working days."""
    province = _keeper(actor)
    number = rules.plain(number)
    try:
        signed_on, received_on = parse_date(signed_on), parse_date(received_on)
    except ValueError:
        raise DomainError("invalid_date", _("A date is not in the form YYYY-MM-DD.")) from None
    if not number or not signed_on or len(number) > 64:
        raise DomainError("decision_required", _("Give the decision's number (at most 64 characters) and the "
                                                 "date it was signed."))
    with _catalogue_change(actor, "tthc.record_decision", number=number):
        if PublicationDecision.objects.filter(province=province, number__iexact=number).exists():
            raise DomainError("decision_taken", _("Decision %(number)s is already recorded.") % {"number": number})
        return PublicationDecision.objects.create(province=province, number=number, signed_on=signed_on,
                                                  title=rules.plain(title)[:500], received_on=received_on or None)


@dataclass
class ImportResult:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    withdrawn: list[str] = field(default_factory=list)
    decisions_created: list[str] = field(default_factory=list)


def import_catalogue(*, actor, upload, replace: bool = False) -> ImportResult:
    """Upsert the file's rows by code, all or nothing; with `replace`, withdraw entries the file leaves out.

    Runs inline: a few thousand rows are one read per table and one write per changed row (3,000 new rows
    took ~2 s on a 2-core development machine, the same file again ~1 s), so no Celery job is needed.
    Importing the same file twice changes nothing and writes no history."""
    from .imports import plan_import, read_upload

    province = _keeper(actor)
    plan = plan_import(read_upload(upload), province)
    if plan.errors:
        raise ImportRejected(plan.errors)
    result, today = ImportResult(rows=len(plan.rows)), timezone.localdate()
    with _catalogue_change(actor, "tthc.import_catalogue", replace=replace, rows=len(plan.rows)):
        decisions = {d.number.lower(): d for d in PublicationDecision.objects.filter(province=province)}
        for number, signed_on in plan.new_decisions.items():
            decisions[number.lower()] = PublicationDecision.objects.create(province=province, number=number,
                                                                           signed_on=signed_on)
            result.decisions_created.append(number)
        existing = {e.code: e for e in TthcEntry.objects.filter(province=province)}
        agencies = {a.slug: a for a in current_agencies(province)}
        for row in plan.rows:
            # only the columns the file has: a file without "fees" leaves the fees as they are
            values = {name: row.values[name] for name in ENTRY_FIELDS if name in row.values}
            if row.decision_number:
                values["decision"] = decisions[row.decision_number.lower()]
            entry = existing.get(values["code"])
            if entry is None:
                # a new row naming its agencies is theirs alone; otherwise every agency of its level's
                entry = TthcEntry(province=province, assigned_levels=[] if row.agency_slugs else [values["level"]])
                _apply(entry, values, today)
                entry.save()
                result.created.append(entry.code)
                changed = True
            else:
                if entry.status == TthcEntry.Status.WITHDRAWN:  # back in the province's list
                    values.update(status=TthcEntry.Status.ACTIVE, withdrawn_on=None)
                fields_changed = _apply(entry, values, today)
                if fields_changed:
                    entry.save(update_fields=[*fields_changed, "updated_at"])
                changed = bool(fields_changed)
            if row.agency_slugs is not None:  # an empty cell leaves the named agencies as they are
                changed = _set_assignments(entry, [agencies[slug] for slug in row.agency_slugs]) or changed
            if entry.code not in result.created:
                if changed:
                    result.updated.append(entry.code)
                else:
                    result.unchanged += 1
        if replace:
            in_file = {row.values["code"] for row in plan.rows}
            gone = TthcEntry.objects.filter(province=province, status=TthcEntry.Status.ACTIVE).filter(
                ~Q(code__in=in_file))
            result.withdrawn = list(gone.values_list("code", flat=True))
            gone.update(status=TthcEntry.Status.WITHDRAWN, withdrawn_on=today, updated_at=timezone.now())
    return result
