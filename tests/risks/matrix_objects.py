"""The isolation matrix's objects of context and risks: one of each, made through the services."""

from __future__ import annotations

from datetime import date

WEB_PK_MODELS = [("context/issues/", "risks.ContextIssue"), ("context/parties/", "risks.InterestedParty"),
                 ("context/risks/", "risks.Risk")]


def build(*, secretary, approver, reader, marker) -> dict[str, list[int]]:
    from risks import services

    issue = services.record_issue(actor=secretary, side="internal", category="people",
                                  description=f"Thiếu công chức một cửa {marker}", noted_on=date(2026, 3, 1))
    party = services.record_party(actor=secretary, name=f"Người dân {marker}", needs=f"Đúng hạn {marker}")
    risk = services.record_risk(actor=secretary, kind="risk", title=f"Hồ sơ trễ hạn {marker}", likelihood=4,
                                impact=4, treatment="reduce", owner=approver, review_on=date(2026, 6, 1),
                                identified_on=date(2026, 2, 1), cause=f"Thiếu người {marker}")
    return {"risks.ContextIssue": [issue.pk], "risks.InterestedParty": [party.pk], "risks.Risk": [risk.pk]}
