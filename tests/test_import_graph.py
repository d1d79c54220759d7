"""The import graph keeps to the architecture (docs/architecture.md): each package imports only
the packages below it; the known exceptions are listed, and the list can only shrink."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "src" / "newsdesk"
GROUND = {"records", "errors", "textnorm", "serialize", "lexicon"}

# package -> the packages it may import (besides the ground floor)
ALLOWED: dict[str, set[str]] = {
    "records": set(), "errors": set(), "lexicon": set(), "textnorm": set(), "serialize": set(), "settings": set(),
    "ingest": set(), "clean": {"ingest"}, "store": set(), "exporting": set(), "golden_stories": set(),
    "nlp": set(),
    "cluster": {"store"},
    "reconcile": {"nlp"},
    "render": {"reconcile", "versions"},
    "evaluate": {"reconcile"},
    "add": {"ingest", "clean", "cluster", "store"},
    "pipeline": {"ingest", "clean", "cluster", "nlp", "reconcile"},
    "batch": {"add", "ingest", "clean", "nlp", "cluster", "store", "pipeline"},
    "versions": {"cluster", "reconcile", "pipeline", "watch"},
    "watch": {"add", "ingest", "clean", "store", "versions", "cluster"},
    "web": {"add", "ingest", "store", "cluster", "render", "pipeline", "versions", "exporting"},
    "cli": {"add", "batch", "ingest", "cluster", "store", "watch", "web", "pipeline", "render", "evaluate",
            "exporting", "golden_stories", "settings", "versions", "records"},
}

# Arrows that break the layering (a stage reaching into another stage's code). There are none
# left; a new one fails the test. Should one ever be accepted, list it here with its reason.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


def _package(path: Path) -> str:
    rel = path.relative_to(ROOT).parts
    return rel[0].removesuffix(".py")


def _arrows() -> set[tuple[str, str]]:
    arrows = set()
    for path in ROOT.rglob("*.py"):
        source = _package(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for name in names:
                parts = name.split(".")
                if parts[0] == "newsdesk" and len(parts) > 1 and parts[1] != source and parts[1] not in GROUND:
                    arrows.add((source, parts[1]))
    return arrows


def test_every_package_has_a_place():
    packages = {_package(p) for p in ROOT.rglob("*.py")} - {"__init__"}
    assert packages <= set(ALLOWED), f"packages not placed in the architecture: {packages - set(ALLOWED)}"


def test_imports_follow_the_allowed_arrows():
    bad = {(a, b) for a, b in _arrows() if b not in ALLOWED.get(a, set())} - KNOWN_EXCEPTIONS
    assert not bad, f"imports against the architecture: {sorted(bad)}"


def test_known_exceptions_are_still_real():
    gone = KNOWN_EXCEPTIONS - _arrows()
    assert not gone, f"remove these from KNOWN_EXCEPTIONS, they no longer exist: {sorted(gone)}"
