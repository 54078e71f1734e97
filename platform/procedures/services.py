"""Every change to a TTHC procedure's data: its spec and step table are saved together, whole.

The rules: the edition must still be editable (a draft, or sent back for changes), and the data meets
rules.py (at least one step, positive times, well-formed codes, the steps within the total time limit),
the same rules the province's model procedures meet. A refusal saves nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.changes import change, require
from core.errors import DomainError
from documents.models import Revision
from documents.services_revisions import check_editable

from . import rules
from .models import ProcedureStep, TthcProcedureSpec
from .selectors import is_tthc_procedure

TEXT_FIELDS = rules.TEXT_FIELDS


def save_procedure(revision: Revision, *, actor, tthc_codes, time_limit, time_unit, steps: list[dict],
                   legal_basis="", dossier_components="", fees="", where_filed="",
                   where_returned="") -> TthcProcedureSpec:
    """Replace the edition's spec and whole step table (steps in order: action, responsible, time_allowed,
    time_unit, output; they are numbered 1..n as given)."""
    require(actor, Perm.EDIT_DOCUMENTS)
    clean = rules.clean_procedure(tthc_codes=tthc_codes, time_limit=time_limit, time_unit=time_unit, steps=steps,
                                  legal_basis=legal_basis, dossier_components=dossier_components, fees=fees,
                                  where_filed=where_filed, where_returned=where_returned)
    with change(actor, "procedures.save_procedure", perm=Perm.EDIT_DOCUMENTS, revision=revision.pk):
        revision = Revision.objects.select_for_update().select_related("document").get(pk=revision.pk)
        if not is_tthc_procedure(revision.document):
            raise DomainError("not_a_tthc_procedure", _(
                "Only a TTHC procedure (a document of that kind) has a step table and TTHC data."))
        check_editable(revision)
        spec, _created = TthcProcedureSpec.objects.update_or_create(
            revision=revision, defaults={"tthc_codes": clean.tthc_codes, "time_limit": clean.time_limit,
                                         "time_unit": clean.time_unit, **clean.texts})
        # The table is replaced whole: a step's number is its place in the table, not an identity.
        ProcedureStep.objects.filter(revision=revision).delete()
        ProcedureStep.objects.bulk_create(ProcedureStep(revision=revision, **row) for row in clean.steps)
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
