"""`newsdesk brief PATH… [--format md|html|json] [-o FILE]`: one shot, no database."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import REPO

from newsdesk.cli import main

SEEDS = REPO / "examples" / "seeds"
from newsdesk.render.jsonout import validate


def test_json_to_a_file(tmp_path):
    out = tmp_path / "brief.json"
    result = CliRunner().invoke(main, ["brief", str(SEEDS), "--format", "json", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate(doc)
    assert len(doc["articles"]) == 5 and len(doc["stories"]) == 1


def test_markdown_to_stdout_and_html_to_a_file(tmp_path):
    md = CliRunner().invoke(main, ["brief", str(SEEDS / "002_6cdb56690edc71dd.txt"), str(SEEDS / "003_a821de29b2c07362.txt"), "-q"])
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# ") and "## Summary" in md.output and "## Sources" in md.output
    out = tmp_path / "report.html"
    html = CliRunner().invoke(main, ["brief", str(SEEDS / "003_a821de29b2c07362.txt"), "--format", "html", "-o", str(out), "-q"])
    assert html.exit_code == 0, html.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="body" data-article="003_a821de29b2c07362"' in page


def test_nothing_readable_is_an_error_with_the_reason(tmp_path):
    result = CliRunner().invoke(main, ["brief", str(tmp_path / "nope.txt"), "-q"])
    assert result.exit_code == 1
    assert "skipped" in result.output and "nope.txt" in result.output
    assert "Error: no article could be read from the inputs" in result.output
    assert "Traceback" not in result.output


def test_help_texts():
    for command in ("brief", "eval"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
    assert "--format [md|html|json]" in CliRunner().invoke(main, ["brief", "--help"]).output
