"""`newsdesk config`: every stage's settings in force, environment overrides included."""

from __future__ import annotations

import json

from click.testing import CliRunner

from newsdesk.cli import main
from newsdesk.cluster.stories import StoryConfig


def test_config_lists_every_stage_with_the_values_in_force(monkeypatch):
    monkeypatch.setenv("NEWSDESK_MAX_BYTES", "12345678")
    result = CliRunner().invoke(main, ["config", "--json"])
    assert result.exit_code == 0, result.output
    settings = json.loads(result.output)
    assert {"ingest", "cluster.stories", "cluster.copy", "watch", "web"} <= set(settings)
    assert settings["ingest"]["max_bytes"] == 12345678
    assert settings["cluster.stories"]["threshold"] == StoryConfig().threshold


def test_config_one_stage_and_an_unknown_one():
    runner = CliRunner()
    result = runner.invoke(main, ["config", "--stage", "cluster.copy"])
    assert result.exit_code == 0 and result.output.startswith("[cluster.copy]")
    result = runner.invoke(main, ["config", "--stage", "nope"])
    assert result.exit_code == 1 and "Error: unknown stage" in result.output
