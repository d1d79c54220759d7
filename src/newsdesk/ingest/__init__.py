"""Readers: turn what users have (text, HTML, JSON/JSONL, RSS/Atom, WARC, URLs) into
``RawDocument`` records, or ``Skipped`` records saying why an input was not read."""

from newsdesk.ingest.limits import ReadLimits
from newsdesk.ingest.sources import expand_inputs, read_input, read_sources

__all__ = ["ReadLimits", "expand_inputs", "read_input", "read_sources"]
