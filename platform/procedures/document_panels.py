"""On a TTHC procedure's page: its particulars, step table and flow diagram, for the edition the page
talks about (the one being made for people who see drafts, else the one in force)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.services import has_perm
from documents.panels import DocumentPanel, register

from . import durations
from .flow import FlowBox, flow_svg
from .selectors import is_tthc_procedure, shown_revision, spec_of, steps_of


def shown_flow(steps) -> str:
    return flow_svg([FlowBox(_("Step %(number)d") % {"number": step.number}, step.action, step.responsible,
                             durations.shown(step.time_allowed, step.time_unit)) for step in steps],
                    label=_("Flow of the procedure's steps"))


def collect(request, document) -> dict | None:
    if not is_tthc_procedure(document):
        return None
    revision = shown_revision(request.user, document)
    spec = spec_of(revision)
    steps = list(steps_of(revision)) if spec is not None else []
    return {"document": document, "procedure_revision": revision, "spec": spec,
            "time_limit": durations.shown(spec.time_limit, spec.time_unit) if spec else "",
            "steps": [(step, durations.shown(step.time_allowed, step.time_unit)) for step in steps],
            "flow_svg": shown_flow(steps),
            "can_edit_procedure": revision is not None and revision.is_editable
            and has_perm(request.user, request.tenant, Perm.EDIT_DOCUMENTS)}


register(DocumentPanel("procedure", template="procedures/_document_panel.html", collect=collect,
                       edition_history_models=("procedures.TthcProcedureSpecEvent", "procedures.ProcedureStepEvent"),
                       order=40))
