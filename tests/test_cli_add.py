"""End to end through the CLI: add the seeds, list, search, show, export; bad input is skipped."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from click.testing import CliRunner

from newsdesk.cli import main


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "news.db")


def run(*args):
    result = CliRunner().invoke(main, list(args))
    return result


def test_add_seeds_then_readd_is_idempotent(seeds_dir, db):
    first = run("add", str(seeds_dir), "--db", db, "-q")
    assert first.exit_code == 0, first.output
    assert "5 added" in first.output
    again = run("add", str(seeds_dir), "--db", db, "-q")
    assert again.exit_code == 0, again.output
    assert "0 added" in again.output and "5 unchanged" in again.output


def test_bad_inputs_are_skipped_and_nothing_stored_is_lost(seeds_dir, tmp_path, db):
    assert run("add", str(seeds_dir / "002_6cdb56690edc71dd.txt"), "--db", db, "-q").exit_code == 0
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    shutil.copy(seeds_dir / "003_a821de29b2c07362.txt", mixed)
    (mixed / "empty.txt").write_text("")
    (mixed / "blob.txt").write_bytes(bytes(range(256)) * 40)
    (mixed / "broken.jsonl").write_text('{"title": "ok", "text": "A fine article body about talks in Geneva."}\n{not json\n')
    result = run("add", str(mixed), "--db", db, "-q")
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output
    for name in ("empty.txt", "blob.txt", "broken.jsonl"):
        assert name in result.output
    listing = run("articles", "--db", db, "--json")
    ids = {json.loads(line)["id"] for line in listing.output.splitlines()}
    assert {"002_6cdb56690edc71dd", "003_a821de29b2c07362"} <= ids
    skipped = run("skipped", "--db", db)
    assert "empty.txt" in skipped.output and "blob.txt" in skipped.output


def test_search_show_and_export(seeds_dir, tmp_path, db):
    assert run("add", str(seeds_dir), "--db", db, "-q").exit_code == 0
    found = run("articles", "--db", db, "--search", "Zelenskyy", "--json")
    assert [json.loads(l)["id"] for l in found.output.splitlines()] == ["002_6cdb56690edc71dd"]
    shown = run("show", "002_6cdb56690edc71dd", "--db", db, "--json")
    record = json.loads(shown.output)
    assert record["byline"] == "Avijit Gupta"
    assert any(r["reason"] for r in record["removed"])
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"all.{fmt}"
        result = run("export", "--db", db, "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    rows = list(csv.DictReader(open(tmp_path / "all.csv", encoding="utf-8")))
    assert len(rows) == 5
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "all.parquet").num_rows == 5


def test_brief_of_a_stored_story(seeds_dir, db):
    assert run("add", str(seeds_dir), "--db", db, "-q").exit_code == 0
    listing = run("stories", "--db", db, "--json")
    story = json.loads(listing.output.splitlines()[0])["id"]
    result = run("brief", "--db", db, "--story", story, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    brief = json.loads(result.output)
    assert len(brief["articles"]) == 5
    assert any(g["verdict"] == "disagree" for g in brief["stories"][0]["claim_groups"])
    missing = run("brief", "--db", db, "--story", "nope", "-q")
    assert missing.exit_code == 1 and "Error: no story with id 'nope'" in missing.output
