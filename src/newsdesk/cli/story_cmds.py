"""CLI commands of this area; `newsdesk.cli` registers everything listed in COMMANDS."""

COMMANDS: list = []
