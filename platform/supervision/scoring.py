"""The compliance score: how far an agency meets what its province weighs, 0–100.

The rule, for every registered indicator that can be scored (`part`):
- a yes-or-no (BOOLEAN, e.g. internal audit done this year): 1 when yes, else 0;
- a ratio (RATIO, in whole per cent, e.g. TTHC coverage): value / 100, at most 1;
- a count with a target (e.g. system procedures in force): value / target, at most 1;
- a count that alerts above a threshold (e.g. overdue NCs, overdue legal updates): 1 when it does not alert;
- a date (DATE, e.g. announced on, last inspection): 1 when there is one;
- other counts and texts (a publication state) are not scored: a province scores their effect through the
  indicators above.
A value not computed (missing, None) scores 0. The score is 100 × Σ(weight × part) / Σ(weight) over the scored
indicators, rounded to one decimal; None while the agency's row was never computed or every weight is 0.

Weights are the province's (`ComplianceWeight`, one row per indicator key, kept by the DOST so it can mirror its
PAR scoring); an indicator without a row weighs DEFAULT_WEIGHT, so a province scores before it sets anything.
"""

from __future__ import annotations

from core.indicators import BOOLEAN, DATE, RATIO, Indicator, all_indicators

DEFAULT_WEIGHT = 1


def scorable(indicator: Indicator) -> bool:
    return (indicator.kind in {BOOLEAN, RATIO, DATE} or indicator.target is not None
            or indicator.alert_above is not None)


def scorable_indicators() -> list[Indicator]:
    return [i for i in all_indicators() if scorable(i)]


def part(indicator: Indicator, value) -> float:
    """The indicator's share of its weight, 0–1, by the rule above."""
    if value is None or value == "":
        return 0.0
    if indicator.kind == BOOLEAN:
        return 1.0 if value else 0.0
    if indicator.kind == DATE:
        return 1.0
    if indicator.kind == RATIO:
        return max(0.0, min(float(value) / 100, 1.0))
    if indicator.target:
        return max(0.0, min(float(value) / indicator.target, 1.0))
    if indicator.alert_above is not None:
        return 0.0 if indicator.alerts(value) else 1.0
    return 0.0


def province_weights(province_id: int) -> dict[str, int]:
    """Every scorable indicator's weight in the province (one query)."""
    from .models import ComplianceWeight

    stored = dict(ComplianceWeight.objects.filter(province_id=province_id).values_list("key", "weight"))
    return {i.key: stored.get(i.key, DEFAULT_WEIGHT) for i in scorable_indicators()}


def score(values: dict | None, weights: dict[str, int], *, computed: bool = True) -> float | None:
    if not computed:
        return None
    total = sum(w for w in weights.values() if w > 0)
    if not total:
        return None
    known = {i.key: i for i in scorable_indicators()}
    gained = sum(w * part(known[key], (values or {}).get(key)) for key, w in weights.items()
                 if w > 0 and key in known)
    return round(100 * gained / total, 1)
