"""Every change to quality objectives: setting and changing an objective, recording a measurement,
refreshing the computed ones.

The ISO secretary (Perm.MANAGE_QMS) keeps the objectives: each function guards its rule with a translated
DomainError (nothing is saved when it says no), saves inside one change (core.changes) so history knows who
did it, and tells the supervisor's figures and the public page that they moved.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core import public_page
from core.changes import change, require
from core.errors import DomainError
from core.indicators import indicators_changed
from core.text import clean_text

from . import selectors
from .models import Comparison, Frequency, Measurement, Objective, Source, Unit

PERM = Perm.MANAGE_QMS
FIRST_YEAR = 2000
REMIND_DAYS = 7  # a measurement is told to its owner this many days before it falls due


def _invalid(message: str) -> DomainError:
    return DomainError("objective_invalid_value", message)


def _text(value, limit: int, label: str, *, required: bool = True, lines: bool = False) -> str:
    return clean_text(value, limit, label, code="objective_invalid_value", required=required, lines=lines)


def _number(value, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal("1e10"):
        raise _invalid(_("%(field)s must be a number.") % {"field": label})
    return number.quantize(Decimal("0.01"))


def _choice(value, choices, message: str) -> str:
    if value not in choices.values:
        raise _invalid(message)
    return value


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    last = timezone.localdate().year + 1
    if not FIRST_YEAR <= year <= last:
        raise DomainError("objective_invalid_year", _("The year must be between %(first)d and %(last)d.")
                          % {"first": FIRST_YEAR, "last": last})
    return year


def _owner(agency, owner):
    if owner in (None, ""):
        return None
    found = agency_members(agency).filter(pk=getattr(owner, "pk", owner)).first()
    if found is None:
        raise DomainError("objective_not_agency_member", _("The responsible person is not a member of this agency."))
    return found


def _clean(agency, *, year, title, target, comparison, unit, owner, plan, frequency, source) -> dict:
    source = _choice(source, Source, _("Say whether the objective is measured by hand or computed."))
    data = {
        "year": _year(year),
        "title": _text(title, 300, _("the objective")),
        "target": _number(target, _("The target value")),
        "comparison": _choice(comparison, Comparison, _("Choose whether the value must be at least or at most "
                                                         "the target.")),
        "unit": _choice(unit, Unit, _("Choose the unit: %, days or count.")),
        "owner": _owner(agency, owner),
        "plan": _text(plan, 5000, _("the plan"), required=False, lines=True),
        "frequency": _choice(frequency, Frequency, _("Choose how often the objective is measured.")),
        "source": source,
    }
    if source == Source.ON_TIME_RATE and (data["unit"] != Unit.PERCENT or data["comparison"] != Comparison.AT_LEAST):
        raise _invalid(_("An on-time rate is a percentage that must be at least its target."))
    if data["unit"] == Unit.PERCENT and not 0 <= data["target"] <= 100:
        raise _invalid(_("A percentage target must be between 0 and 100."))
    return data


def _moved() -> None:
    indicators_changed()
    public_page.changed()


def create_objective(*, actor, year, title, target, comparison=Comparison.AT_LEAST, unit=Unit.PERCENT, owner=None,
                     plan="", frequency=Frequency.QUARTERLY, source=Source.MANUAL) -> Objective:
    """A new measurable objective of `year`."""
    agency = require(actor, PERM)
    data = _clean(agency, year=year, title=title, target=target, comparison=comparison, unit=unit, owner=owner,
                  plan=plan, frequency=frequency, source=source)
    with change(actor, "objectives.create_objective", year=data["year"]):
        objective = Objective.objects.create(created_by=actor, **data)
        _moved()
    return objective


def update_objective(objective: Objective, *, actor, **fields) -> Objective:
    """Change the objective's target, owner, plan, …; its frequency only while nothing is measured (the
    periods would change meaning)."""
    agency = require(actor, PERM)
    current = {name: getattr(objective, name) for name in
               ("year", "title", "target", "comparison", "unit", "plan", "frequency", "source")}
    current["owner"] = objective.owner_id
    current.update({k: v for k, v in fields.items() if k in current})
    data = _clean(agency, **current)
    with change(actor, "objectives.update_objective", perm=PERM, objective=objective.pk):
        objective = Objective.objects.select_for_update().get(pk=objective.pk)
        if (data["frequency"] != objective.frequency or data["year"] != objective.year) \
                and objective.measurements.exists():
            raise _invalid(_("The objective has measurements: its year and frequency can no longer change."))
        for name, value in data.items():
            setattr(objective, name, value)
        objective.save()
        _moved()
    return objective


def _period(objective: Objective, period) -> int:
    try:
        period = int(period)
    except (TypeError, ValueError):
        period = 0
    if not 1 <= period <= objective.periods:
        raise _invalid(_("Choose one of the objective's periods (1 to %(last)d).") % {"last": objective.periods})
    if period not in selectors.started_periods(objective):
        raise DomainError("objective_period_not_started", _("%(period)s has not begun yet.") % {
            "period": selectors.period_label(objective.year, objective.frequency, period)})
    return period


def record_measurement(objective: Objective, *, actor, period, value, note="") -> Measurement:
    """The value reached in `period` (a new one, or a correction of the period's value)."""
    require(actor, PERM)
    if objective.computed:
        raise DomainError("objective_computed", _("This objective is computed from the dossiers: refresh it "
                                                  "instead of entering a value."))
    period = _period(objective, period)
    value = _number(value, _("The value"))
    note = _text(note, 500, _("the note"), required=False)
    with change(actor, "objectives.record_measurement", perm=PERM, objective=objective.pk, period=period):
        measurement, _created = Measurement.objects.update_or_create(
            objective=objective, period=period,
            defaults={"value": value, "note": note, "computed": False, "recorded_by": actor})
        _moved()
    return measurement


def refresh_computed(objective: Objective, *, actor) -> list[Measurement]:
    """Compute every begun period's value from its source (the dossiers' on-time rate); a period with no
    resolved dossier gets no value. Idempotent: an unchanged value is not written again."""
    require(actor, PERM)
    if objective.source not in selectors.COMPUTERS:
        raise DomainError("objective_not_computed", _("This objective is measured by hand: enter its values."))
    with change(actor, "objectives.refresh_computed", perm=PERM, objective=objective.pk):
        results = _compute(objective, actor)
        _moved()
    return results


def refresh_all_computed(today=None) -> int:
    """The nightly refresh (no person: the values are the dossiers'): this year's and, in January, last
    year's computed objectives. Returns how many measurements were written or changed."""
    today = today or timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    changed = 0
    for objective in Objective.objects.filter(year__in=years).exclude(source=Source.MANUAL):
        with change(None, "objectives.refresh_computed", objective=objective.pk):
            before = {(m.period, m.value, m.note) for m in objective.measurements.all()}
            after = {(m.period, m.value, m.note) for m in _compute(objective, None, today)}
            changed += len(after - before)
    if changed:
        _moved()
    return changed


def _compute(objective: Objective, actor, today=None) -> list[Measurement]:
    compute = selectors.COMPUTERS[objective.source]
    today = today or timezone.localdate()
    existing = {m.period: m for m in objective.measurements.select_for_update()}
    results = []
    for period in selectors.started_periods(objective, today):
        value, resolved = compute(objective.year, objective.frequency, period)
        if value is None:
            continue
        end = selectors.period_bounds(objective.year, objective.frequency, period)[1]
        with translation.override(settings.LANGUAGE_CODE):
            note = _("%(count)d dossiers resolved") % {"count": resolved}
            if end >= today:
                note += " " + _("(up to %(day)s)") % {"day": today.strftime("%d/%m/%Y")}
        row = existing.get(period)
        if row is None:
            row = Measurement.objects.create(objective=objective, period=period, value=value, note=note,
                                             computed=True, recorded_by=actor)
        elif (row.value, row.note) != (value, note):
            row.value, row.note, row.computed, row.recorded_by = value, note, True, actor
            row.save()
        results.append(row)
    return results


def remind_due_measurements(today=None) -> int:
    """Tell each measurement falling due within REMIND_DAYS (or overdue) to the objective's owner, or else
    to the people who keep the objectives; once per objective and period (the notification's key), in-app
    and by e-mail. Returns how many people were told."""
    from datetime import timedelta

    from django.urls import reverse

    from core.agency import current_agency
    from notifications.services import notify

    today = today or timezone.localdate()
    keepers = None
    told = 0
    for due in selectors.measurements_due(today + timedelta(days=REMIND_DAYS), today):
        objective = due.objective
        if objective.owner_id and objective.owner is not None:
            recipients = [objective.owner]
        else:
            keepers = keepers if keepers is not None else list(agency_members(current_agency(), PERM))
            recipients = keepers
        with translation.override(settings.LANGUAGE_CODE):
            message = _("Enter the result of “%(title)s” for %(period)s by %(due)s.") % {
                "title": objective.title, "period": due.label, "due": due.due_on.strftime("%d/%m/%Y")}
        link = reverse("objectives:detail", args=[objective.pk])
        for user in recipients:
            if notify(user, message, link, verb="objective_measurement",
                      key=f"objective:{objective.pk}:{due.period}") is not None:
                told += 1
    return told

