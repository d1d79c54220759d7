"""`newsdesk batch`: splits, tables, engines that agree, stories as `add` makes them, and back."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.batch import run_batch
from newsdesk.batch.output import BatchOutputError, read_table
from newsdesk.batch.rows import TABLES
from newsdesk.batch.splits import plan_splits, read_split
from newsdesk.cli import main

PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{body}</p><p>Officials said on Monday that {n:,} people had been evacuated from the coast,
and the agency said about {m:,} homes were damaged.</p></article></body></html>"""


def _records(n: int) -> list[dict]:
    return [{"id": f"r{i:03d}", "title": f"Storm number {i} reaches the coast",
             "text": f"Storm number {i} reached the coast of Florida on Monday. The governor said "
                     f"{1000 + i} people had left their homes. \"We are ready,\" said Governor Ron DeSantis.",
             "date": "2024-10-0%d" % (1 + i % 9), "publisher": f"Outlet {i % 3}"} for i in range(n)]


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _write_warc_gz(path: Path, pages: int) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(pages):
            html = PAGE.format(title=f"Flood report {i}", body="Rivers rose across the region. " * 20,
                               n=2000 + i, m=300 + i).encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
            record = writer.create_warc_record(f"https://example.org/flood/{i}", "response",
                                               payload=io.BytesIO(html), http_headers=headers)
            writer.write_record(record)
    return path


def _all_rows(out: Path) -> dict:
    return {t: read_table(out, t) for t in TABLES}


def test_seeds_tables_and_one_story(seeds_dir, tmp_path):
    bad = tmp_path / "in"
    shutil.copytree(seeds_dir, bad)
    (bad / "broken.json").write_text("{not json", encoding="utf-8")
    report = run_batch([str(bad)], tmp_path / "out")
    assert report.rows["articles"] == 5
    assert report.rows["quotes"] > 0 and report.rows["claims"] > 0 and report.rows["mentions"] > 0
    skipped = read_table(tmp_path / "out", "skipped")
    assert [s["source"] for s in skipped] == [str(bad / "broken.json")]
    assert "malformed JSON" in skipped[0]["reason"]
    articles = read_table(tmp_path / "out", "articles")
    quotes = read_table(tmp_path / "out", "quotes")
    bodies = {a["id"]: a["body"] for a in articles}
    for q in quotes:  # provenance: the span is the quoted text
        assert bodies[q["article"]][q["start"]:q["end"]] == q["text"]
    import pyarrow.parquet as pq

    stories = pq.read_table(tmp_path / "out" / "stories").to_pylist()
    assert len(stories) == 1 and sorted(stories[0]["articles"]) == sorted(bodies)
    assert report.stories == 1


def test_rerun_overwrites_with_identical_rows(seeds_dir, tmp_path):
    run_batch([str(seeds_dir)], tmp_path / "out", stories=False)
    first = _all_rows(tmp_path / "out")
    (tmp_path / "out" / "quotes" / "part-09999.parquet").write_bytes(b"stale")
    run_batch([str(seeds_dir)], tmp_path / "out", stories=False)
    assert _all_rows(tmp_path / "out") == first
    assert not (tmp_path / "out" / "quotes" / "part-09999.parquet").exists()


def test_jsonl_byte_ranges_give_the_rows_of_the_whole_file(tmp_path):
    path = _write_jsonl(tmp_path / "feed.jsonl", _records(30))
    splits = plan_splits([str(path)], split_bytes=700)
    assert len(splits) > 5
    seen = [d.id for s in splits for d in read_split(s)]
    assert seen == [f"r{i:03d}" for i in range(30)]  # each line read once, in order
    whole = run_batch([str(path)], tmp_path / "a", split_bytes=10**9, stories=False)
    cut = run_batch([str(path)], tmp_path / "b", split_bytes=700, stories=False)
    assert whole.splits == 1 and cut.splits == len(splits)
    for t in ("articles", "quotes", "claims", "mentions", "dates"):
        assert read_table(tmp_path / "a", t) == read_table(tmp_path / "b", t)


def test_warc_gz_byte_ranges_read_each_record_once(tmp_path):
    path = _write_warc_gz(tmp_path / "crawl.warc.gz", 12)
    splits = plan_splits([str(path)], split_bytes=900)
    assert len(splits) > 3
    urls = [d.url for s in splits for d in read_split(s)]
    assert urls == [f"https://example.org/flood/{i}" for i in range(12)]


def test_truncated_jsonl_line_and_bad_split_are_rows_not_errors(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(_records(1)[0]) + "\n{\"title\": \"cut", encoding="utf-8")
    report = run_batch([str(path), str(tmp_path / "missing.txt")], tmp_path / "out", stories=False)
    assert report.rows["articles"] == 1
    reasons = [s["reason"] for s in read_table(tmp_path / "out", "skipped")]
    assert any("malformed JSON" in r for r in reasons) and any("no such file" in r for r in reasons)


def test_stories_match_newsdesk_add(seeds_dir, tmp_path):
    runner = CliRunner()
    records = _records(6)
    src = _write_jsonl(tmp_path / "mixed.jsonl", records)
    inputs = [str(seeds_dir), str(src)]
    run_batch(inputs, tmp_path / "out")
    db = tmp_path / "add.db"
    assert runner.invoke(main, ["add", *inputs, "--db", str(db), "-q"]).exit_code == 0
    from newsdesk.cluster.persist import list_stories, story_members
    from newsdesk.store.base import open_store

    store = open_store(str(db))
    try:
        expected = sorted(sorted(story_members(store, s.id)) for s in list_stories(store))
    finally:
        store.close()
    import pyarrow.parquet as pq

    got = sorted(sorted(s["articles"]) for s in pq.read_table(tmp_path / "out" / "stories").to_pylist())
    assert got == expected


def test_cli_batch_brief_parquet_and_load(seeds_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(seeds_dir), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "5 articles" in result.output and "1 stories" in result.output
    import pyarrow.parquet as pq

    sid = pq.read_table(out / "stories").to_pylist()[0]["id"]
    result = runner.invoke(main, ["brief", "--parquet", str(out), "--story", sid, "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert len(doc["articles"]) == 5 and doc["stories"][0]["id"] == sid
    result = runner.invoke(main, ["brief", "--parquet", str(out), "--story", "nope", "-q"])
    assert result.exit_code == 1 and "Error: no story nope" in result.output
    db = tmp_path / "l.db"
    for _ in range(2):  # loading twice changes nothing
        result = runner.invoke(main, ["load", str(out), "--db", str(db), "-q"])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["articles", "--db", str(db)])
    assert result.exit_code == 0
    result = runner.invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code == 0 and "5" in result.output


def test_reading_an_unfinished_output_is_a_clear_error(tmp_path):
    with pytest.raises(BatchOutputError):
        read_table(tmp_path, "articles")


def _spark_available() -> bool:
    if shutil.which("java") is None:
        return False
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.spark
@pytest.mark.skipif(not _spark_available(), reason="needs pyspark (pip install 'newsdesk[spark]') and a Java runtime")
def test_spark_engine_gives_the_rows_of_the_local_engine(seeds_dir, tmp_path):
    src = _write_jsonl(tmp_path / "feed.jsonl", _records(8))
    inputs = [str(seeds_dir), str(src)]
    run_batch(inputs, tmp_path / "local", engine="local", split_bytes=1500)
    run_batch(inputs, tmp_path / "spark", engine="spark", master="local[1]", split_bytes=1500)
    assert _all_rows(tmp_path / "spark") == _all_rows(tmp_path / "local")
    import pyarrow.parquet as pq

    assert (pq.read_table(tmp_path / "spark" / "stories").to_pylist()
            == pq.read_table(tmp_path / "local" / "stories").to_pylist())


def test_parquet_input_by_row_group(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = _records(10)
    table = pa.Table.from_pylist([{"title": r["title"], "text": r["text"], "url": f"https://x.org/{i}",
                                   "date": r["date"]} for i, r in enumerate(records)])
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path, row_group_size=3)
    splits = plan_splits([str(path)])
    assert [s.kind for s in splits] == ["parquet"] * 4
    report = run_batch([str(path)], tmp_path / "out", stories=False)
    assert report.rows["articles"] == 10
    urls = sorted(a["url"] for a in read_table(tmp_path / "out", "articles"))
    assert urls == sorted(f"https://x.org/{i}" for i in range(10))
