"""`stories`: the stories that `newsdesk add` sorted the stored articles into."""

from __future__ import annotations

import json

import click

from newsdesk.cli.common import cell, db_option, open_db


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return ""
    first, last = first[:10], (last or first)[:10]
    return first if first == last else f"{first} – {last}"


@click.command()
@db_option
@click.option("--limit", default=100, show_default=True, help="At most this many stories (largest first).")
@click.option("--members", is_flag=True, help="Also list each story's article ids.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@click.option("--changed-since", "changed_since", metavar="WHEN",
              help="Only stories that moved since WHEN (a date, 2024-11-01T10:00, or an age: 2h, 1d):"
                   " new articles or a new version of their facts.")
@click.option("--history", is_flag=True,
              help="Instead, list the articles that moved between stories (a story cut in two, two stories"
                   " merged, an article re-assigned after its text changed), newest first.")
def stories(db: str, limit: int, members: bool, as_json: bool, changed_since: str | None = None,
            history: bool = False) -> None:
    """List the stories of the stored articles, largest first.

    Each row: story id, number of articles, outlets, date span of the articles that have a
    publication date, title (the title of the story's most central article, or its top terms),
    and how many duplicate / shared-copy relations link its articles. Stories are assigned by
    `newsdesk add` as articles arrive (see `newsdesk add --help`).
    """
    from newsdesk.cluster.persist import list_stories, story_members

    if history:
        _history(db, limit, as_json)
        return
    with open_db(db) as store:
        moved = None
        if changed_since:
            from newsdesk.versions import changed_since as stories_moved

            moved = stories_moved(store, changed_since)
        rows = list_stories(store, limit if moved is None else None)
        if moved is not None:
            rows = [row for row in rows if row.id in moved][:limit]
        ids = {row.id: story_members(store, row.id) for row in rows} if members else {}
    if as_json:
        for row in rows:
            record = {
                "id": row.id, "size": row.size, "title": row.title, "outlets": list(row.outlets),
                "first_published": row.first_published, "last_published": row.last_published,
                "top_terms": list(row.top_terms), "relations": row.relations,
            }
            if members:
                record["articles"] = ids[row.id]
            if moved is not None:
                record["new_articles"] = moved[row.id]
            click.echo(json.dumps(record, ensure_ascii=False))
        return
    if not rows and moved is not None:
        click.echo(f"no story changed since {changed_since}")
        return
    if not rows:
        click.echo("no stories yet (add articles with `newsdesk add`)")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("story", "articles", "outlets", "dates", "title", "copies")
    for row in rows:
        outlets = ", ".join(row.outlets[:3]) + (f" +{len(row.outlets) - 3}" if len(row.outlets) > 3 else "")
        table.add_row(*map(cell, (row.id, str(row.size), outlets, _span(row.first_published, row.last_published),
                                  row.title or "", str(row.relations))))
        if members:
            table.add_row("", "", "", "", cell(", ".join(ids[row.id])), "")
    Console().print(table)


def _history(db: str, limit: int, as_json: bool) -> None:
    from newsdesk.cluster.persist import story_history

    with open_db(db) as store:
        moves = story_history(store, limit=limit)
    if as_json:
        for move in moves:
            click.echo(json.dumps({"at": move.at, "event": move.event, "article": move.article,
                                   "from": move.from_story, "to": move.to_story}, ensure_ascii=False))
        return
    if not moves:
        click.echo("no article has moved between stories")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("when", "event", "article", "from", "to")
    for move in moves:
        table.add_row(move.at[:19], move.event, cell(move.article), move.from_story or "", move.to_story or "")
    Console().print(table)


COMMANDS = [stories]
