"""Who holds a claim on a database (a pending add, the one watcher): this host's name, and
whether the process that made a claim still runs, so that a claim left by a dead process is
taken over."""

from __future__ import annotations

import os


def host_name() -> str:
    import socket

    return socket.gethostname()


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` on this host still runs (a zombie, killed but not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def holder_alive(pid: int, host: str) -> bool:
    """Whether the process ``pid`` on ``host`` may still run: on another host we cannot tell, so yes."""
    return host != host_name() or process_alive(pid)
