"""`config`: print the settings in force for every stage."""

from __future__ import annotations

import json

import click

from newsdesk.settings import STAGES  # a table of names only: imports no stage


@click.command("config")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
@click.option("--stage", help=f"Only this stage ({', '.join(STAGES)}).")
def config(as_json: bool, stage: str | None) -> None:
    """Print the effective settings of each stage (defaults and environment overrides).

    Every tuned number lives in its stage's config; this lists them all, so that a run can be
    described exactly. Read limits can be changed with NEWSDESK_<SETTING> environment variables
    (for example NEWSDESK_MAX_BYTES=20000000).
    """
    from newsdesk.errors import NewsdeskError
    from newsdesk.settings import descriptions, effective_settings

    settings = effective_settings()
    if stage is not None:
        if stage not in settings:
            raise NewsdeskError(f"unknown stage {stage!r} (choose from {', '.join(settings)})")
        settings = {stage: settings[stage]}
    if as_json:
        click.echo(json.dumps(settings, indent=2, ensure_ascii=False))
        return
    about = descriptions()
    for name, values in settings.items():
        click.echo(f"[{name}]  # {about[name]}")
        for key, value in values.items():
            click.echo(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        click.echo("")


COMMANDS: list = [config]
