"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import os

import click

DEFAULT_DB = "newsdesk.db"

db_option = click.option(
    "--db",
    "db",
    default=lambda: os.environ.get("NEWSDESK_DB", DEFAULT_DB),
    show_default=f"$NEWSDESK_DB or ./{DEFAULT_DB}",
    help="SQLite database file to use.",
)


def open_db(db: str):
    from newsdesk.store import open_store

    return open_store(db)
