"""The public page's "quality policy and objectives": the policy in force and this year's objectives.

Only what is published: the policy's effective edition, and the objectives once the agency's quality
objectives document is in force (the signed paper adopting them). No staff names: no owner, no recorder."""

from __future__ import annotations

from django.utils import timezone

from core.public_page import PublicSection, register

from . import selectors


def public_objectives() -> dict | None:
    policy = selectors.quality_policy()
    adopted = selectors.objectives_document() is not None
    year = timezone.localdate().year
    objectives = []
    if adopted:
        for row in selectors.rows(year):
            objective = row.objective
            objectives.append({
                "title": objective.title, "target": selectors.target_label(objective),
                "latest": selectors.format_value(objective, row.latest.value) if row.latest else "",
                "period": row.latest_label, "status": row.status, "status_label": row.status_label,
                "badge": row.badge})
    if policy is None and not objectives:
        return None
    return {"policy": policy, "year": year, "objectives": objectives}


register(PublicSection("objectives", template="objectives/_public.html", collect=public_objectives, order=10))
