"""The state of what eISO needs to work: the database, Redis and at least one live Celery worker.

`/healthz` answers every host (probes arrive with whatever Host header the platform sends) without holding
the request: workers announce themselves in Redis every few seconds (core.heartbeat), so the check reads a
key instead of pinging over the broker. The answer is a status only — "ok", "degraded" (the web serves and
saves, but Redis or every worker is down: queued work waits) or "unavailable" (no database: 503) — and the
per-check figures only for callers holding EISO_HEALTH_TOKEN; never an exception's text, which would tell
anyone the database host, driver and versions. Failures are logged instead.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)

HEARTBEAT_PREFIX = "eiso:worker-alive:"
HEARTBEAT_SECONDS = 10
HEARTBEAT_TTL = 3 * HEARTBEAT_SECONDS


def _timed(name: str, probe) -> dict:
    started = time.monotonic()
    try:
        probe()
    except Exception:  # noqa: BLE001 - any failure is the answer; its text goes to the log only
        log.warning("health check %s failed", name, exc_info=True)
        return {"ok": False}
    return {"ok": True, "ms": round(1000 * (time.monotonic() - started), 1)}


def redis_client():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)


def check_database() -> dict:
    def probe():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return _timed("database", probe)


def check_redis() -> dict:
    return _timed("redis", lambda: redis_client().ping())


def live_workers() -> int:
    """Workers whose heartbeat key has not expired (each renews its own every HEARTBEAT_SECONDS)."""
    client = redis_client()
    return sum(1 for _key in client.scan_iter(match=f"{HEARTBEAT_PREFIX}*", count=100))


def check_workers() -> dict:
    try:
        workers = live_workers()
    except Exception:  # noqa: BLE001
        log.warning("health check workers failed", exc_info=True)
        return {"ok": False, "workers": 0}
    return {"ok": workers > 0, "workers": workers}


def health() -> tuple[str, dict]:
    """("ok" | "degraded" | "unavailable", the checks)."""
    checks = {"database": check_database(), "redis": check_redis()}
    checks["celery"] = check_workers() if checks["redis"]["ok"] else {"ok": False, "workers": 0}
    if not checks["database"]["ok"]:
        return "unavailable", checks
    return ("ok" if all(check["ok"] for check in checks.values()) else "degraded"), checks
