"""The DOST records its province's mergers, splits, renames and dissolutions (tenants.LineageEvent).

Kept with Perm.MANAGE_PROVINCE_CATALOGUE, like the agencies' obligation basis: the registry of the province's
agencies is province data the DOST's administrator keeps (ending an agency, creating a successor's schema),
not an inspection; inspectors read the events with SUPERVISE. Only on the DOST's own site, only agencies of
its province. Everything is checked before anything is written, and the whole event is one transaction:
a refused event leaves the registry as it was.

Ending a predecessor sets its `valid_to` (the day before the effective date) and, once that day is past, its
status `historical`: from then on it accepts no change from anyone (Agency.accepts_changes,
accounts.services.perms_in) and its successors' people read it (accounts.services.lineage_roles). After
commit the successors' rollup rows are recomputed, so the dashboard shows their announcement outdated
(announcement.selectors.publication_state reads the new event), and each successor of a merger, a split or
a dissolution runs the announcement's own check (announcement.check_outdated_here, by name through
core.outbox, in its schema) that tells its people to announce again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.roles import Perm
from accounts.services import require_perm
from audit_trail.services import record
from core import values
from core.agency import current_agency
from core.changes import change
from core.errors import DomainError
from tenants.models import Agency, LineageEvent
from tenants.provisioning import AgencySpec, ProvisioningError, create_agency

# How far ahead an event may be recorded: a resolution is usually adopted months before it takes effect.
MAX_DAYS_AHEAD = 366
NOTE_MAX = 4000
NAME_MAX = 255


@dataclass
class NewAgency:
    """A successor that does not exist yet: created through the provisioning path, valid from the event."""

    name: str
    slug: str
    level: str
    code: str = ""
    address: str = ""


def _keeper(actor) -> Agency:
    """The DOST whose province `actor` records events for: its own site, with the permission."""
    dost = current_agency()
    require_perm(actor, dost, Perm.MANAGE_PROVINCE_CATALOGUE)
    if not dost.is_supervisor or dost.province_id is None:
        raise DomainError("lineage_not_keeper", _(
            "Mergers, splits and renames are recorded by the province's DOST, on its own site."), status_code=403)
    return dost


def _agencies(dost: Agency, ids) -> list[Agency]:
    """The agencies named, all of the DOST's province (never the DOST itself), in the order given."""
    try:
        wanted = list(dict.fromkeys(int(pk) for pk in ids))
    except (TypeError, ValueError):
        wanted = None
    found = {a.pk: a for a in Agency.objects.agencies().filter(pk__in=wanted or [], province_id=dost.province_id)
             .exclude(level=Agency.Level.SUPERVISOR)} if wanted else {}
    if wanted is None or len(found) != len(wanted):
        raise DomainError("lineage_other_province", _(
            "An agency named is not an agency of your province: pick agencies from the list."))
    return [found[pk] for pk in wanted]


def _effective(value) -> date:
    day = values.a_date(value, _("The effective date"), code="lineage_bad_date")
    if day > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        raise DomainError("lineage_bad_date", _(
            "The effective date is more than a year ahead: record the event when its date is known for sure."))
    return day


def _still_running(agencies: list[Agency], day: date) -> None:
    ended = [a.name for a in agencies if a.valid_to is not None or a.status != Agency.Status.ACTIVE]
    if ended:
        raise DomainError("lineage_already_ended", _(
            "%(names)s already ended or is suspended: an agency ends only once.") % {"names": ", ".join(ended)})
    early = [a.name for a in agencies if a.valid_from >= day]
    if early:
        raise DomainError("lineage_bad_date", _(
            "The effective date must be after %(names)s came into being.") % {"names": ", ".join(early)})


def _texts(legal_basis, note) -> tuple[str, str]:
    return (values.line(legal_basis, 255, _("The legal basis"), code="lineage_legal_basis"),
            values.long_text(note, NOTE_MAX, _("The note"), code="lineage_legal_basis"))


def _create_successor(dost: Agency, spec: NewAgency, day: date) -> Agency:
    if spec.level not in {Agency.Level.DEPARTMENT, Agency.Level.DISTRICT, Agency.Level.COMMUNE,
                          Agency.Level.PUBLIC_SERVICE_UNIT}:
        raise DomainError("lineage_bad_successor", _("Choose the new agency's level."))
    name = values.line(spec.name, NAME_MAX, _("The new agency's name"), code="lineage_bad_successor")
    try:
        return create_agency(AgencySpec(name=name, level=spec.level, province=dost.province,
                                        slug=(spec.slug or "").strip().lower(), code=(spec.code or "").strip() or None,
                                        valid_from=day, address=values.line(spec.address, 255, _("The address"),
                                                                            code="lineage_bad_successor",
                                                                            required=False)))
    except ValidationError as error:
        raise DomainError("lineage_bad_successor", " ".join(error.messages)) from error
    except ProvisioningError as error:
        raise DomainError("lineage_bad_successor", str(error)) from error


def _end(agencies: list[Agency], day: date) -> None:
    """The day before the effective date is their last; historical once it is past. An UPDATE, not save():
    django-tenants refuses to save a tenant row from another tenant's schema."""
    last = day - timedelta(days=1)
    status = Agency.Status.HISTORICAL if last < timezone.localdate() else Agency.Status.ACTIVE
    Agency.objects.filter(pk__in=[a.pk for a in agencies]).update(valid_to=last, status=status)
    for agency in agencies:
        agency.valid_to, agency.status = last, status


def _running(agencies: list[Agency]) -> list[str]:
    return [a.schema_name for a in agencies if a.accepts_changes and a.level != Agency.Level.SUPERVISOR]


def _refresh_after_commit(agencies: list[Agency], takers: list[Agency] = ()) -> None:
    """The hostname cache forgets the changed rows; each current agency's rollup is recomputed by the worker,
    in its own schema (the announcement indicator now reads the event). Each successor that takes over
    others' work (`takers`: a merger's, a split's, a dissolution's) also runs the announcement's own check
    in its schema, which tells its ISO secretary and head that their announcement is outdated (once the
    event is in effect; the daily check catches an event recorded ahead on its day)."""
    from django.db import transaction

    from tenants.middleware import forget_cached_tenants

    schemas, checks = _running(agencies), _running(list(takers))

    def send():
        from core import outbox

        forget_cached_tenants()
        for schema in schemas:
            outbox.send("supervision.refresh_agency_status", schema=schema)
        for schema in checks:
            outbox.send("announcement.check_outdated_here", schema=schema)

    transaction.on_commit(send, robust=True)


def _audit(actor, dost: Agency, event: LineageEvent, before: list[Agency], after: list[Agency]) -> None:
    """One entry in the DOST's chain and one in each agency's own chain, so each agency's history says it."""
    detail = {"event": event.pk, "kind": event.kind, "effective_date": event.effective_date,
              "legal_basis": event.legal_basis, "predecessors": [a.slug for a in before],
              "successors": [a.slug for a in after]}
    if event.kind == LineageEvent.Kind.RENAME:
        detail.update(former_name=event.former_name, new_name=event.new_name)
    record(f"lineage.{event.kind}", agency=dost, actor=actor, target=str(event), **detail)
    for agency in {a.pk: a for a in [*before, *after]}.values():
        record(f"lineage.{event.kind}", agency=agency, actor=actor, target=agency.slug, **detail)


def _save_event(actor, dost, kind, day, legal_basis, note, before, after, **names) -> LineageEvent:
    event = LineageEvent.objects.create(kind=kind, effective_date=day, legal_basis=legal_basis, note=note, **names)
    event.predecessors.set(before)
    event.successors.set(after)
    _audit(actor, dost, event, before, after)
    _refresh_after_commit([*after, *before], takers=after if kind in CARRYING_KINDS else [])
    return event


def _record_handover(actor, kind: str, *, predecessors, successors, new_successors, effective_date, legal_basis,
                     note) -> LineageEvent:
    """A merger, a split or a dissolution: predecessors end, successors carry on their work."""
    dost = _keeper(actor)
    day = _effective(effective_date)
    legal_basis, note = _texts(legal_basis, note)
    before = _agencies(dost, predecessors)
    after = _agencies(dost, successors)
    new_successors = list(new_successors or [])
    if set(a.pk for a in before) & set(a.pk for a in after):
        raise DomainError("lineage_same_agency", _("An agency cannot be its own predecessor and successor."))
    _still_running(before, day)
    ended = [a.name for a in after if a.status != Agency.Status.ACTIVE or (a.valid_to is not None and a.valid_to < day)]
    if ended:
        raise DomainError("lineage_already_ended", _("%(names)s has ended: it cannot carry on another agency's work.")
                          % {"names": ", ".join(ended)})
    count = len(after) + len(new_successors)
    if kind == LineageEvent.Kind.MERGE and (len(before) < 2 or count != 1):
        raise DomainError("lineage_bad_count", _("A merger joins two or more agencies into exactly one."))
    if kind == LineageEvent.Kind.SPLIT and (len(before) != 1 or count < 2):
        raise DomainError("lineage_bad_count", _("A split divides one agency into two or more."))
    if kind == LineageEvent.Kind.DISSOLVE and len(before) != 1:
        raise DomainError("lineage_bad_count", _("A dissolution ends exactly one agency."))
    with schema_context(get_public_schema_name()), change(actor, f"lineage.{kind}", effective_date=str(day)):
        after += [_create_successor(dost, spec, day) for spec in new_successors]
        _end(before, day)
        return _save_event(actor, dost, kind, day, legal_basis, note, before, after)


def record_merger(actor, *, predecessors, successor=None, new_successor: NewAgency | None = None, effective_date,
                  legal_basis, note="") -> LineageEvent:
    """Two or more agencies become one: an existing agency, or a new one created with the event."""
    return _record_handover(actor, LineageEvent.Kind.MERGE, predecessors=predecessors,
                            successors=[successor] if successor not in (None, "") else [],
                            new_successors=[new_successor] if new_successor else [], effective_date=effective_date,
                            legal_basis=legal_basis, note=note)


def record_split(actor, *, predecessor, successors=(), new_successors=(), effective_date, legal_basis,
                 note="") -> LineageEvent:
    """One agency becomes two or more (existing ones, new ones, or both)."""
    return _record_handover(actor, LineageEvent.Kind.SPLIT, predecessors=[predecessor], successors=list(successors),
                            new_successors=list(new_successors), effective_date=effective_date,
                            legal_basis=legal_basis, note=note)


def record_dissolution(actor, *, agency, successors=(), effective_date, legal_basis, note="") -> LineageEvent:
    """An agency ends; the agencies that take over its tasks, if any, read its QMS history."""
    return _record_handover(actor, LineageEvent.Kind.DISSOLVE, predecessors=[agency], successors=list(successors),
                            new_successors=[], effective_date=effective_date, legal_basis=legal_basis, note=note)


def record_rename(actor, *, agency, new_name, effective_date, legal_basis, note="") -> LineageEvent:
    """The same agency (same schema, same people, same QMS) under a new name; the old one stays in the event."""
    dost = _keeper(actor)
    # The name changes when the rename is recorded: record it once it has taken effect.
    day = values.past_date(effective_date, _("The effective date of a rename"), code="lineage_bad_date")
    legal_basis, note = _texts(legal_basis, note)
    (renamed,) = _agencies(dost, [agency])
    _still_running([renamed], day)
    new_name = values.line(new_name, NAME_MAX, _("The new name"), code="lineage_bad_name")
    if new_name == renamed.name:
        raise DomainError("lineage_bad_name", _("The new name is the agency's current name."))
    with schema_context(get_public_schema_name()), change(actor, "lineage.rename", agency=renamed.pk):
        former = renamed.name
        Agency.objects.filter(pk=renamed.pk).update(name=new_name)
        renamed.name = new_name
        return _save_event(actor, dost, LineageEvent.Kind.RENAME, day, legal_basis, note, [renamed], [renamed],
                           former_name=former, new_name=new_name)


def record_event(actor, kind: str, *, predecessors=(), successors=(), new_successors=(), new_name="",
                 effective_date=None, legal_basis="", note="") -> LineageEvent:
    """One door for the form and the API: the kind decides which of the four is recorded."""
    dated = {"effective_date": effective_date, "legal_basis": legal_basis, "note": note}
    predecessors, successors = list(predecessors), list(successors)
    if kind == LineageEvent.Kind.RENAME:
        if len(predecessors) != 1:
            raise DomainError("lineage_bad_count", _("A rename names exactly one agency."))
        return record_rename(actor, agency=predecessors[0], new_name=new_name, **dated)
    if kind not in CARRYING_KINDS:
        raise DomainError("lineage_bad_count", _("Choose a merger, a split, a rename or a dissolution."))
    if kind != LineageEvent.Kind.MERGE and len(predecessors) != 1:
        raise DomainError("lineage_bad_count", _("A split or a dissolution names exactly one agency before it."))
    return _record_handover(actor, kind, predecessors=predecessors, successors=successors,
                            new_successors=list(new_successors), **dated)


CARRYING_KINDS = [LineageEvent.Kind.MERGE, LineageEvent.Kind.SPLIT, LineageEvent.Kind.DISSOLVE]


def close_ended_agencies(*, today: date | None = None) -> int:
    """Agencies whose last day is past and still marked active become historical, each in its audit chain.
    Idempotent: a second run finds none. Returns how many changed."""
    from tenants.middleware import forget_cached_tenants

    today = today or timezone.localdate()
    ended = list(Agency.objects.agencies().filter(status=Agency.Status.ACTIVE, valid_to__lt=today))
    for agency in ended:
        Agency.objects.filter(pk=agency.pk, status=Agency.Status.ACTIVE).update(status=Agency.Status.HISTORICAL)
        record("agencies.changed", agency=agency, target=agency.slug,
               changes={"status": [Agency.Status.ACTIVE, Agency.Status.HISTORICAL]})
    if ended:
        forget_cached_tenants()
    return len(ended)
