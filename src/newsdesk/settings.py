"""The effective settings of every stage, in one place (``newsdesk config``).

Each stage keeps its tuned numbers in its own frozen config dataclass, next to the code that uses
them; this module only lists them, so that a user (and a bug report) can see every value in force,
environment overrides included. A setting is changed where it lives: by constructing the stage's
config with other values (library users), or by the environment variable a config reads
(``NEWSDESK_<FIELD>`` for the read limits).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib import import_module
from typing import Any

# stage -> (module, factory name, what it governs); imported only when asked for
STAGES: dict[str, tuple[str, str, str]] = {
    "ingest": ("newsdesk.ingest.limits", "ReadLimits.from_env", "reading: sizes, time limits, URL policy (NEWSDESK_<FIELD>)"),
    "clean.detectors": ("newsdesk.clean.detector_config", "DetectorConfig", "cleaning: line shapes of each class of page chrome, bylines, credit and date lines"),
    "clean.header": ("newsdesk.clean.metadata", "HeaderConfig", "cleaning: where the headline, byline, dateline and tags are looked for"),
    "clean.repeats": ("newsdesk.clean.paragraphs", "RepeatConfig", "cleaning: when a repeated paragraph is dropped"),
    "clean.classify": ("newsdesk.clean.classify", "Params", "cleaning: the line classifier's length and stop-word thresholds"),
    "cluster.stories": ("newsdesk.cluster.stories", "StoryConfig", "story clustering: join and split thresholds, term caps, time"),
    "cluster.copy": ("newsdesk.cluster.dedup", "CopyConfig", "duplicates and shared wire copy: shingles, MinHash LSH, passages"),
    "watch": ("newsdesk.watch.config", "WatchConfig", "newsdesk watch: politeness, back-off, rounds"),
    "web": ("newsdesk.web.config", "WebConfig", "newsdesk serve: host, limits, workers"),
    "search": ("newsdesk.store.search", "SearchConfig.from_env",
               "full-text search: matches ranked at most (the newest; NEWSDESK_SEARCH_RANK_WINDOW), snippet words"),
}
# constructor arguments a config needs that have no default (the database is chosen per command)
_REQUIRED: dict[str, dict[str, Any]] = {"web": {"db": "$NEWSDESK_DB or ./newsdesk.db"}}


def _factory(module: str, name: str) -> Callable[[], Any]:
    obj: Any = import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return repr(value)


def effective_settings() -> dict[str, dict[str, Any]]:
    """Stage -> {setting: value in force}."""
    out: dict[str, dict[str, Any]] = {}
    for stage, (module, name, _) in STAGES.items():
        config = _factory(module, name)(**_REQUIRED.get(stage, {}))
        out[stage] = {f.name: _plain(getattr(config, f.name)) for f in dataclasses.fields(config)}
    return out


def descriptions() -> dict[str, str]:
    return {stage: about for stage, (_, _, about) in STAGES.items()}
