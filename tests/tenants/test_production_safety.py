"""Production settings refuse placeholder secrets and the demo province (its operator `admin` and its
published password can never be created there)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = secrets.token_urlsafe(50)
GOOD_DATABASE_URL = f"postgresql://eiso:{secrets.token_urlsafe(16)}@db.invalid:5432/eiso"


def _base_default_key() -> str:
    import re

    source = (ROOT / "platform/eiso/settings/base.py").read_text()
    return re.search(r'SECRET_KEY = env_str\("SECRET_KEY", "([^"]*)"\)', source).group(1)


def _production(code: str, **env) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter under eiso.settings.prod; nothing is connected to."""
    environment = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DATABASE_URL"}}
    environment.update(DJANGO_SETTINGS_MODULE="eiso.settings.prod", PYTHONPATH=f"{ROOT / 'platform'}{os.pathsep}{ROOT}",
                       SECRET_KEY=GOOD_KEY, DATABASE_URL=GOOD_DATABASE_URL, REDIS_URL="redis://redis.invalid:6379/0")
    environment.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=120)


def test_production_settings_load_with_real_secrets_and_turn_the_demo_off():
    done = _production("import django; from django.conf import settings; django.setup(); "
                       "print(settings.EISO_DEMO_ALLOWED)", EISO_DEMO_ALLOWED="true")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("False")  # the environment cannot turn the demo back on


@pytest.mark.parametrize("key", [
    "",
    _base_default_key(),                        # base.py's default for development
    "compose-only-secret-change-me",            # the compose file's old default
    "Xk29-short-but-random",                    # too short
    "change-me-" + "a1b2c3d4e5" * 5,            # long, still a stand-in
    "a" * 60,                                   # long, one character
], ids=["empty", "base-default", "compose", "short", "change-me-padded", "repetitive"])
def test_production_settings_refuse_a_placeholder_secret_key(key):
    done = _production("import eiso.settings.prod", SECRET_KEY=key)
    assert done.returncode != 0
    assert "Production settings refuse to start: SECRET_KEY" in done.stderr, done.stderr[-2000:]


def test_production_settings_refuse_the_chart_and_compose_database_passwords():
    chart = yaml.safe_load((ROOT / "helm/eiso/values.yaml").read_text())["secrets"]["databaseUrl"]
    for url in (chart, "postgresql://eiso:eiso@db:5432/eiso"):
        done = _production("import eiso.settings.prod", DATABASE_URL=url)
        assert done.returncode != 0
        assert "DATABASE_URL carries a placeholder password" in done.stderr, done.stderr[-2000:]
        assert "SECRET_KEY" not in done.stderr.splitlines()[-1]  # only what is wrong is named


def test_seed_demo_command_refuses_under_production_settings():
    done = _production("import sys; from django.core.management import execute_from_command_line; "
                       "execute_from_command_line(['manage.py', 'seed_demo', '--communes', '1'])")
    assert done.returncode != 0
    assert "refused under production settings" in done.stderr, done.stderr[-2000:]


@pytest.mark.django_db
def test_demo_seeding_raises_when_the_settings_forbid_it(settings):
    from accounts.models import User
    from demo.people import PLATFORM_OPERATOR
    from demo.services import DemoNotAllowed, seed_demo_province

    settings.EISO_DEMO_ALLOWED = False
    with pytest.raises(DemoNotAllowed, match="production settings"):
        seed_demo_province(commune_limit=1, starter_packs=False)
    with pytest.raises(CommandError, match="production settings"):
        call_command("seed_demo", "--communes", "1", "--no-starter-packs")
    assert not User.objects.filter(username=PLATFORM_OPERATOR).exists()


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_settings_refuse_to_start_without_a_service_url(missing):
    """No embedded database or Redis in production: an empty one would look like a wiped province."""
    environment = {key: value for key, value in os.environ.items() if key != missing}
    done = subprocess.run([sys.executable, "-c", "import eiso.settings.prod"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={**environment, "DJANGO_SETTINGS_MODULE": "eiso.settings.prod", "SECRET_KEY": GOOD_KEY,
                               "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}",
                               **({"DATABASE_URL": GOOD_DATABASE_URL} if missing != "DATABASE_URL" else {}),
                               **({"REDIS_URL": "redis://redis.invalid:6379/0"} if missing != "REDIS_URL" else {})})
    assert done.returncode != 0
    assert f"{missing} is not set: production settings never start an embedded service" in done.stderr, \
        done.stderr[-2000:]


@pytest.mark.parametrize("entry", ["eiso.wsgi", "eiso.celery"])
def test_server_entry_points_default_to_production_settings(entry):
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", f"import {entry}; import django; django.setup(); from django.conf import settings; "
                               "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.SECURE_SSL_REDIRECT)"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**environment, "SECRET_KEY": GOOD_KEY, "DATABASE_URL": GOOD_DATABASE_URL,
             "REDIS_URL": "redis://redis.invalid:6379/0", "PYTHONPATH": f"{ROOT / 'platform'}{os.pathsep}{ROOT}"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-3:] == ["eiso.settings.prod", "False", "True"]


def test_django_deployment_check_passes_under_production_settings():
    """`manage.py check --deploy` with warnings as errors: HTTPS redirect, HSTS for every agency's subdomain,
    secure cookies, a real key. Only the probes' /healthz is exempt from the redirect."""
    done = _production("import sys; from django.core.management import execute_from_command_line; "
                       "execute_from_command_line(['manage.py', 'check', '--deploy', '--tag', 'security', "
                       "'--fail-level', 'WARNING'])")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "no issues" in done.stdout + done.stderr
