"""The eISO Django project: settings, URL maps, the Celery app and the local-services runner.

`platform/` is a source root on the import path, never a package, so nothing is ever imported as
`platform` (which would shadow the standard library module that Celery and Sentry use).
"""
from .celery import app as celery_app

__all__ = ["celery_app"]
