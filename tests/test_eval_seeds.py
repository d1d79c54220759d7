"""`newsdesk eval` on the seeds: the count of golden rows passing is pinned in tests/floors/brief.json."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import REPO, load_floors, shared_dir

from newsdesk.cli import main
from newsdesk.evaluate import score

SEEDS = REPO / "examples" / "seeds"


def test_seed_rows_passing_do_not_fall_below_the_floor(golden, seed_brief):
    floors = load_floors("brief")
    result = score(golden, seed_brief)
    failing = [r.line() for r in result.rows if not r.passed]
    assert len(result.rows) == floors["eval_seeds_rows"]
    assert result.passed >= floors["eval_seeds_passed"], failing
    by_key = result.by_key()
    for key in floors["must_pass_keys"]:
        passed, total = by_key[key]
        assert passed == total, [f for f in failing if f.split()[1] == key]


def test_summary_row_and_figure_nuggets_pass(golden, seed_brief):
    rows = {r.item[:3]: r for r in score(golden, seed_brief).rows if r.key == "brief_nuggets"}
    assert rows["sum"].passed  # ≤ 250 words, every sentence cited and checked
    for nugget in ("n1:", "n2:", "n3:"):  # key figures, and the disagreement
        assert rows[nugget].passed, rows[nugget].line()


def test_cli_prints_a_line_per_row_and_the_totals(golden):
    floors = load_floors("brief")
    golden_file = shared_dir() / "golden" / "seeds.json"
    result = CliRunner().invoke(main, ["eval", "--golden", str(golden_file), str(SEEDS), "-q"])
    lines = result.output.strip().splitlines()
    total = re.fullmatch(r"(\d+) passed, (\d+) failed", lines[-1])
    assert total, lines[-1]
    passed, failed = int(total.group(1)), int(total.group(2))
    assert passed >= floors["eval_seeds_passed"]
    assert passed + failed == floors["eval_seeds_rows"]
    rows = [ln for ln in lines[:-1] if ln.startswith(("PASS ", "FAIL "))]
    assert len(rows) == passed + failed
    assert result.exit_code == (1 if failed else 0)


def test_cli_json(golden):
    import json

    golden_file = shared_dir() / "golden" / "seeds.json"
    result = CliRunner().invoke(main, ["eval", "--golden", str(golden_file), str(SEEDS), "--json", "-q"])
    doc = json.loads(result.output)
    assert doc["passed"] + doc["failed"] == len(doc["rows"])
    assert set(doc["by_key"]) >= {"claim_groups", "brief_nuggets", "entities"}
