"""Every read of the model procedures: who sees which models and editions, an agency's adoptions, the library.

- the DOST (SUPERVISE on its own site) sees every model of its province; its keepers (MANAGE_PROVINCE_CATALOGUE)
  also see the draft editions;
- a current agency of the province (VIEW_QMS on its own site) sees the models that have a published edition,
  and only their published editions;
- nobody sees another province's models.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.roles import Perm
from accounts.services import has_perm
from tenants.models import Agency

from .models import ModelAdoption, ModelEdition, ModelProcedure

PUBLISHED = ModelEdition.Status.PUBLISHED


def sees_whole_province(user, agency: Agency) -> bool:
    return agency.is_supervisor and agency.province_id is not None and has_perm(user, agency, Perm.SUPERVISE)


def can_keep(user, agency: Agency) -> bool:
    """May `user` write the province's model procedures on `agency`'s site (the services check again)."""
    return agency.is_supervisor and agency.province_id is not None and has_perm(
        user, agency, Perm.MANAGE_PROVINCE_CATALOGUE)


def may_adopt_here(agency: Agency) -> bool:
    """Agencies (not the DOST, not a historical one) adopt their province's models."""
    return (agency.kind == Agency.Kind.AGENCY and not agency.is_supervisor and agency.province_id is not None
            and agency.is_current)


def published_models(province) -> QuerySet[ModelProcedure]:
    published = ModelEdition.objects.filter(model=OuterRef("pk"), status=PUBLISHED)
    return ModelProcedure.objects.filter(province=province).filter(Exists(published))


def visible_models(user, agency: Agency) -> QuerySet[ModelProcedure]:
    if sees_whole_province(user, agency):
        return ModelProcedure.objects.filter(province_id=agency.province_id)
    if may_adopt_here(agency) and has_perm(user, agency, Perm.VIEW_QMS):
        return published_models(agency.province_id)
    return ModelProcedure.objects.none()


def visible_editions(user, agency: Agency) -> QuerySet[ModelEdition]:
    editions = ModelEdition.objects.filter(model__in=visible_models(user, agency).values("pk"))
    if not can_keep(user, agency):
        editions = editions.filter(status=PUBLISHED)
    return editions.select_related("model")


def filter_models(models: QuerySet[ModelProcedure], *, level: str = "", field: str = "",
                  q: str = "") -> QuerySet[ModelProcedure]:
    if level:
        models = models.filter(level=level)
    if field:
        models = models.filter(field__iexact=field)
    if q:
        models = models.filter(Q(code__icontains=q) | Q(title__icontains=q) | Q(tthc_codes__contains=[q]))
    return models


def fields_of(models: QuerySet[ModelProcedure]) -> list[str]:
    return list(models.exclude(field="").order_by("field").values_list("field", flat=True).distinct())


def latest_published(model: ModelProcedure) -> ModelEdition | None:
    return model.editions.filter(status=PUBLISHED).order_by("-number").first()


def draft_of(model: ModelProcedure) -> ModelEdition | None:
    return model.editions.filter(status=ModelEdition.Status.DRAFT).first()


def adoption_of(model: ModelProcedure, agency: Agency) -> ModelAdoption | None:
    return ModelAdoption.objects.filter(model=model, agency=agency).first()


def adoptions_of(model: ModelProcedure) -> QuerySet[ModelAdoption]:
    """Who adopted the model (the DOST's view), with the agency."""
    return ModelAdoption.objects.filter(model=model).select_related("agency").order_by("agency__name")


def adoption_for_document(agency: Agency, document_id: int) -> ModelAdoption | None:
    return ModelAdoption.objects.filter(agency=agency, document_id=document_id).select_related("model").first()


@dataclass
class LibraryRow:
    model: ModelProcedure
    latest: int  # the latest published edition's number (0: none yet)
    draft: bool  # the DOST is writing a new edition
    adoption: ModelAdoption | None
    adopters: int

    @property
    def behind(self) -> bool:
        """The agency adopted it and a newer edition than the one it last took is published."""
        return self.adoption is not None and self.adoption.taken_edition < self.latest


def library(models: QuerySet[ModelProcedure], agency: Agency) -> list[LibraryRow]:
    """Each model with its latest published edition, and the agency's adoption (three queries)."""
    models = list(models)
    ids = [model.pk for model in models]
    latest, drafts = {}, set()
    for model_id, number, status in ModelEdition.objects.filter(model_id__in=ids).values_list(
            "model_id", "number", "status"):
        if status == PUBLISHED:
            latest[model_id] = max(latest.get(model_id, 0), number)
        else:
            drafts.add(model_id)
    adoptions = {a.model_id: a for a in ModelAdoption.objects.filter(model_id__in=ids, agency=agency)}
    counts: dict[int, int] = {}
    for model_id in ModelAdoption.objects.filter(model_id__in=ids).values_list("model_id", flat=True):
        counts[model_id] = counts.get(model_id, 0) + 1
    return [LibraryRow(model, latest.get(model.pk, 0), model.pk in drafts, adoptions.get(model.pk),
                       counts.get(model.pk, 0)) for model in models]


def adoptions_behind(agency: Agency) -> QuerySet[ModelAdoption]:
    """The agency's adopted procedures behind their model's latest published edition."""
    newer = ModelEdition.objects.filter(model=OuterRef("model_id"), status=PUBLISHED,
                                        number__gt=OuterRef("taken_edition"))
    return ModelAdoption.objects.filter(agency=agency).filter(Exists(newer))
