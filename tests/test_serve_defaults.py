"""`newsdesk serve`'s process count and the writer's priority (cli/serve_cmd.serving_processes)."""

from newsdesk.cli.serve_cmd import serving_processes
from newsdesk.web.config import WebConfig


def test_two_answering_processes_by_default_where_there_are_two_cores():
    assert serving_processes(None, 2)[0] == 2
    assert serving_processes(None, 16)[0] == 2
    assert serving_processes(None, 1)[0] == 1
    assert serving_processes(3, 2)[0] == 3


def test_the_writer_yields_only_while_a_core_is_left_for_it():
    assert serving_processes(1, 2) == (1, WebConfig.writer_nice)
    assert serving_processes(2, 8) == (2, WebConfig.writer_nice)
    assert serving_processes(None, 2) == (2, 0)  # every core answers: a niced writer starved
    assert serving_processes(None, 1) == (1, 0)
    assert WebConfig.writer_nice > 0
