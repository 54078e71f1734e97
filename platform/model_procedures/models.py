"""The province's model procedures (quy trình mẫu), published by its DOST for agencies to adopt.

One copy per province, in the public schema (a shared app, every row carries its province), like the TTHC
catalogue. A model has numbered editions: at most one draft (the DOST's, seen only by the DOST) and the
published ones, which never change. An edition holds what an agency's TTHC procedure edition holds: the
body text (sanitised HTML), the spec (procedures.TthcProcedureSpec's fields) and the step table (as JSON
rows), checked by the same rules (procedures/rules.py).

An agency that adopts a model gets its own controlled document (in its schema) and a `ModelAdoption` here,
public, so the DOST sees who adopted and a new edition's notices can fan out. The adoption names the
agency's document by its plain id: no foreign key leaves or enters an agency schema.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from procedures.models import TIME_DIGITS, TimeUnit
from tenants.models import Agency, Province


@tracked()
class ModelProcedure(models.Model):
    """A model procedure of the province, e.g. "QT-MAU-HT-01 Đăng ký khai sinh" for every commune."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="model_procedures",
                                 verbose_name=_("province"))
    code = models.CharField(pgettext_lazy("model procedure", "code"), max_length=32,
                            help_text=_("e.g. QT-MAU-HT-01"))
    title = models.CharField(pgettext_lazy("model procedure", "title"), max_length=300)
    field = models.CharField(pgettext_lazy("model procedure", "field"), max_length=200, blank=True,
                             help_text=_("lĩnh vực, e.g. Hộ tịch"))
    level = models.CharField(pgettext_lazy("model procedure", "level"), max_length=32, choices=Agency.Level.choices,
                             help_text=_("The level of agency the model is meant for"))
    # The TTHC its published edition covers (opaque codes, as the catalogue's); set on publication.
    tthc_codes = ArrayField(models.CharField(max_length=32), default=list, blank=True,
                            verbose_name=_("TTHC codes"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("model procedure")
        verbose_name_plural = _("model procedures")
        constraints = [models.UniqueConstraint(fields=["province", "code"], name="model_procedure_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


@tracked(exclude=["updated_at"])
class ModelEdition(models.Model):
    """One edition of a model: a draft the DOST is writing, or a published one (then never changed)."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("model edition", "Draft")
        PUBLISHED = "published", pgettext_lazy("model edition", "Published")

    model = models.ForeignKey(ModelProcedure, on_delete=models.CASCADE, related_name="editions",
                              verbose_name=_("model procedure"))
    number = models.PositiveSmallIntegerField(pgettext_lazy("model procedure", "edition"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    change_note = models.TextField(_("what changed in this edition"), blank=True)
    content = models.TextField(_("content"), blank=True)
    tthc_codes = ArrayField(models.CharField(max_length=32), default=list, verbose_name=_("TTHC codes"))
    legal_basis = models.TextField(pgettext_lazy("model procedure", "legal basis"), blank=True)
    dossier_components = models.TextField(_("dossier components"), blank=True)
    fees = models.TextField(_("fees and charges"), blank=True)
    where_filed = models.TextField(_("where filed"), blank=True)
    where_returned = models.TextField(_("where results are returned"), blank=True)
    time_limit = models.DecimalField(_("time limit"), null=True, blank=True, **TIME_DIGITS)
    time_unit = models.CharField(_("unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS)
    # [{number, action, responsible, time_allowed (a decimal as a string), time_unit, output}, ...]
    steps = models.JSONField(_("steps"), default=list, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model", "number"]
        verbose_name = _("model edition")
        verbose_name_plural = _("model editions")
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="model_edition_unique_number"),
            models.UniqueConstraint(fields=["model"], condition=Q(status="draft"), name="model_edition_one_draft"),
        ]
        # What agencies adopted stays as they saw it, whatever code path tries to change it.
        triggers = [pgtrigger.Protect(name="published_model_edition_frozen", operation=pgtrigger.Update,
                                      condition=pgtrigger.Q(old__status="published"))]

    def __str__(self) -> str:
        return f"{self.model_id} #{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


@tracked(exclude=["notified_edition"])  # the fan-out's bookkeeping, not anybody's change
class ModelAdoption(models.Model):
    """An agency's procedure adopted from a model: which document, from which edition, what it has taken."""

    model = models.ForeignKey(ModelProcedure, on_delete=models.PROTECT, related_name="adoptions",
                              verbose_name=_("model procedure"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="model_adoptions",
                               verbose_name=_("agency"))
    document_id = models.BigIntegerField(help_text="The agency's own document (in its schema)")
    adopted_edition = models.PositiveSmallIntegerField(_("adopted from edition"))
    # The last model edition whose changes the agency took (the adopted one, then each "take the changes").
    taken_edition = models.PositiveSmallIntegerField(_("changes taken up to edition"))
    # The last model edition the agency's editors were told about (the fan-out's idempotence).
    notified_edition = models.PositiveSmallIntegerField(default=0)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    adopted_at = models.DateTimeField(_("adopted at"), auto_now_add=True)

    class Meta:
        ordering = ["model", "agency"]
        verbose_name = _("model adoption")
        verbose_name_plural = _("model adoptions")
        constraints = [models.UniqueConstraint(fields=["model", "agency"], name="model_adoption_once")]

    def __str__(self) -> str:
        return f"{self.model_id} → {self.agency_id}"
