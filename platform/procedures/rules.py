"""The rules a TTHC procedure's data must meet, wherever it is written: an agency's edition
(procedures.services) or the province's model procedures (model_procedures.services).

At least one step; positive times (working days or hours, at most two decimals); well-formed TTHC codes;
and the steps' times may not add up to more than the total time limit (1 working day = 8 working hours).
Each check raises a DomainError with a declared code (procedures/errors.py) and saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import DomainError

from . import durations
from .models import TimeUnit

TEXT_FIELDS = ("legal_basis", "dossier_components", "fees", "where_filed", "where_returned")
MAX_TIME = Decimal("99999")


@dataclass
class CleanProcedure:
    """A procedure's data as it may be saved: codes, time limit, numbered step rows and tidied texts."""

    tthc_codes: list[str]
    time_limit: Decimal
    time_unit: str
    steps: list[dict]
    texts: dict


def clean_procedure(*, tthc_codes, time_limit, time_unit, steps, legal_basis="", dossier_components="", fees="",
                    where_filed="", where_returned="") -> CleanProcedure:
    """Every rule at once, before anything is written (steps in order, numbered 1..n as given)."""
    codes = clean_codes(tthc_codes)
    limit = clean_time(time_limit, time_unit, _("The total time limit"))
    rows = [clean_step(number, step) for number, step in enumerate(steps or [], 1)]
    if not rows:
        raise DomainError("steps_required", _("Add at least one step to the procedure."))
    check_step_sum(rows, limit, time_unit)
    texts = {name: text(value) for name, value in zip(TEXT_FIELDS, (
        legal_basis, dossier_components, fees, where_filed, where_returned), strict=True)}
    return CleanProcedure(codes, limit, time_unit, rows, texts)


def check_step_sum(rows: list[dict], limit: Decimal, unit: str) -> None:
    total = sum((durations.in_hours(row["time_allowed"], row["time_unit"]) for row in rows), Decimal(0))
    allowed = durations.in_hours(limit, unit)
    if total > allowed:
        raise DomainError("steps_exceed_time_limit", _(
            "The steps take %(total)s in all, %(over)s more than the time limit of %(limit)s "
            "(1 working day = 8 working hours). Shorten the steps or correct the time limit.") % {
            "total": durations.shown_hours(total), "over": durations.shown_hours(total - allowed),
            "limit": durations.shown(limit, unit)})


def clean_codes(codes) -> list[str]:
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


def clean_time(value, unit, what: str) -> Decimal:
    number = durations.as_decimal(value)
    if unit not in TimeUnit.values or number is None or not Decimal(0) < number <= MAX_TIME \
            or number != number.quantize(Decimal("0.01")):
        raise DomainError("invalid_time", _(
            "%(what)s must be a positive number of working days or working hours (at most two decimals).")
            % {"what": what})
    return number


def clean_step(number: int, step: dict) -> dict:
    action, responsible = text(step.get("action")), " ".join(str(step.get("responsible") or "").split())
    if not action or not responsible:
        raise DomainError("step_incomplete", _("Step %(number)d needs what is done and who is responsible.")
                          % {"number": number})
    unit = step.get("time_unit") or TimeUnit.WORKING_HOURS
    time = clean_time(step.get("time_allowed"), unit, _("The time of step %(number)d") % {"number": number})
    return {"number": number, "action": action, "responsible": responsible[:300], "time_allowed": time,
            "time_unit": unit, "output": " ".join(str(step.get("output") or "").split())[:300]}


def text(value) -> str:
    """Lines kept (dossier components are one per line), each line's spacing tidied."""
    lines = [" ".join(line.split()) for line in str(value or "").splitlines()]
    return "\n".join(line for line in lines if line)
