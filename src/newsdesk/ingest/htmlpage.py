"""HTML: main text and stated metadata of a page (trafilatura), and text of HTML fragments."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from lxml import etree

from newsdesk.errors import InputError
from newsdesk.ingest.decode import decode_bytes, markup_charset
from newsdesk.ingest.fields import iso_day, tag_list
from newsdesk.ingest.limits import ReadLimits
from newsdesk.records import RawDocument
from newsdesk.textnorm import fold

# libxml2 stops nesting at this depth (without its "huge" option) and drops the rest.
PARSER_DEPTH_LIMIT = 256

# Precision mode sometimes settles on one small block (a reprint notice, a teaser) and misses the
# article that balanced mode finds. When its text is short and balanced mode's is many times
# longer, the balanced result is taken.
_SHORT_RESULT = 1000
_RECOVERY_RATIO = 4

_LOOKS_HTML = re.compile(
    r"<(?:p|div|br|span|a|b|i|em|strong|h[1-6]|ul|ol|li|img|figure|blockquote|table|article|"
    r"section|html|body)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_FULL_PAGE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_BLOCKS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer "
    "figure figcaption pre dd dt dl aside nav main address hr".split()
)
_DROP = ("script", "style", "noscript", "template", "iframe", "svg", "object")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


@dataclass(frozen=True)
class PageText:
    """What the extractor found on one page."""

    text: str
    title: str | None = None
    byline: str | None = None
    published: datetime | None = None
    outlet: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()


def looks_like_html(text: str) -> bool:
    """True when a field value carries HTML markup rather than plain text."""
    return bool(_LOOKS_HTML.search(text[:20000]))


def _tree_depth(tree: lxml.html.HtmlElement) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse(html: str, source: str, limits: ReadLimits) -> lxml.html.HtmlElement | None:
    """The page's tree, or None when it is no full page (a bare fragment, say)."""
    from trafilatura.utils import load_html  # trafilatura is imported when HTML is read (0.15 s)

    tree = load_html(html)
    if tree is None:
        return None
    depth = _tree_depth(tree)
    if depth >= PARSER_DEPTH_LIMIT:
        raise InputError(
            source, f"HTML nested deeper than {PARSER_DEPTH_LIMIT} levels; the parser would cut the page short"
        )
    if depth > limits.max_html_depth:
        raise InputError(source, f"HTML nested {depth} levels deep (limit {limits.max_html_depth})")
    return tree


def _paragraphs(body: etree._Element | None) -> list[str]:
    """One string per block of trafilatura's output tree (paragraph, heading, list, quote...)."""
    from trafilatura.xml import xmltotxt

    if body is None:
        return []
    paras = [body.text.strip()] if body.text and body.text.strip() else []
    paras.extend(xmltotxt(child, False).strip() for child in body)
    return [p for p in paras if p]


def _date_params() -> dict:
    # No "extensive" search: it reads dates out of free text (copyright lines, a page header's
    # "today"), which are not publication dates. original_date prefers publication over update.
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": datetime.now().strftime("%Y-%m-%d"),
    }


def _extract(tree: lxml.html.HtmlElement, url: str | None, *, precise: bool, metadata: bool):
    from trafilatura import bare_extraction

    return bare_extraction(
        tree,
        url=url,
        favor_precision=precise,
        include_comments=False,
        include_tables=True,
        with_metadata=metadata,
        date_extraction_params=_date_params(),
    )


def extract_page(html: str, *, source: str, limits: ReadLimits, url: str | None = None) -> PageText:
    """Main text (paragraphs separated by blank lines) and stated metadata of a full page."""
    tree = _parse(html, source, limits)
    if tree is None:  # a fragment saved as a page: all of its text is the content
        if text := fragment_text(html, source):
            return PageText(text=text, url=url)
        raise InputError(source, "not parseable as HTML")
    doc = _extract(tree, url, precise=True, metadata=True)
    paras = _paragraphs(doc.body) if doc is not None else []
    if sum(map(len, paras)) < _SHORT_RESULT:
        recovered = _extract(_parse(html, source, limits), url, precise=False, metadata=doc is None)
        other = _paragraphs(recovered.body) if recovered is not None else []
        if sum(map(len, other)) >= _RECOVERY_RATIO * max(1, sum(map(len, paras))):
            paras = other
            doc = doc if doc is not None else recovered
    if not paras or doc is None:
        raise InputError(source, "no main text found in the HTML")
    title = doc.title or None
    while paras and title and fold(paras[0]) == fold(title):
        paras.pop(0)  # the headline repeated as the first block: it lives in ``title``
    if not paras:
        raise InputError(source, "no main text found in the HTML")
    return PageText(
        text="\n\n".join(paras),
        title=title,
        byline=doc.author or None,
        published=iso_day(doc.date),
        outlet=doc.sitename or None,
        url=doc.url or url,
        tags=tag_list(doc.categories or [], doc.tags or []),
    )


def fragment_text(fragment: str, source: str = "HTML fragment") -> str:
    """Plain text of an HTML fragment, one paragraph per block element, blank-line separated."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    if _tree_depth(root) >= PARSER_DEPTH_LIMIT:
        raise InputError(source, f"HTML nested deeper than {PARSER_DEPTH_LIMIT} levels")
    for element in list(root.iter(*_DROP, etree.Comment, etree.ProcessingInstruction)):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag == "br":
                parts.append("\n")
            elif tag in _BLOCKS:
                parts.append("\n\n")
            if element.text and tag != "br":
                parts.append(element.text)
        else:
            if tag in _BLOCKS:
                parts.append("\n\n")
            if element.tail and element is not root:
                parts.append(element.tail)
    paras = []
    for block in re.split(r"\n\s*\n", "".join(parts)):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            paras.append(block)
    return "\n\n".join(paras)


def html_field_text(value: str, *, source: str, limits: ReadLimits, url: str | None = None) -> PageText:
    """Text of an HTML-valued record field (JSON, feed entry): a full page goes through the page
    extractor; a fragment, which is the article already, keeps all its blocks."""
    if _FULL_PAGE.search(value[:5000]):
        return extract_page(value, source=source, limits=limits, url=url)
    text = fragment_text(value, source)
    if not text:
        raise InputError(source, "HTML field holds no text")
    return PageText(text=text, url=url)


def read_html(
    html: str,
    *,
    doc_id: str,
    source: str,
    limits: ReadLimits,
    url: str | None = None,
    fmt: str = "html",
) -> RawDocument:
    """A RawDocument for one HTML page."""
    page = extract_page(html, source=source, limits=limits, url=url)
    return RawDocument(
        id=doc_id,
        source=source,
        text=page.text,
        format=fmt,
        title=page.title,
        byline=page.byline,
        published=page.published,
        outlet=page.outlet,
        url=page.url,
        tags=page.tags,
        has_metadata=True,
    )


def read_html_bytes(
    data: bytes,
    *,
    doc_id: str,
    source: str,
    limits: ReadLimits,
    url: str | None = None,
    declared: str | None = None,
    fmt: str = "html",
) -> RawDocument:
    """Decode a page (transport charset, else its ``<meta>`` charset, else detection) and read it."""
    html = decode_bytes(data, source, declared=declared or markup_charset(data))
    if not html.strip():
        raise InputError(source, "holds only white space")
    return read_html(html, doc_id=doc_id, source=source, limits=limits, url=url, fmt=fmt)
