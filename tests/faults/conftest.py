"""Real processes for the fault drills: Celery workers that can be killed, data committed for them to see.

A worker is another process: it sees committed rows only, so each drill module works on committed data
(the session's base province plus what the drill adds) and takes back what it added (tests/committed.py).
Each worker runs with a short visibility timeout, so a message a killed worker had taken returns in seconds
rather than the production half hour (the mechanism is the same, only the clock is shorter), and with
failpoints (core/failpoints.py) that make the work slow enough to be killed in its middle.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import psutil
import pytest
from django.conf import settings

from tests.conftest import process_env

FAILPOINTS = "provisioning.row,rollup.agency,reports.figures"


class Worker:
    """One `celery worker` (prefork, one child) on the session's test database and Redis."""

    VISIBILITY_TIMEOUT = 3

    def __init__(self, extra_env: dict | None = None):
        from eiso.celery import app

        self.app = app
        self.name = f"drill-{uuid.uuid4().hex[:8]}@%h"
        extra_env = dict(extra_env or {})
        env = process_env(redis_url=extra_env.pop("REDIS_URL", None),
                          EISO_BROKER_VISIBILITY_TIMEOUT=str(self.VISIBILITY_TIMEOUT), EISO_BROKER_RESTORE_INTERVAL="1",
                          EISO_BROKER_RESTORE_THROTTLE="1", EISO_FAILPOINTS=FAILPOINTS,
                          EISO_FAILPOINT_SECONDS="0.25")
        env.update(extra_env)
        log_dir = settings.REPO_ROOT / "test-results" / "faults"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log = log_dir / f"{self.name.split('@')[0]}.log"  # read it when a drill fails
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "eiso", "worker", "-P", "prefork", "-c", "1", "-Q", "celery,fanout",
             "--without-gossip", "--without-mingle", "-l", "INFO", "-n", self.name],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log.open("wb"), start_new_session=True)
        hostname = self.name.replace("%h", os.uname().nodename)
        deadline = time.monotonic() + 90
        # Ready when it says so in its log (a ping would go through this process's broker, and a drill's
        # worker may be on a Redis of its own).
        while b"] " + hostname.encode() + b" ready." not in self.log.read_bytes():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                pytest.fail(f"the Celery worker did not start; see {self.log}")
            time.sleep(0.1)

    def children(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def kill_child(self) -> None:
        """SIGKILL the pool process running the task (what the OOM killer does); the main process lives."""
        for child in self.children():
            child.send_signal(signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the whole worker, main process and pool (a node lost, `kill -9` of the service)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    """Unblocked database access for the module; everything it added is taken back at the end."""
    from django.db import connection

    from tests.committed import CommittedData

    with django_db_blocker.unblock():
        # pytest-django creates the test database only when a selected test asks for one (`db`, a django_db
        # mark); the drills cannot (they must commit), so test_killed_workers.py opens with a test that does.
        # Without it the drills would run on the development database: refuse.
        if not connection.settings_dict["NAME"].startswith("test_"):
            pytest.fail("no test database: select test_the_drills_run_on_the_test_database too")
        snapshot = CommittedData()
        try:
            yield
        finally:
            snapshot.restore()


@pytest.fixture
def workers():
    """Start workers with `workers()`; every one still running is killed at the end of the test."""
    started: list[Worker] = []

    def start(**env) -> Worker:
        worker = Worker(env)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


def wait_for(condition, seconds: float, what: str, step: float = 0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    pytest.fail(f"{what}: not within {seconds} s")
