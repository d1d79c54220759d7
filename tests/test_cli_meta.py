"""Keep the CLI honest: every command has help, appears in the README, and errors print once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def all_commands():
    return sorted(main.commands)


def test_there_are_commands():
    assert {"add", "articles", "show"} <= set(all_commands())


@pytest.mark.parametrize("name", all_commands())
def test_every_command_has_help(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert main.commands[name].help, f"{name} has no help text"


@pytest.mark.parametrize("name", all_commands())
def test_every_command_is_in_the_readme(name):
    assert f"newsdesk {name}" in README, f"`newsdesk {name}` is not documented in README.md"


def test_library_error_prints_error_line_and_exits_1(tmp_path):
    result = CliRunner().invoke(main, ["show", "missing-id", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: no article with id 'missing-id'")
    assert "Traceback" not in result.output


def test_corrupt_database_is_an_error_not_a_traceback(tmp_path):
    db = tmp_path / "bad.db"
    db.write_bytes(b"\x00garbage" * 512)
    result = CliRunner().invoke(main, ["articles", "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot open database")
