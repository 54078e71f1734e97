"""Every change to the context, the interested parties, the risk matrix and the register of risks and
opportunities. The ISO secretary (Perm.MANAGE_QMS) keeps them; each function guards its rule with a
translated DomainError (nothing saved when it says no) and saves inside one change (core.changes), so the
history knows who did what. Scores are checked against the agency's matrix; levels are never stored.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import members as agency_members
from core import values
from core.changes import change, require
from core.errors import DomainError
from core.indicators import indicators_changed

from . import selectors
from .models import (
    MATRIX_SIZES,
    OPPORTUNITY_TREATMENTS,
    RISK_TREATMENTS,
    AssessmentBasis,
    ContextIssue,
    InterestedParty,
    IssueCategory,
    Risk,
    RiskAssessment,
    RiskKind,
    RiskMatrix,
    RiskStatus,
    Side,
)

PERM = Perm.MANAGE_QMS
CODE = "risks_invalid_value"  # what a refused value is called here (core.values checks it)


def _text(value, limit: int | None, label: str, *, required: bool = True, lines: bool = False) -> str:
    if lines:
        text = values.long_text(value, limit, label, code=CODE) if limit is not None else str(value or "").strip()
        if required and not text:
            raise DomainError(CODE, _("Fill in %(field)s.") % {"field": label})
        return text
    return values.line(value, limit, label, code=CODE, required=required)


def _date(value, label: str, *, past: bool = False, default: datetime.date | None = None) -> datetime.date:
    return values.a_date(value, label, code=CODE, past=past, default=default)


def _choice(value, choices, message: str) -> str:
    if value not in choices:
        raise DomainError("risks_invalid_value", message)
    return value


def _score(value, label: str, size: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= size:
        raise DomainError("risks_score_out_of_range", _("%(field)s must be a whole number from 1 to %(size)d "
                                                        "(the agency's %(size)d×%(size)d matrix).")
                          % {"field": label, "size": size})
    return number


def _labels(value, size: int, label: str) -> list[str]:
    if value in (None, "", []):
        return []
    items = [line.strip() for line in (value.splitlines() if isinstance(value, str) else value)]
    items = [item for item in items if item]
    if len(items) != size or any(len(item) > 60 for item in items):
        raise DomainError("risks_bad_matrix", _("Give %(size)d %(field)s, one per line, lowest first, each at "
                                                "most 60 characters.") % {"size": size, "field": label})
    return items


# --- the matrix -------------------------------------------------------------------------------------------

def set_matrix(*, actor, size, medium_from, high_from, likelihood_labels=None, impact_labels=None) -> RiskMatrix:
    """Set the agency's matrix; the register is re-levelled by it at once (levels are computed). A smaller
    matrix is refused while a risk is scored beyond it."""
    require(actor, PERM)
    try:
        size = int(size)
        medium_from, high_from = int(medium_from), int(high_from)
    except (TypeError, ValueError):
        raise DomainError("risks_bad_matrix", _("The size and the thresholds are whole numbers.")) from None
    if size not in MATRIX_SIZES:
        raise DomainError("risks_bad_matrix", _("The matrix is 3×3, 4×4 or 5×5."))
    if not 1 < medium_from < high_from <= size * size:
        raise DomainError("risks_bad_matrix", _(
            "Medium must start above 1 and below high, and high at most at %(top)d (the top score).")
            % {"top": size * size})
    likelihood_labels = _labels(likelihood_labels, size, _("likelihood labels"))
    impact_labels = _labels(impact_labels, size, _("impact labels"))
    with change(actor, "risks.set_matrix", size=size):
        beyond = Risk.objects.filter(likelihood__gt=size) | Risk.objects.filter(impact__gt=size) \
            | Risk.objects.filter(residual_likelihood__gt=size) | Risk.objects.filter(residual_impact__gt=size)
        count = beyond.distinct().count()
        if count:
            raise DomainError("risks_matrix_too_small", _(
                "%(count)d risks are scored above %(size)d: re-score them before making the matrix smaller.")
                % {"count": count, "size": size})
        row, _created = RiskMatrix.objects.update_or_create(singleton=True, defaults={
            "size": size, "medium_from": medium_from, "high_from": high_from,
            "likelihood_labels": likelihood_labels, "impact_labels": impact_labels})
        indicators_changed()
    return row


# --- context issues and interested parties ---------------------------------------------------------------

def _issue_values(side, category, description, effect, noted_on) -> dict:
    return {"side": _choice(side, Side.values, _("Say whether the issue is internal or external.")),
            "category": _choice(category, IssueCategory.values, _("Choose the issue's category.")),
            "description": _text(description, 2000, _("the issue"), lines=True),
            "effect": _text(effect, 2000, _("the effect on the QMS"), required=False, lines=True),
            "noted_on": _date(noted_on, _("The date noted"), past=True, default=timezone.localdate())}


def record_issue(*, actor, side, category, description, effect="", noted_on=None) -> ContextIssue:
    """Note an internal or external issue of the agency's context."""
    require(actor, PERM)
    values = _issue_values(side, category, description, effect, noted_on)
    with change(actor, "risks.record_issue"):
        return ContextIssue.objects.create(**values, changed_on=values["noted_on"], recorded_by=actor)


def update_issue(issue: ContextIssue, *, actor, **changes) -> ContextIssue:
    """Change an issue, or mark it no longer relevant (`relevant=False`): it stays in the list, struck."""
    require(actor, PERM)
    merged = {name: changes.get(name, getattr(issue, name))
              for name in ("side", "category", "description", "effect", "noted_on")}
    values = _issue_values(**merged)
    values["relevant"] = bool(changes.get("relevant", issue.relevant))
    with change(actor, "risks.update_issue", issue=issue.pk):
        ContextIssue.objects.filter(pk=issue.pk).update(**values, changed_on=timezone.localdate())
    issue.refresh_from_db()
    return issue


def _party_values(name, needs, monitoring) -> dict:
    return {"name": _text(name, 200, _("the interested party")),
            "needs": _text(needs, 2000, _("their needs and expectations"), lines=True),
            "monitoring": _text(monitoring, 2000, _("how they are monitored"), required=False, lines=True)}


def record_party(*, actor, name, needs, monitoring="") -> InterestedParty:
    require(actor, PERM)
    values = _party_values(name, needs, monitoring)
    with change(actor, "risks.record_party"):
        return InterestedParty.objects.create(**values, changed_on=timezone.localdate())


def update_party(party: InterestedParty, *, actor, **changes) -> InterestedParty:
    require(actor, PERM)
    values = _party_values(**{name: changes.get(name, getattr(party, name)) for name in ("name", "needs", "monitoring")})
    values["relevant"] = bool(changes.get("relevant", party.relevant))
    with change(actor, "risks.update_party", party=party.pk):
        InterestedParty.objects.filter(pk=party.pk).update(**values, changed_on=timezone.localdate())
    party.refresh_from_db()
    return party


# --- the register --------------------------------------------------------------------------------------------

def _owner(agency, owner):
    try:
        pk = int(getattr(owner, "pk", owner))
    except (TypeError, ValueError):
        pk = None
    found = agency_members(agency).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise DomainError("risks_not_agency_member", _("Choose the owner among the members of this agency."))
    return found


def _documents(ids) -> list[int]:
    from documents.models import Document

    try:
        wanted = list(dict.fromkeys(int(getattr(i, "pk", i)) for i in (ids or [])))
    except (TypeError, ValueError):
        raise DomainError("risks_unknown_document", _("A related procedure is not a document of this agency.")) \
            from None
    if len(wanted) > 20:
        raise DomainError("risks_invalid_value", _("Link at most 20 procedures to one risk."))
    if Document.objects.filter(pk__in=wanted).count() != len(wanted):
        raise DomainError("risks_unknown_document", _("A related procedure is not a document of this agency."))
    return wanted


def _risk_values(agency, *, kind, title, process, documents, cause, consequence, likelihood, impact, treatment,
                 actions, owner, review_on) -> dict:
    grid = selectors.matrix()
    kind = _choice(kind, RiskKind.values, _("Say whether it is a risk or an opportunity."))
    allowed = RISK_TREATMENTS if kind == RiskKind.RISK else OPPORTUNITY_TREATMENTS
    if treatment not in allowed:
        raise DomainError("risks_wrong_treatment", _(
            "A risk is accepted, reduced, avoided or transferred; an opportunity is exploited or enhanced."))
    return {"kind": kind, "title": _text(title, 300, _("the title")),
            "process": _text(process, 200, _("the process"), required=False),
            "document_ids": _documents(documents),
            "cause": _text(cause, 4000, _("the cause"), required=False, lines=True),
            "consequence": _text(consequence, 4000, _("the consequence"), required=False, lines=True),
            "likelihood": _score(likelihood, _("The likelihood"), grid.size),
            "impact": _score(impact, _("The impact"), grid.size), "treatment": treatment,
            "actions": _text(actions, 4000, _("the treatment actions"), required=False, lines=True),
            "owner": _owner(agency, owner), "review_on": _date(review_on, _("The review date"))}


RISK_FIELDS = ("kind", "title", "process", "documents", "cause", "consequence", "likelihood", "impact",
               "treatment", "actions", "owner", "review_on")


def record_risk(*, actor, kind, title, likelihood, impact, treatment, owner, review_on, process="",
                documents=(), cause="", consequence="", actions="", identified_on=None) -> Risk:
    """Enter a risk or an opportunity in the register with its first (inherent) assessment, made the day it
    was identified (by default today)."""
    agency = require(actor, PERM)
    values = _risk_values(agency, kind=kind, title=title, process=process, documents=documents, cause=cause,
                          consequence=consequence, likelihood=likelihood, impact=impact, treatment=treatment,
                          actions=actions, owner=owner, review_on=review_on)
    identified_on = _date(identified_on, _("The identification date"), past=True, default=timezone.localdate())
    with change(actor, "risks.record_risk"):
        risk = Risk.objects.create(**values, identified_on=identified_on, created_by=actor)
        RiskAssessment.objects.create(risk=risk, basis=AssessmentBasis.INHERENT, likelihood=risk.likelihood,
                                      impact=risk.impact, assessed_on=identified_on, assessed_by=actor)
        indicators_changed()
    return risk


def _open(risk: Risk) -> Risk:
    fresh = Risk.objects.select_for_update().filter(pk=risk.pk).first()
    if fresh is None:
        raise DomainError("not_found", _("The risk no longer exists."), status_code=404)
    if fresh.status == RiskStatus.CLOSED:
        raise DomainError("risks_closed", _("“%(title)s” is closed: reopen it first.") % {"title": fresh.title})
    return fresh


def update_risk(risk: Risk, *, actor, **changes) -> Risk:
    """Change a risk's description, treatment, owner, review date or inherent scores (a new scoring is kept
    as an inherent assessment)."""
    agency = require(actor, PERM)
    current = {name: getattr(risk, name) for name in RISK_FIELDS if name not in ("documents", "owner")}
    current.update(documents=risk.document_ids, owner=risk.owner_id)
    current.update({name: value for name, value in changes.items() if name in RISK_FIELDS})
    values = _risk_values(agency, **current)
    with change(actor, "risks.update_risk", risk=risk.pk):
        fresh = _open(risk)
        rescored = (values["likelihood"], values["impact"]) != (fresh.likelihood, fresh.impact)
        for name, value in values.items():
            setattr(fresh, name, value)
        fresh.save()
        if rescored:
            RiskAssessment.objects.create(risk=fresh, basis=AssessmentBasis.INHERENT, likelihood=fresh.likelihood,
                                          impact=fresh.impact, assessed_on=timezone.localdate(), assessed_by=actor,
                                          note=_text(changes.get("note"), 2000, "", required=False, lines=True))
        indicators_changed()
    return fresh


def reassess(risk: Risk, *, actor, likelihood, impact, assessed_on=None, note="", review_on=None) -> Risk:
    """Score the risk again after its treatment (residual): the risk is treated, the assessment kept."""
    require(actor, PERM)
    grid = selectors.matrix()
    likelihood = _score(likelihood, _("The likelihood"), grid.size)
    impact = _score(impact, _("The impact"), grid.size)
    assessed_on = _date(assessed_on, _("The assessment date"), past=True, default=timezone.localdate())
    note = _text(note, 2000, _("the note"), required=False, lines=True)
    with change(actor, "risks.reassess", risk=risk.pk):
        fresh = _open(risk)
        if assessed_on < fresh.identified_on:
            raise DomainError("risks_invalid_value", _("The assessment date is before the risk was identified "
                                                       "(%(date)s).") % {"date": fresh.identified_on})
        fresh.residual_likelihood, fresh.residual_impact = likelihood, impact
        fresh.status, fresh.treated_on = RiskStatus.TREATED, assessed_on
        if review_on not in (None, ""):
            fresh.review_on = _date(review_on, _("The review date"))
        fresh.save()
        RiskAssessment.objects.create(risk=fresh, basis=AssessmentBasis.RESIDUAL, likelihood=likelihood,
                                      impact=impact, assessed_on=assessed_on, note=note, assessed_by=actor)
        indicators_changed()
    return fresh


def close_risk(risk: Risk, *, actor, closed_on=None) -> Risk:
    """The risk no longer needs following (its cause is gone, the opportunity taken or passed)."""
    require(actor, PERM)
    closed_on = _date(closed_on, _("The closing date"), past=True, default=timezone.localdate())
    with change(actor, "risks.close_risk", risk=risk.pk):
        fresh = _open(risk)
        fresh.status, fresh.closed_on = RiskStatus.CLOSED, closed_on
        fresh.save(update_fields=["status", "closed_on"])
        indicators_changed()
    return fresh


def reopen_risk(risk: Risk, *, actor) -> Risk:
    with change(actor, "risks.reopen_risk", perm=PERM, risk=risk.pk):
        fresh = Risk.objects.select_for_update().get(pk=risk.pk)
        if fresh.status != RiskStatus.CLOSED:
            raise DomainError("risks_not_closed", _("“%(title)s” is not closed.") % {"title": fresh.title})
        fresh.status = RiskStatus.TREATED if fresh.residual_score is not None else RiskStatus.OPEN
        fresh.closed_on = None
        fresh.save(update_fields=["status", "closed_on"])
        indicators_changed()
    return fresh


# --- reminders ----------------------------------------------------------------------------------------------

def remind_overdue_reviews(on: datetime.date | None = None) -> int:
    """Tell each owner of a risk whose review date has passed (once per risk and review date: a second run,
    or a retry, sends nothing again). Returns how many notices were sent."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from notifications.services import notify

    sent = 0
    for risk in selectors.reviews_overdue(on).select_related("owner"):
        with translation.override(settings.LANGUAGE_CODE):
            message = _("The review of “%(title)s” was due on %(date)s.") % {
                "title": risk.title, "date": risk.review_on.strftime("%d/%m/%Y")}
        if notify(risk.owner, message, reverse("risks:detail", args=[risk.pk]), verb="risk_review",
                  key=f"risks:review:{risk.pk}:{risk.review_on.isoformat()}"):
            sent += 1
    return sent
