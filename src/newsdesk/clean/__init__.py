"""Cleaning and metadata: ``RawDocument`` -> ``Article`` (flat text full of web chrome).

Line-level cleaning combines typed detectors (classes of chrome: UI labels, promos, counters,
breadcrumbs, tag blocks, widgets, credits, bylines) with a jusText-style classifier of line
features and context smoothing; then broken sentences are rejoined, repeats dropped, headings
set apart, and every removed line is kept with its reason and position.
"""

from newsdesk.clean.article import build_article
from newsdesk.clean.documents import clean_documents

__all__ = ["build_article", "clean_documents"]
