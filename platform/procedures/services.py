"""Every change to a TTHC procedure's data: its spec and step table are saved together, whole.

The rules: the edition must still be editable (a draft, or sent back for changes); at least one step;
positive times; well-formed TTHC codes; and the steps' times may not add up to more than the total time
limit (1 working day = 8 working hours). A refusal saves nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.changes import change, require
from core.errors import DomainError
from documents.models import Revision
from documents.services_revisions import check_editable

from . import durations
from .models import ProcedureStep, TimeUnit, TthcProcedureSpec
from .selectors import is_tthc_procedure

TEXT_FIELDS = ("legal_basis", "dossier_components", "fees", "where_filed", "where_returned")
MAX_TIME = Decimal("99999")


def save_procedure(revision: Revision, *, actor, tthc_codes, time_limit, time_unit, steps: list[dict],
                   legal_basis="", dossier_components="", fees="", where_filed="",
                   where_returned="") -> TthcProcedureSpec:
    """Replace the edition's spec and whole step table (steps in order: action, responsible, time_allowed,
    time_unit, output; they are numbered 1..n as given)."""
    require(actor, Perm.EDIT_DOCUMENTS)
    codes = _clean_codes(tthc_codes)
    limit = _clean_time(time_limit, time_unit, _("The total time limit"))
    rows = [_clean_step(number, step) for number, step in enumerate(steps or [], 1)]
    if not rows:
        raise DomainError("steps_required", _("Add at least one step to the procedure."))
    _check_step_sum(rows, limit, time_unit)
    texts = {name: _text(value) for name, value in zip(TEXT_FIELDS, (
        legal_basis, dossier_components, fees, where_filed, where_returned), strict=True)}
    with change(actor, "procedures.save_procedure", perm=Perm.EDIT_DOCUMENTS, revision=revision.pk):
        revision = Revision.objects.select_for_update().select_related("document").get(pk=revision.pk)
        if not is_tthc_procedure(revision.document):
            raise DomainError("not_a_tthc_procedure", _(
                "Only a TTHC procedure (a document of that kind) has a step table and TTHC data."))
        check_editable(revision)
        spec, _created = TthcProcedureSpec.objects.update_or_create(
            revision=revision, defaults={"tthc_codes": codes, "time_limit": limit, "time_unit": time_unit, **texts})
        # The table is replaced whole: a step's number is its place in the table, not an identity.
        ProcedureStep.objects.filter(revision=revision).delete()
        ProcedureStep.objects.bulk_create(ProcedureStep(revision=revision, **row) for row in rows)
    return spec


def copy_procedure(base: Revision, new: Revision) -> None:
    """A new edition starts from its predecessor's spec and steps (called by documents.start_revision,
    inside its change)."""
    spec = TthcProcedureSpec.objects.filter(revision=base).first()
    if spec is None:
        return
    TthcProcedureSpec.objects.create(revision=new, tthc_codes=list(spec.tthc_codes), time_limit=spec.time_limit,
                                     time_unit=spec.time_unit, **{name: getattr(spec, name) for name in TEXT_FIELDS})
    ProcedureStep.objects.bulk_create(
        ProcedureStep(revision=new, number=step.number, action=step.action, responsible=step.responsible,
                      time_allowed=step.time_allowed, time_unit=step.time_unit, output=step.output)
        for step in ProcedureStep.objects.filter(revision=base).order_by("number"))


def _check_step_sum(rows: list[dict], limit: Decimal, unit: str) -> None:
    total = sum((durations.in_hours(row["time_allowed"], row["time_unit"]) for row in rows), Decimal(0))
    allowed = durations.in_hours(limit, unit)
    if total > allowed:
        raise DomainError("steps_exceed_time_limit", _(
            "The steps take %(total)s in all, %(over)s more than the time limit of %(limit)s "
            "(1 working day = 8 working hours). Shorten the steps or correct the time limit.") % {
            "total": durations.shown_hours(total), "over": durations.shown_hours(total - allowed),
            "limit": durations.shown(limit, unit)})


def _clean_codes(codes) -> list[str]:
    if isinstance(codes, str):
        codes = codes.replace(",", "\n").replace(";", "\n").splitlines()
    cleaned = []
    for code in codes or []:
        code = str(code).strip()
        if not code or any(c.isspace() for c in code) or len(code) > 32:
            raise DomainError("invalid_tthc_code", _(
                "“%(code)s” is not a TTHC code: codes are written without spaces (e.g. 1.001193), at most 32 "
                "characters.") % {"code": code})
        if code not in cleaned:
            cleaned.append(code)
    if not cleaned:
        raise DomainError("tthc_codes_required", _("Give the code of at least one TTHC the procedure covers."))
    return cleaned


def _clean_time(value, unit, what: str) -> Decimal:
    number = durations.as_decimal(value)
    if unit not in TimeUnit.values or number is None or not Decimal(0) < number <= MAX_TIME \
            or number != number.quantize(Decimal("0.01")):
        raise DomainError("invalid_time", _(
            "%(what)s must be a positive number of working days or working hours (at most two decimals).")
            % {"what": what})
    return number


def _clean_step(number: int, step: dict) -> dict:
    action, responsible = _text(step.get("action")), " ".join(str(step.get("responsible") or "").split())
    if not action or not responsible:
        raise DomainError("step_incomplete", _("Step %(number)d needs what is done and who is responsible.")
                          % {"number": number})
    unit = step.get("time_unit") or TimeUnit.WORKING_HOURS
    time = _clean_time(step.get("time_allowed"), unit, _("The time of step %(number)d") % {"number": number})
    return {"number": number, "action": action, "responsible": responsible[:300], "time_allowed": time,
            "time_unit": unit, "output": " ".join(str(step.get("output") or "").split())[:300]}


def _text(value) -> str:
    """Lines kept (dossier components are one per line), each line's spacing tidied."""
    lines = [" ".join(line.split()) for line in str(value or "").splitlines()]
    return "\n".join(line for line in lines if line)
