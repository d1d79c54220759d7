"""A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, reached on a
Unix socket there (nothing listens on the network), stopped and removed at the end.

``NEWSDESK_TEST_PG`` (a ``postgresql://`` URL) makes the tests use that server instead. Without
it, the server binaries of Debian's ``postgresql`` package are used (run as the ``postgres`` user
when the tests run as root, since PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def available() -> str | None:
    """Why a server cannot be had here (None: it can)."""
    if os.environ.get("NEWSDESK_TEST_PG"):
        return None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'newsdesk[postgres]')"
    if _bindir() is None:
        return "the PostgreSQL server is not installed (Debian package postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server as"
    return None


def _run(cmd: list[str], user: str | None) -> None:
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)


@contextmanager
def server() -> Iterator[str]:
    """A running server; yields the URL of its ``postgres`` database."""
    if os.environ.get("NEWSDESK_TEST_PG"):
        yield os.environ["NEWSDESK_TEST_PG"]
        return
    bindir = _bindir()
    user = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if user:
        entry = pwd.getpwnam(user)
        for p in (root, sock):
            os.chown(p, entry.pw_uid, entry.pw_gid)
    role = user or pwd.getpwuid(os.geteuid()).pw_name
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-U", role, "--auth=trust", "-E", "UTF8",
              "--no-sync", "--locale=C"], user)
        opts = f"-c listen_addresses='' -c unix_socket_directories={sock} -c fsync=off -c max_connections=40"
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-w", "-t", "60", "-l",
              str(root / "log"), "start"], user)
        try:
            yield f"postgresql://{role}@/postgres?host={sock}"
        finally:
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], user)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(base_url: str) -> str:
    """A new, empty database on the server of ``base_url``; returns its URL."""
    import psycopg

    name = "nd_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base_url.replace("/postgres?", f"/{name}?", 1) if "/postgres?" in base_url else \
        base_url.rsplit("/", 1)[0] + "/" + name
