"""`make demo`: the whole of eISO on one machine, with one command, stopped cleanly by Ctrl-C.

    python deploy/devserver.py demo [--port 8000] [--no-seed]

Without DATABASE_URL / REDIS_URL this process starts embedded PostgreSQL and Redis under var/ and hands
their URLs to its children, so it is the only holder of the embedded server: the children never start or
stop it. It then brings the database up to date (`migrate_agencies`), seeds the demo province of Vĩnh Long
(idempotently: a second run creates nothing), prints the demo accounts and runs the web server, a Celery
worker and Celery beat as child processes. Once the worker answers it queues a refresh of every agency's
rollup row, so the supervisor's dashboard has numbers.

Ctrl-C or SIGTERM stops the children (each runs in its own session, so the terminal's Ctrl-C reaches only
this process, which stops them in order), then this process exits normally: its atexit hooks stop the
Redis it started and release embedded PostgreSQL, which the last holder stops (TOOLCHAIN.md: a holder
killed by a signal never cleans up, hence no signal is allowed to kill this process).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
PLATFORM_DIR = REPO_ROOT / "platform"
for path in (str(REPO_ROOT), str(PLATFORM_DIR)):
    if path not in sys.path:
        sys.path.insert(0, path)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 15


class Stop(Exception):
    """Raised in the main thread by a stop signal, so `finally` blocks stop the children."""


_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[eiso demo +{time.monotonic() - _STARTED:5.1f}s] {message}", flush=True)


def _raise_stop(signum, frame):  # noqa: ARG001
    raise Stop(signal.Signals(signum).name)


def _note_signal(signum, frame):  # noqa: ARG001
    log(f"{signal.Signals(signum).name} received again: still stopping, please wait")


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def start_services() -> None:
    """Embedded PostgreSQL and Redis for whatever URL is not given, exported to the children."""
    from eiso.localservices import data_dir, embedded_postgres_url, embedded_redis_url

    if not os.environ.get("DATABASE_URL"):
        started = time.monotonic()
        os.environ["DATABASE_URL"] = embedded_postgres_url(os.environ.get("EISO_DB_NAME") or "eiso")
        log(f"PostgreSQL (embedded, {data_dir() / 'pgdata'}) ready in {time.monotonic() - started:.1f} s")
    if not os.environ.get("REDIS_URL"):
        port = int(os.environ.get("EISO_REDIS_PORT") or 6390)
        os.environ["REDIS_URL"] = embedded_redis_url(port)
        log(f"Redis (embedded) on 127.0.0.1:{port}")


def migrate() -> None:
    """Shared tables, the public tenant, the template and any agency schema that lags behind."""
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate_agencies")
    log(f"database up to date in {time.monotonic() - started:.1f} s")


def seed(base_url: str) -> None:
    from demo.management.commands.seed_demo import account_examples
    from demo.people import accounts_table
    from demo.services import seed_demo_province

    logging.getLogger("tenants.provisioning").setLevel(logging.WARNING)  # one line per agency is too much
    report = seed_demo_province(progress=log)
    log(f"demo province of Vĩnh Long: {report.summary()}")
    if report.starter_pack_note:
        log(report.starter_pack_note)
    print("\n" + accounts_table(account_examples(), base_url) + "\n", flush=True)


def _die_with_parent() -> None:
    """In the child: get SIGTERM if this runner dies without stopping it (e.g. SIGKILL)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the runner still stops its children on every normal path
        pass


class Children:
    """The web server, worker and beat, each in its own session so Ctrl-C reaches only the runner."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.procs: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str]) -> None:
        proc = subprocess.Popen([sys.executable, *args], cwd=REPO_ROOT, env=self.env, start_new_session=True,
                                preexec_fn=_die_with_parent)
        self.procs.append((name, proc))
        log(f"started {name} (pid {proc.pid})")

    def exited(self) -> tuple[str, int] | None:
        for name, proc in self.procs:
            if proc.poll() is not None:
                return name, proc.returncode
        return None

    def stop(self) -> None:
        """SIGTERM all (the worker finishes its running task first), then SIGKILL each one's whole session
        (a worker's pool processes too) once they exited or GRACE_SECONDS passed."""
        for name, proc in self.procs:
            if proc.poll() is None:
                log(f"stopping {name}")
                proc.terminate()
        deadline = time.monotonic() + GRACE_SECONDS
        for name, proc in self.procs:
            try:
                proc.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop in {GRACE_SECONDS} s: killing it")
        for _name, proc in self.procs:
            try:  # the whole session: a worker's pool processes too
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


def wait_until_healthy(port: int, children: Children, timeout: float = 90) -> bool:
    """/healthz says "ok" once the database, Redis and a Celery worker all answer."""
    from eiso.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # the worker first, so /healthz is not asked while it is 503
        if children.exited():
            return False
        if app.control.ping(timeout=0.5):
            break
    while time.monotonic() < deadline:
        if children.exited():
            return False
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "localhost"})
            with urllib.request.urlopen(request, timeout=3) as response:
                if response.status == 200 and json.loads(response.read()).get("status") == "ok":
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def queue_rollup_refresh() -> None:
    from supervision.tasks import refresh_all_statuses

    refresh_all_statuses.delay()
    log("queued a rollup refresh of every agency for the supervisor's dashboard")


def demo(port: int, do_seed: bool) -> int:
    started = time.monotonic()
    if not port_is_free(port):
        log(f"port {port} is in use: stop what runs there or pass --port")
        return 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.dev")
    os.environ["EISO_PUBLIC_PORT"] = str(port)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(PLATFORM_DIR), str(REPO_ROOT)])
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    for sig in STOP_SIGNALS:
        signal.signal(sig, _raise_stop)
    children = Children(dict(os.environ))
    try:
        start_services()
        children.env = dict(os.environ)  # now with DATABASE_URL and REDIS_URL
        import django

        django.setup()
        from django.conf import settings
        from django.db import connections

        if not settings.EISO_DEMO_ALLOWED:  # e.g. DJANGO_SETTINGS_MODULE=eiso.settings.prod in the shell
            log("refused: these settings forbid the demo (EISO_DEMO_ALLOWED is off); use eiso.settings.dev")
            return 1

        migrate()
        base_url = f"http://{{slug}}localhost:{port}/"
        if do_seed:
            seed(base_url)
        connections.close_all()

        children.start("web", ["manage.py", "runserver", f"0.0.0.0:{port}", "--noreload"])
        children.start("worker", ["-m", "celery", "-A", "eiso", "worker", "-Q", "celery,fanout", "-l", "INFO",
                                  "--concurrency", "2", "-n", "demo@%h"])
        children.start("beat", ["-m", "celery", "-A", "eiso", "beat", "-l", "INFO",
                                "-s", str(REPO_ROOT / "var" / "celerybeat-schedule")])
        if not wait_until_healthy(port, children):
            ended = children.exited()
            reason = f"{ended[0]} exited with code {ended[1]}" if ended else "no healthy answer in time"
            log(f"eISO did not start: {reason} (see the log above); stopping")
            return 1
        queue_rollup_refresh()
        log(f"eISO is up in {time.monotonic() - started:.1f} s: "
            f"http://localhost:{port}/ (province page), http://so-khcn.localhost:{port}/ (DOST supervisor), "
            f"http://so-tu-phap.localhost:{port}/ (an agency). Ctrl-C stops everything.")
        while True:
            ended = children.exited()
            if ended:
                log(f"{ended[0]} exited with code {ended[1]}; stopping the rest")
                return 1
            time.sleep(0.5)
    except Stop as stop:
        log(f"{stop} received: stopping")
        return 0
    finally:
        for sig in STOP_SIGNALS:
            signal.signal(sig, _note_signal)
        children.stop()
        log("stopped; releasing PostgreSQL and Redis")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("demo", help="run eISO on the demo province")
    run.add_argument("--port", type=int, default=int(os.environ.get("EISO_DEMO_PORT") or 8000))
    run.add_argument("--no-seed", action="store_true", help="do not create the demo province")
    args = parser.parse_args(argv)
    return demo(args.port, do_seed=not args.no_seed)


if __name__ == "__main__":
    sys.exit(main())
