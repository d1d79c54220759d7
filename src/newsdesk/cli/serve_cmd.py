"""`serve`: the newsroom web app over the store."""

from __future__ import annotations

import os

import click

from newsdesk.cli.common import db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but the loopback needs --token.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token", envvar="NEWSDESK_TOKEN", default=None,
              help="Secret every request must carry (Authorization: Bearer …, or ?token=… once in a browser). "
                   "Required off the loopback. [env: NEWSDESK_TOKEN]")
@click.option("--sample/--no-sample", default=True, show_default=True,
              help="Store the bundled sample (examples/seeds) when the database is missing or empty.")
@click.option("--search-workers", default=0, show_default=True, type=click.IntRange(0, 16),
              help="Processes that rank searches not answered before; 0 ranks them in the server's own "
                   "process (best on two cores).")
@click.option("--processes", default=None, type=click.IntRange(1, 16),
              help="Processes answering requests on the port; the first also runs the one writer, the "
                   "others forward writes to it.  [default: 2, or 1 on a one-core machine]")
@click.option("--access-log", is_flag=True, help="Log every request.")
def serve(db: str, host: str, port: int, token: str | None, sample: bool, search_workers: int,
          processes: int | None, access_log: bool) -> None:
    """Serve the web app: stories, briefs, articles, search and add, with a JSON API.

    Pages: / (stories), /stories/ID, /articles/ID, /search?q=, /add. API under /api/
    (documented at /api/docs). Binds 127.0.0.1 by default; binding another address needs a
    token, which every request must then carry. Adding runs in the background, one writer at
    a time, while the pages keep answering. Stop with Ctrl-C.
    """
    from newsdesk.web.config import WebConfig
    from newsdesk.web.safety import check_bind

    check_bind(host, token)
    if sample:
        from newsdesk.web.sample import ensure_sample

        built = ensure_sample(db)
        if built:
            click.echo(f"built the sample store in {db} from {built[0]} ({built[1]} articles)", err=True)
    from functools import partial

    import uvicorn

    from newsdesk.web import create_app
    from newsdesk.web.processes import run_uvicorn, serve_processes

    processes, writer_nice = serving_processes(processes, os.cpu_count() or 1)
    config = WebConfig(db=db, host=host, port=port, token=token, search_workers=search_workers,
                       writer_nice=writer_nice)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}/"
    click.echo(f"newsdesk: serving {db} at {url}" + (" (token required)" if token else "")
               + (f" from {processes} processes" if processes > 1 else "") + "  (Ctrl-C to stop)", err=True)
    run = partial(run_uvicorn, access_log=access_log)
    if processes > 1:
        serve_processes(config, processes, run)
    else:
        uvicorn.run(create_app(config), host=host, port=port, log_level="warning", access_log=access_log,
                    server_header=False)


def serving_processes(asked: int | None, cores: int) -> tuple[int, int]:
    """The processes that answer requests (``asked``, else two where there are two cores) and the
    writer's nice value: the writer yields to the reads only while they leave it a core
    (with every core answering, a niced writer starved: bench/serve.py got 2 adds in 20 s)."""
    from newsdesk.web.config import WebConfig

    processes = asked if asked is not None else min(2, cores)
    return processes, (WebConfig.writer_nice if processes < cores else 0)


COMMANDS = [serve]
