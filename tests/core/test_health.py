import pytest


@pytest.mark.django_db
def test_health_reports_503_without_a_celery_worker(client):
    response = client.get("/healthz", HTTP_HOST="localhost")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["celery"]["ok"] is False


@pytest.mark.django_db
def test_health_is_200_with_database_redis_and_a_worker(client, agency_a, celery_worker_process):
    response = client.get("/healthz", HTTP_HOST="so-tu-phap.localhost")
    assert response.status_code == 200, response.content
    assert response.json()["checks"]["celery"]["workers"] >= 1
