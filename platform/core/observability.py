"""Sentry, on when SENTRY_DSN is set, with the tenant as a tag on requests and Celery tasks."""

from __future__ import annotations


def init_sentry(dsn: str, environment: str) -> bool:
    if not dsn:
        return False
    import sentry_sdk
    from celery.signals import task_prerun
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(dsn=dsn, environment=environment, integrations=[DjangoIntegration(), CeleryIntegration()],
                    send_default_pii=False, traces_sample_rate=0.0)

    @task_prerun.connect(weak=False)
    def _tag_task_tenant(task=None, **kwargs):
        headers = getattr(getattr(task, "request", None), "headers", None) or {}
        schema = headers.get("_schema_name") or getattr(task.request, "_schema_name", None) or "public"
        sentry_sdk.set_tag("tenant", schema)

    return True
