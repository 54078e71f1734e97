"""Every change to the model procedures: the DOST writes and publishes them, agencies adopt them and take
a new edition's changes into a draft of their own.

The DOST's writes: only on its own site, with MANAGE_PROVINCE_CATALOGUE, for its own province (`_keeper`).
The rows live in public, so each write runs there (`_public_change`, the TTHC catalogue's own way):
pghistory's context row then lands in public beside the events pointing to it. An agency's writes run in its schema (its document, through the
documents and procedures services) and record the adoption in public, all in one transaction.

A model edition is checked by the same rules as an agency's TTHC procedure (procedures/rules.py), so a model
an agency adopts always fits the time limit there too.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import Perm
from core.agency import in_agency
from core.changes import require
from core.errors import DomainError
from core.indicators import indicators_changed
from core.outbox import send_after_commit
from documents import services as documents
from documents.models import Document, DocumentKind, Revision
from documents.richtext import sanitize
from documents.selectors import open_revision
from procedures import durations, rules
from procedures import services as procedures
from tenants.models import Agency
from tthc.services import _catalogue_change as _public_change

from . import selectors
from .models import ModelAdoption, ModelEdition, ModelProcedure

LEVELS = {value for value, _label in Agency.Level.choices}
CODE_RE = re.compile(r"^\S{1,32}$")


def _keeper(actor):
    """The province whose models `actor` may write here: the DOST's own site, with the permission."""
    agency = require(actor, Perm.MANAGE_PROVINCE_CATALOGUE)
    if not selectors.can_keep(actor, agency):
        raise DomainError("not_model_keeper", _(
            "Model procedures are written by the province's DOST, on its own site."), status_code=403)
    return agency.province


def _same_province(province, model: ModelProcedure) -> None:
    if model.province_id != province.pk:
        raise DomainError("not_model_keeper", _("This model procedure belongs to another province."),
                          status_code=403)


def _clean_model(code, title, level, field) -> dict:
    code, title, field = str(code or "").strip(), " ".join(str(title or "").split()), " ".join(
        str(field or "").split())
    if not CODE_RE.match(code) or not title or len(title) > 300 or len(field) > 200:
        raise DomainError("model_title_required", _(
            "Give the model a code (at most 32 characters, without spaces, e.g. QT-MAU-HT-01) and a title (at "
            "most 300 characters)."))
    if level not in LEVELS:
        raise DomainError("invalid_level", _("The level is not one of the agency levels."))
    return {"code": code, "title": title, "level": level, "field": field}


# --------------------------------------------------------------------------------------- the DOST's side

def create_model(*, actor, code, title, level, field="") -> ModelProcedure:
    """A new model procedure of the province, with an empty first edition as its draft."""
    province = _keeper(actor)
    values = _clean_model(code, title, level, field)
    with _public_change(actor, "model_procedures.create_model", code=values["code"]):
        if ModelProcedure.objects.filter(province=province, code__iexact=values["code"]).exists():
            raise DomainError("code_taken", _("The province already has a model procedure with code %(code)s.")
                              % {"code": values["code"]})
        model = ModelProcedure.objects.create(province=province, created_by=actor, **values)
        ModelEdition.objects.create(model=model, number=1)
    return model


def update_model(model: ModelProcedure, *, actor, title=None, level=None, field=None) -> ModelProcedure:
    """Change the model's title, level or field (its code stays: agencies know the model by it)."""
    province = _keeper(actor)
    _same_province(province, model)
    values = _clean_model(model.code, model.title if title is None else title,
                          model.level if level is None else level, model.field if field is None else field)
    with _public_change(actor, "model_procedures.update_model", model=model.pk):
        changed = [name for name in ("title", "level", "field") if getattr(model, name) != values[name]]
        for name in changed:
            setattr(model, name, values[name])
        if changed:
            model.save(update_fields=changed)
    return model


def start_edition(model: ModelProcedure, *, actor) -> ModelEdition:
    """A new draft edition, starting from the latest published one. One draft at a time."""
    province = _keeper(actor)
    _same_province(province, model)
    with _public_change(actor, "model_procedures.start_edition", model=model.pk):
        model = ModelProcedure.objects.select_for_update().get(pk=model.pk)
        if selectors.draft_of(model) is not None:
            raise DomainError("model_draft_exists", _(
                "This model already has a draft edition: finish and publish it first."))
        base = selectors.latest_published(model)
        number = (model.editions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        copied = {name: getattr(base, name) for name in EDITION_FIELDS} if base else {}
        return ModelEdition.objects.create(model=model, number=number, **copied)


EDITION_FIELDS = ("content", "tthc_codes", *rules.TEXT_FIELDS, "time_limit", "time_unit", "steps")


def _steps_json(rows: list[dict]) -> list[dict]:
    return [{**row, "time_allowed": durations.canonical(row["time_allowed"])} for row in rows]


def save_draft(model: ModelProcedure, *, actor, tthc_codes, time_limit, time_unit, steps: list[dict],
               content="", change_note="", legal_basis="", dossier_components="", fees="", where_filed="",
               where_returned="") -> ModelEdition:
    """Replace the draft edition's text, spec and step table, under the rules of a TTHC procedure."""
    province = _keeper(actor)
    _same_province(province, model)
    clean = rules.clean_procedure(tthc_codes=tthc_codes, time_limit=time_limit, time_unit=time_unit, steps=steps,
                                  legal_basis=legal_basis, dossier_components=dossier_components, fees=fees,
                                  where_filed=where_filed, where_returned=where_returned)
    with _public_change(actor, "model_procedures.save_draft", model=model.pk):
        draft = _locked_draft(model)
        draft.content, draft.change_note = sanitize(content or ""), rules.text(change_note)
        draft.tthc_codes, draft.time_limit, draft.time_unit = clean.tthc_codes, clean.time_limit, clean.time_unit
        draft.steps = _steps_json(clean.steps)
        for name, value in clean.texts.items():
            setattr(draft, name, value)
        draft.save()
    return draft


def publish_edition(model: ModelProcedure, *, actor) -> ModelEdition:
    """Publish the draft edition: from now on it never changes, agencies of the province may adopt it, and
    every agency that adopted the model is told (after the commit, by a Celery task)."""

    province = _keeper(actor)
    _same_province(province, model)
    with _public_change(actor, "model_procedures.publish_edition", model=model.pk):
        draft = _locked_draft(model)
        if draft.time_limit is None or not draft.steps:
            raise DomainError("model_draft_incomplete", _(
                "Enter the edition's TTHC codes, time limit and steps before publishing it."))
        rules.clean_procedure(**edition_procedure(draft))  # the rules again, on what was stored
        draft.status, draft.published_on, draft.published_by = (ModelEdition.Status.PUBLISHED,
                                                                timezone.localdate(), actor)
        draft.save(update_fields=["status", "published_on", "published_by", "updated_at"])
        model.tthc_codes = list(draft.tthc_codes)
        model.save(update_fields=["tthc_codes"])
        if draft.number > 1:
            send_after_commit("model_procedures.notify_adopters", model.pk)
    return draft


def _locked_draft(model: ModelProcedure) -> ModelEdition:
    draft = model.editions.select_for_update().filter(status=ModelEdition.Status.DRAFT).first()
    if draft is None:
        raise DomainError("model_no_draft", _(
            "This model has no draft edition: start a new edition first (published editions never change)."))
    return draft


def edition_procedure(edition: ModelEdition) -> dict:
    """The edition's spec and steps as procedures.services.save_procedure takes them."""
    return {"tthc_codes": list(edition.tthc_codes), "time_limit": edition.time_limit, "time_unit": edition.time_unit,
            "steps": [{key: step.get(key, "") for key in ("action", "responsible", "time_allowed", "time_unit",
                                                           "output")} for step in edition.steps],
            **{name: getattr(edition, name) for name in rules.TEXT_FIELDS}}


# --------------------------------------------------------------------------------------- an agency's side

def default_code(model: ModelProcedure) -> str:
    """The agency's document code for a model: QT-MAU-HT-01 -> QT-TTHC-HT-01 (the starter pack's system
    procedures already use QT-HT-01..06)."""
    return re.sub(r"MAU", "TTHC", model.code, count=1, flags=re.IGNORECASE)


def _adopter(actor, model: ModelProcedure) -> Agency:
    agency = require(actor, Perm.EDIT_DOCUMENTS)
    if not selectors.may_adopt_here(agency) or agency.province_id != model.province_id:
        raise DomainError("model_not_for_agency", _(
            "Only a current agency of the model's province may adopt it, on its own site."), status_code=403)
    return agency


def _published(model: ModelProcedure) -> ModelEdition:
    edition = selectors.latest_published(model)
    if edition is None:
        raise DomainError("model_not_published", _("This model has no published edition yet."))
    return edition


def adopt(model: ModelProcedure, *, actor, code: str = "", title: str = "") -> ModelAdoption:
    """The agency's own TTHC procedure (a new controlled document, its first edition a draft) made from the
    model's latest published edition: text, spec and steps. The link to the model is kept."""
    agency = _adopter(actor, model)
    edition = _published(model)
    if selectors.adoption_of(model, agency) is not None:
        raise DomainError("already_adopted", _(
            "This agency has already adopted model %(code)s: open its procedure instead.") % {"code": model.code})
    with transaction.atomic():
        document = documents.create_document(actor=actor, code=(code or "").strip() or default_code(model),
                                             title=(title or "").strip() or model.title,
                                             kind=DocumentKind.TTHC_PROCEDURE, content=edition.content)
        procedures.save_procedure(document.revisions.get(), actor=actor, **edition_procedure(edition))
        with _public_change(actor, "model_procedures.adopt", model=model.pk, document=document.pk):
            try:
                with transaction.atomic():
                    adoption = ModelAdoption.objects.create(
                        model=model, agency=agency, document_id=document.pk, adopted_edition=edition.number,
                        taken_edition=edition.number, notified_edition=edition.number, adopted_by=actor)
            except IntegrityError:  # adopted meanwhile by a colleague
                raise DomainError("already_adopted", _(
                    "This agency has already adopted model %(code)s: open its procedure instead.")
                    % {"code": model.code}) from None
        indicators_changed()
    return adoption


def adoption_required(model: ModelProcedure, agency: Agency) -> ModelAdoption:
    adoption = selectors.adoption_of(model, agency) if selectors.may_adopt_here(agency) else None
    if adoption is None:
        raise DomainError("model_not_adopted", _("This agency has not adopted model %(code)s.") % {
            "code": model.code}, status_code=404)
    return adoption


def adopted_document(adoption: ModelAdoption) -> Document:
    """The agency's document (the connection must be on the adoption's agency)."""
    document = Document.objects.filter(pk=adoption.document_id).first()
    if document is None:
        raise DomainError("adopted_document_missing", _("The procedure adopted from this model no longer exists."))
    return document


def take_changes(model: ModelProcedure, *, actor) -> Revision:
    """Copy the model's latest published edition (text, spec, steps) into the agency's draft: the open draft
    when it is still editable, else a new edition. Refused while an edition is in review or approved."""
    adoption = adoption_required(model, _adopter(actor, model))
    edition = _published(model)
    document = adopted_document(adoption)
    with transaction.atomic():
        revision = open_revision(document)
        if revision is not None and not revision.is_editable:
            raise DomainError("model_edition_under_review", _(
                "Edition %(edition)s of the procedure is “%(state)s”: finish its review and approval first, then "
                "take the model's changes into a new draft.") % {"edition": revision.edition,
                                                                 "state": revision.get_state_display()})
        note = _("Changes of model procedure %(code)s, edition %(number)d") % {"code": model.code,
                                                                               "number": edition.number}
        if revision is None:
            revision = documents.start_revision(document, actor=actor, change_summary=note)
        documents.update_draft(revision, actor=actor, content=edition.content)
        procedures.save_procedure(revision, actor=actor, **edition_procedure(edition))
        with _public_change(actor, "model_procedures.take_changes", model=model.pk, edition=edition.number):
            ModelAdoption.objects.filter(pk=adoption.pk).update(
                taken_edition=edition.number, notified_edition=max(adoption.notified_edition, edition.number))
        indicators_changed()  # in the agency's schema again: its procedure is no longer behind
    revision.refresh_from_db()
    return revision


# ------------------------------------------------------------------------------------ telling the adopters

def notify_adopters(model: ModelProcedure) -> int:
    """Tell the editors of every agency that adopted `model` about its latest published edition, once per
    agency and edition (`notified_edition`, and the notification's key per person). Returns the agencies told."""
    edition = selectors.latest_published(model)
    if edition is None:
        return 0
    told = 0
    pending = model.adoptions.filter(notified_edition__lt=edition.number, agency__status=Agency.Status.ACTIVE)
    for adoption in pending.select_related("agency"):
        with in_agency(adoption.agency), translation.override(settings.LANGUAGE_CODE):
            _tell_editors(adoption, model, edition)
            indicators_changed()  # one more procedure behind its model
        ModelAdoption.objects.filter(pk=adoption.pk, notified_edition__lt=edition.number).update(
            notified_edition=edition.number)
        told += 1
    return told


def _tell_editors(adoption: ModelAdoption, model: ModelProcedure, edition: ModelEdition) -> None:
    from accounts.selectors import members
    from notifications.services import notify

    message = _("Model procedure %(code)s “%(title)s” has a new edition %(number)d: see how it differs from your "
                "procedure and take the changes into a new draft.") % {
        "code": model.code, "title": model.title, "number": edition.number}
    link = reverse("model_procedures:diff", kwargs={"pk": model.pk})
    for user in members(adoption.agency, Perm.EDIT_DOCUMENTS):
        notify(user, message, link, verb="model_edition", key=f"model-edition:{model.pk}:{edition.number}")
