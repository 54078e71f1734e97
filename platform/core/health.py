"""The state of what eISO needs to work: the database, Redis and at least one Celery worker."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True, "ms": round(1000 * (time.monotonic() - started), 1)}
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return {"ok": False, "error": str(exc)[:200]}


def check_redis() -> dict:
    import redis

    started = time.monotonic()
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
        client.ping()
        return {"ok": True, "ms": round(1000 * (time.monotonic() - started), 1)}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)[:200]}


def check_celery(timeout: float = 1.0) -> dict:
    from eiso.celery import app

    try:
        replies = app.control.ping(timeout=timeout) or []
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "workers": 0, "error": str(exc)[:200]}
    workers = sorted(name for reply in replies for name in reply)
    return {"ok": bool(workers), "workers": len(workers)}


def health() -> tuple[bool, dict]:
    checks = {"database": check_database(), "redis": check_redis()}
    checks["celery"] = check_celery() if checks["redis"]["ok"] else {"ok": False, "workers": 0,
                                                                      "error": "redis is down"}
    return all(check["ok"] for check in checks.values()), checks
