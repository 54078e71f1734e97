"""The Helm chart lints cleanly and renders what a cluster needs, through Helm's own Go SDK (helm_python)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

helm_python = pytest.importorskip("helm_python")

CHART = Path(__file__).resolve().parents[2] / "helm" / "eiso"


def render(values: dict | None = None) -> list[dict]:
    chart = helm_python.Chart.load(str(CHART))
    try:
        files = chart.render(values or {}, name="eiso", namespace="eiso")
    finally:
        chart.close()
    return [doc for name, text in files.items() if name.endswith(".yaml")
            for doc in yaml.safe_load_all(text) if doc]


def by_kind_and_name(docs: list[dict]) -> dict[tuple[str, str], dict]:
    return {(doc["kind"], doc["metadata"]["name"]): doc for doc in docs}


def container(doc: dict) -> dict:
    (only,) = doc["spec"]["template"]["spec"]["containers"]
    return only


def test_lint_finds_no_errors():
    report = helm_python.lint(str(CHART), strict=False)
    assert report["errors"] == []
    assert not [m for m in report["messages"] if m["severity"] >= 2], report["messages"]  # warnings and worse


def test_default_values_render_every_part():
    docs = by_kind_and_name(render())
    assert set(docs) == {
        ("Deployment", "eiso-web"), ("Service", "eiso-web"), ("Ingress", "eiso"),
        ("Deployment", "eiso-worker"), ("Deployment", "eiso-beat"), ("Job", "eiso-migrate"),
        ("ConfigMap", "eiso-config"), ("Secret", "eiso"),
        ("ConfigMap", "eiso-migrate-env"), ("Secret", "eiso-migrate-env"),
    }


def test_ingress_serves_the_bare_domain_and_every_agency_subdomain():
    ingress = by_kind_and_name(render({"baseDomain": "iso.vinhlong.gov.vn"}))[("Ingress", "eiso")]
    hosts = [rule["host"] for rule in ingress["spec"]["rules"]]
    assert hosts == ["iso.vinhlong.gov.vn", "*.iso.vinhlong.gov.vn"]
    assert ingress["spec"]["tls"][0]["hosts"] == hosts
    backends = {rule["http"]["paths"][0]["backend"]["service"]["name"] for rule in ingress["spec"]["rules"]}
    assert backends == {"eiso-web"}


def test_worker_beat_and_migrate_run_the_right_commands():
    docs = by_kind_and_name(render())
    worker = container(docs[("Deployment", "eiso-worker")])["args"]
    assert worker[:4] == ["celery", "-A", "eiso", "worker"]
    assert worker[worker.index("-Q") + 1] == "celery,fanout"
    assert worker[worker.index("--max-tasks-per-child") + 1] == "200"

    beat = docs[("Deployment", "eiso-beat")]
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"]["type"] == "Recreate"
    assert container(beat)["args"][3] == "beat"

    job = docs[("Job", "eiso-migrate")]
    assert container(job)["args"] == ["python", "manage.py", "migrate_agencies"]
    hooks = job["metadata"]["annotations"]["helm.sh/hook"].split(",")
    assert "pre-upgrade" in hooks and "pre-install" in hooks
    # the job's environment exists before it: hook copies of a lower weight
    env = docs[("ConfigMap", "eiso-migrate-env")]["metadata"]["annotations"]
    assert int(env["helm.sh/hook-weight"]) < int(job["metadata"]["annotations"]["helm.sh/hook-weight"])


def test_every_process_gets_the_configuration_and_the_secret():
    docs = by_kind_and_name(render({"baseDomain": "iso.vinhlong.gov.vn"}))
    config = docs[("ConfigMap", "eiso-config")]["data"]
    assert config["EISO_BASE_DOMAIN"] == "iso.vinhlong.gov.vn"
    assert config["DJANGO_SETTINGS_MODULE"] == "eiso.settings.prod"
    assert set(docs[("Secret", "eiso")]["data"]) >= {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SENTRY_DSN"}
    for name in ("eiso-web", "eiso-worker", "eiso-beat"):
        refs = container(docs[("Deployment", name)])["envFrom"]
        assert {"configMapRef": {"name": "eiso-config"}} in refs and {"secretRef": {"name": "eiso"}} in refs


def test_an_existing_secret_replaces_the_generated_one():
    docs = by_kind_and_name(render({"secrets": {"existingSecret": "eiso-prod"}}))
    assert ("Secret", "eiso") not in docs and ("Secret", "eiso-migrate-env") not in docs
    assert {"secretRef": {"name": "eiso-prod"}} in container(docs[("Job", "eiso-migrate")])["envFrom"]
    assert {"secretRef": {"name": "eiso-prod"}} in container(docs[("Deployment", "eiso-web")])["envFrom"]
