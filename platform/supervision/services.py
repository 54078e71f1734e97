"""Writes of the supervision app: an agency's rollup row (from inside its own schema), its monthly snapshot,
the province's compliance weights and an agency's obligation basis (kept by the DOST)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core import failpoints
from core.agency import current_agency
from core.changes import change
from core.errors import DomainError
from core.indicators import compute_all
from core.outbox import send_after_commit
from tenants.models import Agency

from . import scoring, table_use
from .models import AgencyStatus, ComplianceWeight, MonthlyStatus

MAX_WEIGHT = 100
FIELD_MAX = 64


def ensure_status(agency: Agency) -> AgencyStatus:
    """The agency's rollup row, created empty ("not computed yet") if missing: with the agency, in its
    transaction (tenants.signals.agency_created), so the dashboard lists it the moment it exists."""
    status, _created = AgencyStatus.objects.get_or_create(agency=agency)
    return status


def ensure_all_statuses() -> int:
    """Rows for agencies that have none (created before rows came with agencies, or by hand): one query
    to find them, one to insert. Returns how many were created."""
    missing = (Agency.objects.agencies().exclude(level=Agency.Level.SUPERVISOR)
               .filter(status_rollup__isnull=True).values_list("pk", flat=True))
    created = AgencyStatus.objects.bulk_create([AgencyStatus(agency_id=pk) for pk in missing], ignore_conflicts=True)
    return len(created)


def refresh_current_agency_status() -> AgencyStatus:
    """Recompute the rollup for the agency whose schema the connection is on. Idempotent: the row holds
    what the agency's data says now, whoever asks and however often."""
    agency = current_agency()
    weights = scoring.province_weights(agency.province_id) if agency.province_id else {}
    started = timezone.now()
    _store(agency.pk, *_compute(weights, _unused_of([agency])[agency.schema_name], started))
    failpoints.pause("rollup.agency")
    return AgencyStatus.objects.get(pk=agency.pk)


def refresh_statuses(agency_ids: list[int]) -> tuple[int, list[int]]:
    """The nightly recompute of a chunk of agencies from one task: each agency's schema visited in turn on
    the same connection, its row written as soon as it is computed. One Celery task per agency cost more in
    the task's own overhead (a message, a tenant lookup, an acknowledgement) than in the computation at
    national scale (bench/RESULTS.md). Returns (rows written, agencies whose computation failed): the caller
    hands those to the single, retried refresh so one broken agency never holds back its chunk."""
    agencies = list(Agency.objects.filter(pk__in=agency_ids).select_related("province", "parent").order_by("pk"))
    # The marks are read once for the chunk: its rows say they were computed then (never later than the
    # marks they skipped by), so a first row committed meanwhile is never hidden by a row claiming to be newer.
    marks_read_at = timezone.now()
    unused_of = _unused_of(agencies)
    weights_of: dict[int | None, dict] = {}
    written, failed = 0, []
    try:
        for agency in agencies:
            if agency.province_id not in weights_of:
                connection.set_schema_to_public()
                weights_of[agency.province_id] = (scoring.province_weights(agency.province_id)
                                                  if agency.province_id else {})
            connection.set_tenant(agency)
            try:
                computed = _compute(weights_of[agency.province_id], unused_of[agency.schema_name], marks_read_at)
            except (OperationalError, InterfaceError):
                raise  # the database itself went away: the whole chunk is retried
            except Exception:  # noqa: BLE001 - one agency's broken data: the single refresh retries and reports it
                failed.append(agency.pk)
                continue
            _store(agency.pk, *computed)
            written += 1
            failpoints.pause("rollup.agency")
    finally:
        connection.set_schema_to_public()
    return written, failed


def _unused_of(agencies: list[Agency]) -> dict[str, frozenset[str]]:
    """Each agency's tables that never held a row (one query for all), unless the operator turned skipping off."""
    schemas = [agency.schema_name for agency in agencies]
    if not settings.EISO_ROLLUP_SKIP_UNUSED:
        return dict.fromkeys(schemas, frozenset())
    return table_use.unused_tables(schemas)


def _compute(weights: dict, unused: frozenset[str], started) -> tuple[dict, object, float | None]:
    """(indicators, when the computation started, score) for the agency whose schema the connection is on;
    `unused`: its tables that never held a row, which the areas answer for without reading (table_use), as
    read at `started` or later."""
    values = compute_all(unused)
    return values, started, scoring.score(values, weights)


def _store(agency_id: int, values: dict, started, score: float | None) -> None:
    """Write the row unless a computation that started later already did: a slow refresh (a nightly chunk
    computing while the agency kept working) never overwrites fresher figures with older ones. `refreshed_at`
    is when the computation began, so it never claims data newer than what was read."""
    row = {"agency_id": agency_id, "indicators": json.dumps(values, cls=DjangoJSONEncoder),
           "refreshed_at": started, "score": score}
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO public.supervision_agencystatus AS existing (agency_id, indicators, refreshed_at, score)
               VALUES (%(agency_id)s, %(indicators)s::jsonb, %(refreshed_at)s, %(score)s)
               ON CONFLICT (agency_id) DO UPDATE
               SET indicators = EXCLUDED.indicators, refreshed_at = EXCLUDED.refreshed_at, score = EXCLUDED.score
               WHERE existing.refreshed_at IS NULL OR existing.refreshed_at <= EXCLUDED.refreshed_at""", row)


def month_of(day) -> object:
    return day.replace(day=1)


def snapshot_month(province_id: int | None = None, *, today=None) -> int:
    """Copy every computed rollup row into this month's snapshot (one INSERT … ON CONFLICT UPDATE per
    row set): re-running it in the same month overwrites the month, never adds to it."""
    month = month_of(today or timezone.localdate())
    rows = AgencyStatus.objects.filter(refreshed_at__isnull=False)
    if province_id is not None:
        rows = rows.filter(agency__province_id=province_id)
    snapshots = [MonthlyStatus(agency_id=row.agency_id, month=month, indicators=row.indicators, score=row.score)
                 for row in rows.only("agency_id", "indicators", "score").iterator(chunk_size=1000)]
    MonthlyStatus.objects.bulk_create(snapshots, batch_size=1000, update_conflicts=True,
                                      unique_fields=["agency", "month"], update_fields=["indicators", "score"])
    return len(snapshots)


def rescore_province(province_id: int) -> int:
    """Recompute every stored score of a province from its rows' indicators and the current weights: in the
    public schema, no agency visited. Returns how many rows were scored."""
    weights = scoring.province_weights(province_id)
    rows = list(AgencyStatus.objects.filter(agency__province_id=province_id).only("agency_id", "indicators",
                                                                                   "refreshed_at", "score"))
    for row in rows:
        row.score = scoring.score(row.indicators, weights, computed=row.refreshed_at is not None)
    AgencyStatus.objects.bulk_update(rows, ["score"], batch_size=1000)
    return len(rows)


def _keeper(actor):
    """The province `actor` keeps here: the DOST's own site, with MANAGE_PROVINCE_CATALOGUE."""
    agency = current_agency()
    if not agency.is_supervisor or agency.province_id is None:
        raise DomainError("not_supervisor_site", _(
            "Weights and obligation bases are kept by the province's DOST, on its own site."), status_code=403)
    return agency


def set_weights(actor, weights: dict[str, object]) -> dict[str, int]:
    """Set the province's weights ({indicator key: whole number 0–100}); the province's scores are then
    recomputed by a Celery task once this commits."""
    with change(actor, "supervision.set_weights", perm=Perm.MANAGE_PROVINCE_CATALOGUE):
        dost = _keeper(actor)
        known = {i.key for i in scoring.scorable_indicators()}
        cleaned = {}
        for key, value in weights.items():
            if key not in known:
                raise DomainError("unknown_indicator", _("“%(key)s” is not an indicator that can be scored.")
                                  % {"key": key})
            try:
                number = int(value)
            except (TypeError, ValueError):
                number = -1
            if not 0 <= number <= MAX_WEIGHT or str(value).strip() not in {str(number), f"{number}.0"}:
                raise DomainError("invalid_weight", _("A weight is a whole number from 0 to %(max)s.")
                                  % {"max": MAX_WEIGHT})
            cleaned[key] = number
        for key, number in cleaned.items():
            ComplianceWeight.objects.update_or_create(province_id=dost.province_id, key=key,
                                                      defaults={"weight": number})
        province_id = dost.province_id
        send_after_commit("supervision.rescore_province", province_id)
    return scoring.province_weights(province_id)


def set_obligation_basis(actor, agency_id: int, basis: str, field: str | None = None) -> Agency:
    """Record why an agency of the province runs a QMS (mandatory, encouraged, by the provincial plan) and,
    when given, its field of work (the dashboard's shares by field)."""
    with change(actor, "supervision.set_obligation_basis", perm=Perm.MANAGE_PROVINCE_CATALOGUE, agency=agency_id):
        dost = _keeper(actor)
        if basis not in Agency.Obligation.values:
            raise DomainError("invalid_obligation_basis", _(
                "The obligation basis must be mandatory, encouraged or provincial_plan."))
        supervised = (Agency.objects.agencies().filter(pk=agency_id, province_id=dost.province_id)
                      .exclude(level=Agency.Level.SUPERVISOR))
        # An UPDATE, not save(): django-tenants refuses to save a tenant row from another tenant's schema.
        changes = {"obligation_basis": basis}
        if field is not None:
            field = " ".join(str(field).split())
            if len(field) > FIELD_MAX:
                raise DomainError("value_too_long", _("The field of work is at most %(max)s characters.")
                                  % {"max": FIELD_MAX})
            changes["field"] = field
        if not supervised.update(**changes):
            raise DomainError("not_supervised", _("This agency is not supervised by your DOST."), status_code=404)
    return Agency.objects.get(pk=agency_id)


def on_agency_created(sender, agency: Agency, **kwargs) -> None:
    """tenants.signals.agency_created: the row now, its first figures once the agency commits (in its
    schema, by the worker, retried if it fails)."""
    table_use.install(agency.schema_name)  # the template's DDL brought the triggers; the rows come now
    if agency.level == Agency.Level.SUPERVISOR:
        return
    ensure_status(agency)
    send_after_commit("supervision.refresh_agency_status", in_schema=agency.schema_name)
