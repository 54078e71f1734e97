"""The Celery app. Tasks are tenant-aware: a task sent while a tenant schema is active runs in it."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.dev")

app = CeleryApp("eiso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {}

import core.heartbeat  # noqa: E402,F401 - a worker announces itself to /healthz (after the app exists)
