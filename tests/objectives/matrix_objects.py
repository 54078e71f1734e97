"""The objectives' part of the isolation matrix: an objective with a measurement, through the services."""

from __future__ import annotations

WEB_PK_MODELS = [("objectives/", "objectives.Objective")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    from objectives import services

    objective = services.create_objective(
        actor=secretary, year=2026, title=f"Tỷ lệ hài lòng từ 95% {marker}", target="95", comparison="at_least",
        unit="percent", frequency="quarterly", owner=approver, plan=f"Khảo sát hằng quý {marker}")
    services.record_measurement(objective, actor=secretary, period=1, value="96", note=f"Quý I {marker}")
    return {"objectives.Objective": [objective.pk]}
