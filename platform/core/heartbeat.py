"""A Celery worker says it is alive by renewing a Redis key every few seconds (core.health reads them).

Started when the worker is ready, in a daemon thread of the worker's main process; the key expires by itself
when the worker dies (kill -9 included), and is deleted at a clean shutdown.
"""

from __future__ import annotations

import logging
import threading

from celery.signals import worker_ready, worker_shutdown

from .health import HEARTBEAT_PREFIX, HEARTBEAT_SECONDS, HEARTBEAT_TTL, redis_client

log = logging.getLogger(__name__)
_stop = threading.Event()


def _key(sender) -> str:
    return HEARTBEAT_PREFIX + str(getattr(sender, "hostname", None) or "worker")


def _beat(key: str) -> None:
    while not _stop.is_set():
        try:
            redis_client().set(key, "1", ex=HEARTBEAT_TTL)
        except Exception:  # noqa: BLE001 - Redis down: the key lapses and /healthz says so
            log.warning("worker heartbeat not written", exc_info=True)
        _stop.wait(HEARTBEAT_SECONDS)


@worker_ready.connect
def start_heartbeat(sender=None, **_kwargs):
    _stop.clear()
    threading.Thread(target=_beat, args=(_key(sender),), name="eiso-heartbeat", daemon=True).start()


@worker_shutdown.connect
def stop_heartbeat(sender=None, **_kwargs):
    _stop.set()
    try:
        redis_client().delete(_key(sender))
    except Exception:  # noqa: BLE001  # nosec B110  # best effort at shutdown: the key expires by itself
        pass
