"""The `newsdesk` command line. Library errors are translated here, once, into `Error: …`."""

from __future__ import annotations

import sys

import click

from newsdesk import __version__
from newsdesk.errors import NewsdeskError


class _Group(click.Group):
    """A click group that prints named library errors as one line and exits 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NewsdeskError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # output piped into `head` and the like: nothing to say
            sys.exit(1)
        except OSError as exc:  # a file that cannot be written or read: one line, no traceback
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"Error: {exc.strerror or type(exc).__name__}{where}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
def main() -> None:
    """newsdesk: read many articles about one event and write one trustworthy story brief."""


def _register() -> None:
    from newsdesk.cli import articles_cmds, batch_cmds, brief_cmds, story_cmds, watch_cmds
    from newsdesk.cli import config_cmd, serve_cmd

    for module in (articles_cmds, brief_cmds, story_cmds, batch_cmds, watch_cmds, serve_cmd, config_cmd):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
