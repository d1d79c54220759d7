"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

DEFAULT_DB = "newsdesk.db"

db_option = click.option(
    "--db",
    "db",
    default=lambda: os.environ.get("NEWSDESK_DB", DEFAULT_DB),
    show_default=f"$NEWSDESK_DB or ./{DEFAULT_DB}",
    help="Database: a SQLite file, or a postgresql:// URL (the postgres extra).",
)


def open_db(db: str):
    from newsdesk.store import open_store

    check_db(db)
    return open_store(db)


allow_private_option = click.option(
    "--allow-private/--no-allow-private",
    default=True,
    show_default=True,
    help="Fetch URLs on loopback, private and link-local addresses. On by default for this local "
    "command line (your own machine, your own network); use --no-allow-private when the URLs come "
    "from someone else (the library and the web app refuse them by default). Checked again after "
    "every redirect.",
)


def read_limits(allow_private: bool):
    """Read limits for a CLI run: NEWSDESK_<FIELD> environment variables, then the URL policy."""
    from newsdesk.errors import NewsdeskError
    from newsdesk.ingest.limits import ReadLimits

    try:
        return ReadLimits.from_env(allow_private=allow_private)
    except ValueError as exc:
        raise NewsdeskError(str(exc)) from None


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def plain(text: object) -> str:
    """Text from the data as one terminal line: control characters (escape sequences, newlines)
    replaced by a space."""
    return _CONTROL.sub(" ", str(text))


def cell(text: object) -> str:
    """Text from the data for a rich table or a rich print: control characters removed and rich
    markup escaped, so that a title like ``Breaking [/] news`` or ``[link=file:///…]`` prints as it
    is written."""
    from rich.markup import escape

    return escape(plain(text))


def check_output(path: str) -> None:
    """Raise a NewsdeskError now, before any work, when ``path`` cannot be written: its folder is
    missing or not a folder, it is a folder, or it is not writable."""
    from newsdesk.errors import NewsdeskError

    target = Path(path).expanduser()
    folder = target.parent
    if target.is_dir():
        raise NewsdeskError(f"cannot write {path}: it is a folder")
    if not folder.exists():
        raise NewsdeskError(f"cannot write {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise NewsdeskError(f"cannot write {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise NewsdeskError(f"cannot write {path}: permission denied")
    existed = target.exists()
    try:  # what access() cannot tell: a read-only file system, /proc, a full quota
        with open(target, "ab"):
            pass
    except OSError as exc:
        raise NewsdeskError(f"cannot write {path}: {exc.strerror or 'not writable'}") from None
    finally:
        if not existed and target.exists():
            target.unlink()


def check_db(db: str) -> None:
    """Raise a NewsdeskError when the database path names a folder or lies under a file."""
    from newsdesk.errors import NewsdeskError

    if db.startswith(("postgresql://", "postgres://")):
        return
    target = Path(db.removeprefix("sqlite:///")).expanduser()
    if target.is_dir():
        raise NewsdeskError(f"cannot open database {db}: it is a folder")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise NewsdeskError(f"cannot open database {db}: {parent} is not a folder")
            break
