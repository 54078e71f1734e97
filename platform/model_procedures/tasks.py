"""Celery work of the model procedures: telling the adopting agencies about a new edition."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context


@shared_task(name="model_procedures.notify_adopters", acks_late=True)
def notify_adopters(model_id: int) -> int:
    """Idempotent: an agency already told about the latest edition is skipped (see services.notify_adopters)."""
    from . import services
    from .models import ModelProcedure

    with schema_context(get_public_schema_name()):
        model = ModelProcedure.objects.filter(pk=model_id).first()
        return services.notify_adopters(model) if model is not None else 0
