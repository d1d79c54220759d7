"""docs/architecture.md matches the code: every package is placed on the page, every file, folder
and dotted name it cites exists, and the list of modules that still run SQL outside store/ is the
one tests/test_import_graph.py enforces."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "newsdesk"
DOC = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
CITED = re.findall(r"`([^`\n]+)`", DOC)


def _top_level() -> set[str]:
    packages = {p.parent.name for p in SRC.glob("*/__init__.py")}
    modules = {p.stem for p in SRC.glob("*.py")} - {"__init__"}
    return packages | modules


def test_every_package_and_top_level_module_is_on_the_page():
    named = set()
    for cite in CITED:
        head = cite.split("/")[0].split(".")[0].split(":")[0]
        named.add(head)
    missing = sorted(_top_level() - named)
    assert not missing, f"docs/architecture.md does not place: {missing}"


def _path_exists(cite: str) -> bool:
    path, _, name = cite.partition(":")
    candidates = [REPO / path, SRC / path] + (
        [] if "/" in path.rstrip("/") else [*SRC.rglob(path), *(REPO / "tests").glob(path)])
    found = [c for c in candidates if c.exists() or (path.endswith("*.json") and list(c.parent.glob(c.name)))]
    if not found:
        return False
    return not name or any(re.search(rf"^\s*def {re.escape(name)}\b", c.read_text(encoding="utf-8"), re.M)
                           for c in found if c.is_file())


def test_every_cited_file_and_folder_exists():
    paths = [c for c in CITED if re.fullmatch(r"[\w./*]+/|[\w./*]+\.(?:py|json|md)(?::\w+)?", c)]
    assert len(paths) > 20  # the page does cite its files
    missing = [c for c in paths if not _path_exists(c)]
    assert not missing, f"docs/architecture.md cites files that are not there: {missing}"


def test_every_cited_dotted_name_exists():
    dotted = [c for c in CITED if re.fullmatch(r"[a-z_]+(?:\.[a-z_]+)*\.[A-Za-z_]+", c) and c.split(".")[0] in _top_level()
              and not c.endswith((".py", ".json", ".md"))]
    assert len(dotted) >= 4
    missing = []
    for cite in dotted:
        module, _, name = cite.rpartition(".")
        try:
            found = hasattr(importlib.import_module(f"newsdesk.{module}"), name)
        except ImportError:
            found = False
        if not found:
            try:
                importlib.import_module(f"newsdesk.{cite}")
                found = True
            except ImportError:
                pass
        if not found:
            missing.append(cite)
    assert not missing, f"docs/architecture.md names what the code does not have: {missing}"


def test_the_sql_list_is_the_enforced_one():
    tree = ast.parse((REPO / "tests" / "test_import_graph.py").read_text(encoding="utf-8"))
    (enforced,) = [ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                   and getattr(node.targets[0], "id", "") == "SQL_OUTSIDE_STORE"]
    start = DOC.index("still run their own")
    sql_rule = DOC[start:DOC.index("may only", start)]
    listed = set(re.findall(r"`(\w+/\w+\.py)`", sql_rule))
    assert listed == set(enforced), f"the page lists {sorted(listed)}, the test enforces {sorted(enforced)}"
