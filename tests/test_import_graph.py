"""The import graph keeps to the architecture (docs/architecture.md): each package imports only
the packages below it; the known exceptions are listed, and the list can only shrink."""

from __future__ import annotations

import ast
from functools import lru_cache
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

# Arrows that break the layering (a stage reaching into another stage's code); a new one fails the
# test. Each accepted one is listed with its reason, and the list can only shrink.
# (Empty since the 6th session: store/upgrades.py's migration 7 reads copy_tokens and the shingle
# size from lexicon/copytext.py, which the duplicate detector uses too, not from cluster/.)
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


def _package(path: Path) -> str:
    rel = path.relative_to(ROOT).parts
    return rel[0].removesuffix(".py")


@lru_cache(maxsize=1)
def _parsed() -> tuple[tuple[Path, str, tuple[ast.AST, ...]], ...]:
    """(path, package, every node of its syntax tree) of every module, parsed once per session."""
    return tuple((path, _package(path), tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8")))))
                 for path in sorted(ROOT.rglob("*.py")))


@lru_cache(maxsize=1)
def _arrows() -> frozenset[tuple[str, str]]:
    arrows = set()
    for path, source, nodes in _parsed():
        for node in nodes:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            for name in names:
                parts = name.split(".")
                if parts[0] == "newsdesk" and len(parts) > 1 and parts[1] != source and parts[1] not in GROUND:
                    arrows.add((source, parts[1]))
    return frozenset(arrows)


def test_every_package_has_a_place():
    packages = {_package(p) for p in ROOT.rglob("*.py")} - {"__init__"}
    assert packages <= set(ALLOWED), f"packages not placed in the architecture: {packages - set(ALLOWED)}"


def test_imports_follow_the_allowed_arrows():
    bad = {(a, b) for a, b in _arrows() if b not in ALLOWED.get(a, set())} - KNOWN_EXCEPTIONS
    assert not bad, f"imports against the architecture: {sorted(bad)}"


def test_known_exceptions_are_still_real():
    gone = KNOWN_EXCEPTIONS - _arrows()
    assert not gone, f"remove these from KNOWN_EXCEPTIONS, they no longer exist: {sorted(gone)}"


# -- rules at module level: internals stay inside their package ------------------------------------

_MODULES = {".".join(("newsdesk", *p.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
            for p in ROOT.rglob("*.py")}


def _trees():
    return _parsed()  # (path, package, nodes)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_uses_another_packages_private_names():
    """``_name`` is internal to its package: no other package imports it (``from newsdesk.x.y
    import _helper``, ``from newsdesk.x._impl import …``) or reaches it through an imported module
    (``gazetteer._tables()``)."""
    bad = []
    for path, package, nodes in _trees():
        modules: dict[str, str] = {}  # local name -> package of the newsdesk module it names
        for node in nodes:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsdesk."):
                target = node.module.split(".")[1]
                for alias in node.names:
                    if target != package and (_private(alias.name) or any(map(_private, node.module.split(".")))):
                        bad.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {node.module}.{alias.name}")
                    if f"{node.module}.{alias.name}" in _MODULES:
                        modules[alias.asname or alias.name] = target
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("newsdesk.") and alias.asname:
                        modules[alias.asname] = alias.name.split(".")[1]
        for node in nodes:
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and _private(node.attr)
                    and modules.get(node.value.id, package) != package):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert not bad, "private names used across packages:\n" + "\n".join(bad)


# Modules outside store/ that still run SQL themselves: the watch tables and story versions.
# Found when this rule was written (issue 12; web/index.py has left the list since); the list may
# only shrink.
SQL_OUTSIDE_STORE = {"watch/state.py", "watch/batch.py", "versions/history.py"}


def _runs_sql(nodes) -> list[int]:
    lines = []
    for node in nodes:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            if any(n.split(".")[0] in ("sqlite3", "psycopg", "psycopg2") for n in names):
                lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr in ("execute", "executemany", "executescript", "conn"):
            lines.append(node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")
              and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "conn"):
            lines.append(node.lineno)
    return lines


def test_sql_lives_in_store():
    """Only ``store/`` opens database connections and runs statements (docs/architecture.md)."""
    found = {str(path.relative_to(ROOT)): lines for path, package, nodes in _trees()
             if package != "store" and (lines := _runs_sql(nodes))}
    new = {f: lines for f, lines in found.items() if f not in SQL_OUTSIDE_STORE}
    assert not new, f"SQL outside store/ (module: lines): {new}"
    gone = SQL_OUTSIDE_STORE - set(found)
    assert not gone, f"remove these from SQL_OUTSIDE_STORE, they no longer run SQL: {sorted(gone)}"


def test_pipeline_imports_its_stages_at_the_top():
    """pipeline.py reads as the stage sequence: its stages are imported at module level; only the
    clustering tables' module (the store, the duplicate detector) is imported where a stored story needs it."""
    (nodes,) = [n for path, _, n in _parsed() if path == ROOT / "pipeline.py"]
    inner = set()
    for fn in nodes:
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom):
                    inner.add(node.module)
                elif isinstance(node, ast.Import):
                    inner.update(a.name for a in node.names)
    assert inner <= {"newsdesk.cluster.persist"}, inner


def test_no_test_module_imports_another():
    """Shared test helpers are conftest fixtures or helper modules (web_support.py, seed_facts.py),
    never another test module: importing one runs its module-level work twice and ties them up."""
    tests = Path(__file__).resolve().parent
    bad = []
    for path in sorted(tests.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            bad += [f"{path.name} imports {n}" for n in names if n.split(".")[0].startswith("test_")]
    assert not bad, bad
