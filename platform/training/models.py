"""Training (ISO 9001:2015 clauses 7.2 competence, 7.3 awareness): sessions and who attended them.

A session is planned, then held; its attendees are members of the agency (a user id, no foreign key
leaving the schema), each with whether they attended and a result or certificate note; its materials are
files in the agency's own storage folder, served only through permission-checked views. A person's
training record is every held session they attended (selectors.person_record).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from core.storage import stored_name


class TrainingKind(models.TextChoices):
    ISO_AWARENESS = "iso_awareness", _("ISO 9001 awareness")
    INTERNAL_AUDITOR = "internal_auditor", _("Internal auditor course")
    PROCEDURE = "procedure", _("Training on a procedure")
    OTHER = "other", pgettext_lazy("training kind", "Other")


class SessionState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("training session", "Planned")
    HELD = "held", pgettext_lazy("training session", "Held")


def material_upload_to(instance, filename: str) -> str:
    return stored_name("training", filename)


@tracked()
class TrainingSession(models.Model):
    topic = models.CharField(_("topic"), max_length=300)
    kind = models.CharField(_("kind of training"), max_length=24, choices=TrainingKind.choices)
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=150, help_text=_("A name; the trainer may be external"))
    trainer_organisation = models.CharField(_("trainer's organisation"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("content"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=SessionState.choices, default=SessionState.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["state", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.topic}"

    @property
    def held(self) -> bool:
        return self.state == SessionState.HELD


@tracked()
class Attendance(models.Model):
    """A member of the agency on a session: invited while it is planned; attended (or not) once held."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                             related_name="+", verbose_name=_("person"))
    name = models.CharField(_("full name"), max_length=150)
    attended = models.BooleanField(_("attended"), default=True)
    result = models.CharField(_("result or certificate"), max_length=300, blank=True,
                              help_text=_("e.g. Đạt; Chứng chỉ số 125/2026/CG"))

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="training_one_attendance")]

    def __str__(self) -> str:
        return self.name


@tracked(exclude=["uploaded_at"])
class Material(models.Model):
    """A file of the session (slides, handouts, test), in the agency's own storage folder."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(_("file"), upload_to=material_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=128)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    def __str__(self) -> str:
        return self.original_name
