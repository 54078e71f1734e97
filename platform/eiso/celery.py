"""The Celery app. Tasks are tenant-aware: a task sent while a tenant schema is active runs in it."""

import os

from tenant_schemas_celery.app import CeleryApp

# Production unless told otherwise: a server started without settings must not run in development mode
# (DEBUG, the demo, an embedded database). `make demo`, manage.py and the tests name theirs.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.prod")

app = CeleryApp("eiso")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.beat_schedule = {}

import core.heartbeat  # noqa: E402,F401 - a worker announces itself to /healthz (after the app exists)
