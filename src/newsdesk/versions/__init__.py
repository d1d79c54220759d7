"""Story versions and "What changed".

Each time a stored story's articles change (new articles, or an article whose page changed), a
new version of its brief facts is recorded: `newsdesk watch` records one for every story a round
touched, and `newsdesk brief --db … --story ID` records one when the story moved since the last.
:func:`what_changed` compares the current facts with a base version: the previous version by
default, a given version (``--since 3``), or the story as it stood at a time (``--since DATE``).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from newsdesk.errors import NotFoundError
from newsdesk.reconcile.model import StoryBrief
from newsdesk.records import Article
from newsdesk.versions import history
from newsdesk.versions.diff import diff_facts
from newsdesk.versions.facts import EMPTY, article_signature, facts_of
from newsdesk.versions.model import StoryChanges

__all__ = ["StoryChanges", "attach_changes", "record_version", "record_versions", "what_changed", "changed_since"]


def _brief_of(articles: Sequence[Article]) -> StoryBrief:
    from newsdesk.pipeline import brief_from_articles, one_story

    return brief_from_articles(list(articles), grouper=one_story).stories[0]


def _members(store, story: str) -> list[Article]:
    from newsdesk.cluster.persist import story_members

    return list(store.iter_articles(story_members(store, story)))


def record_version(store, story: str, articles: Sequence[Article] | None = None,
                   brief: StoryBrief | None = None) -> history.Version | None:
    """Record the story's current facts when its articles changed since the latest version;
    returns the current version (None for a story without articles)."""
    articles = list(articles) if articles is not None else _members(store, story)
    if not articles:
        return None
    signature = article_signature(articles)
    last = history.latest(store, story)
    if last is not None and last.articles == signature:
        return last
    brief = brief or _brief_of(articles)
    return history.insert(store, story, signature, facts_of(brief, {a.id: a for a in articles}))


def record_versions(store, stories: Iterable[str]) -> list[history.Version]:
    out = []
    for story in dict.fromkeys(stories):
        version = record_version(store, story)
        if version is not None:
            out.append(version)
    return out


def what_changed(store, story: str, brief: StoryBrief, articles: Sequence[Article],
                 since: str | None = None, *, mark_seen: bool = False) -> StoryChanges:
    """What changed in ``story`` (whose current brief is ``brief``) since ``since``: a version
    number (``3``, ``v3``), a date or date-time, or an age (``2h``); None: since the version a brief
    last showed (with ``mark_seen``: what a reader of the briefs last saw), else the previous one.
    ``mark_seen`` records the current version as seen."""
    current = record_version(store, story, articles, brief)
    if since is None:
        last = history.seen(store, story) if mark_seen else None
        if last is not None and last[0] < current.version and (base := history.get(store, story, last[0])):
            label = (f"you last looked ({last[1][:16].replace('T', ' ')} UTC, version {base.version})")
        else:
            base = history.get(store, story, current.version - 1) if current.version > 1 else None
            label = f"version {base.version} ({base.created_at[:16].replace('T', ' ')} UTC)" if base else ""
        if mark_seen:
            history.mark_seen(store, story, current.version)
        if base is None:
            return _first(store, story, current)
        return _diff(base.facts, current, label, base)
    changes = _since(store, story, current, articles, since)
    if mark_seen:
        history.mark_seen(store, story, current.version)
    return changes


def _since(store, story: str, current: history.Version, articles: Sequence[Article], since: str) -> StoryChanges:
    number, when = history.parse_since(since)
    if number is not None:
        base = history.get(store, story, number)
        if base is None:
            raise NotFoundError(f"story {story!r} has no version {number} (it has 1–{current.version})")
        label = f"version {base.version} ({base.created_at[:16].replace('T', ' ')} UTC)"
        return _diff(base.facts, current, label, base)
    base = history.at_or_before(store, story, when)
    label = when[:16].replace("T", " ") + " UTC"
    if base is not None:
        return _diff(base.facts, current, f"{label} (version {base.version})", base)
    # no version that old: the story as its articles stored by then make it
    older = [a for a in articles if a.id in history.articles_added_by(store, when)]
    if not older:
        return _diff(EMPTY, current, f"{label} (the story did not exist yet)", None, old_signature={})
    facts = facts_of(_brief_of(older), {a.id: a for a in older})
    return _diff(facts, current, f"{label} (its {len(older)} articles stored by then)", None,
                 old_signature=article_signature(older))


def attach_changes(store, story: str, brief, articles: Sequence[Article], since: str | None = None):
    """``brief`` (the one-story brief of stored story ``story``) with its "What changed" since the
    reader last looked (or ``since``); the current version becomes the one last looked at."""
    from dataclasses import replace

    if not brief.stories:
        return brief
    changes = what_changed(store, story, brief.stories[0], articles, since, mark_seen=True)
    return replace(brief, changes={**brief.changes, brief.stories[0].id: changes})


def _first(store, story: str, current: history.Version) -> StoryChanges:
    """The first version of a story: nothing to compare, unless its articles were in other
    stories before (a story cut from another): then what they said there is the base."""
    from newsdesk.versions.facts import merge, restrict

    members = set(current.articles)
    parents = history.parents(store, story, members, current)
    if not parents:
        return StoryChanges(story, current.version, "nothing earlier", first=True)
    old = merge([restrict(p.facts, members & set(p.articles)) for p in parents])
    signature = {a: h for p in parents for a, h in p.articles.items() if a in members}
    label = " and ".join(f"{p.story} version {p.version}" for p in parents)
    return diff_facts(old, current.facts, story=story, version=current.version,
                      since=f"{label} (where {len(signature)} of its articles were)", old_signature=signature,
                      new_signature=current.articles)


def _diff(old: dict, current: history.Version, label: str, base: history.Version | None,
          old_signature: dict | None = None) -> StoryChanges:
    return diff_facts(old, current.facts, story=current.story, version=current.version, since=label,
                      base_version=base.version if base else None, base_time=base.created_at if base else None,
                      old_signature=base.articles if base else old_signature, new_signature=current.articles)


def changed_since(store, since: str) -> dict[str, int]:
    """Stored stories that moved since ``since`` (a date, date-time or age): story id -> number of
    articles added since then (stories with a new version and no new article count 0)."""
    from newsdesk.cluster.persist import list_stories, story_members

    number, when = history.parse_since(since)
    if number is not None:
        from newsdesk.errors import NewsdeskError

        raise NewsdeskError("--changed-since takes a date, a date-time or an age (2h, 1d), not a version")
    added = set(history.articles_added_since(store, when))
    out = {sid: 0 for sid in history.versions_since(store, when)}
    if added:
        for row in list_stories(store):
            n = sum(1 for a in story_members(store, row.id) if a in added)
            if n:
                out[row.id] = n
    return out
