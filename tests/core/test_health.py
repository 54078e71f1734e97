"""/healthz: a status any probe may read, figures only with the monitoring token, no exception text ever,
and no request held for a worker ping (workers announce themselves in Redis: core.heartbeat)."""

import pytest

from core import health

TOKEN = "giám-sát-2026"


@pytest.fixture(autouse=True)
def _no_stale_heartbeats():
    client = health.redis_client()
    for key in client.scan_iter(match=f"{health.HEARTBEAT_PREFIX}*"):
        client.delete(key)
    yield


@pytest.mark.django_db
def test_without_a_worker_the_web_is_degraded_but_serving(client):
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded"}  # no figures without the token


@pytest.mark.django_db
def test_figures_need_the_monitoring_token(client, settings):
    settings.EISO_HEALTH_TOKEN = TOKEN
    assert "checks" not in client.get("/healthz", HTTP_HOST="localhost",
                                      HTTP_AUTHORIZATION="Bearer wrong").json()
    checks = client.get("/healthz", HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").json()["checks"]
    assert checks["database"]["ok"] and checks["redis"]["ok"] and checks["celery"] == {"ok": False, "workers": 0}


@pytest.mark.django_db
def test_a_failure_is_told_without_its_text(client, settings, monkeypatch):
    settings.EISO_HEALTH_TOKEN = TOKEN
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    body = client.get("/healthz", HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").json()
    assert body["status"] == "degraded"
    assert body["checks"]["redis"] == {"ok": False} and body["checks"]["celery"] == {"ok": False, "workers": 0}
    assert "127.0.0.1" not in str(body) and "Error" not in str(body)


@pytest.mark.django_db
def test_no_database_is_a_503(client, monkeypatch):
    monkeypatch.setattr(health, "check_database", lambda: {"ok": False})
    response = client.get("/healthz", HTTP_HOST="so-tu-phap.localhost")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_ok_once_a_real_worker_beats(client, settings, agency_a, celery_worker_process):
    import time

    settings.EISO_HEALTH_TOKEN = TOKEN
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and health.live_workers() == 0:
        time.sleep(0.2)
    response = client.get("/healthz", HTTP_HOST="so-tu-phap.localhost", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok" and response.json()["checks"]["celery"]["workers"] >= 1
