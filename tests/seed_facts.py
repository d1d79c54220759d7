"""A hand-built story from the five seeds: cleaned bodies and extracted facts written by hand.

The reconcile tests use it (the session fixture ``seed_story`` of conftest.py) to exercise their
stage without the cleaning and extraction stages (which have their own tests). Facts are located
by their text, so every span indexes the body.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from newsdesk.records import Article, ArticleFacts, Claim, DatedEvent, Entity, Mention, Quote

SEEDS = Path(__file__).resolve().parent.parent / "examples" / "seeds"

# what a cleaner keeps: (first line of the body, lines to drop) per seed
_DROP = {
    "000_5fd1e1cc2a5f81b5": (1, []),
    "001_a55f3076ccd132f5": (1, ["North Korean Troop Deployment Explained", "Reactions from Russia and North Korea",
                                 "Military Training and Equipment", "Calls for Chinese Intervention",
                                 "South Korea’s Position on the Issue", "The Broader Geopolitical Context",
                                 "Conclusion: The Need for Vigilance and Diplomacy", "1 comment"]),
    "002_6cdb56690edc71dd": (2, ["10,000 North Korean troops deployed for supporting Russia",
                                 "by Avijit Gupta - October 29, 2024, 1:43 am",
                                 "Must Read: Sewage ‘Fountain’ Shoots Up In Moscow, Echoes China’s ‘Poop Volcano’ Incident",
                                 "Also Read: Melania Shines As Trump’s ‘Political Jewel,’ Says Body Language Expert",
                                 "(With inputs from AP)"]),
    "003_a821de29b2c07362": (1, []),
    "004_d635dea13e3c08ad": (9, ["Newsroom", "[Source: Sky News]", "TAGS", "Cyprus  |  Russia  |  Ukraine  |  North Korea",
                                 "News: Latest Articles", "X"]),
}
TITLES = {
    "000_5fd1e1cc2a5f81b5": None,
    "001_a55f3076ccd132f5": "North Korean Troops Poised for Combat Against Ukraine: U.S. Officials Issue Warnings",
    "002_6cdb56690edc71dd": "Russia-Ukraine War: North Korea Deploys 10,000 Troops To Support Russia",
    "003_a821de29b2c07362": None,
    "004_d635dea13e3c08ad": "North Korea sends troops to Russia, raising concerns over their role in Ukraine conflict",
}
CREDITS = {"000_5fd1e1cc2a5f81b5": ("Express US",), "002_6cdb56690edc71dd": ("AP",), "004_d635dea13e3c08ad": ("Sky News",)}

ENTITIES = [
    ("e1", "North Korea", "GPE", ["North Korea", "DPRK", "Pyongyang", "Democratic People’s Republic of Korea"]),
    ("e2", "Russia", "GPE", ["Russia", "Russian Federation", "Moscow", "Kremlin"]),
    ("e3", "United States", "GPE", ["U.S.", "US", "United States", "Washington", "Biden administration"]),
    ("e4", "Ukraine", "GPE", ["Ukraine"]),
    ("e5", "South Korea", "GPE", ["South Korea", "Seoul"]),
    ("e6", "China", "GPE", ["China", "Beijing"]),
    ("e7", "United Nations", "ORG", ["United Nations", "UN", "U.N."]),
    ("e8", "Antony Blinken", "PERSON", ["Antony Blinken", "Blinken"]),
    ("e9", "Lloyd Austin", "PERSON", ["Lloyd Austin", "Austin"]),
    ("e10", "Mark Rutte", "PERSON", ["Mark Rutte", "Rutte"]),
    ("e11", "Antonio Guterres", "PERSON", ["Antonio Guterres", "Guterres"]),
    ("e12", "Volodymyr Zelenskyy", "PERSON", ["Volodymyr Zelenskyy", "Zelenskyy"]),
    ("e13", "Sabrina Singh", "PERSON", ["Sabrina Singh", "Singh"]),
    ("e14", "Sergey Lavrov", "PERSON", ["Sergey Lavrov", "Lavrov"]),
    ("e15", "Robert Wood", "PERSON", ["Robert Wood"]),
    ("e16", "Geng Shuang", "PERSON", ["Geng Shuang"]),
    ("e17", "John Kirby", "PERSON", ["John Kirby", "Kirby"]),
    ("e18", "NATO", "ORG", ["NATO"]),
    ("e19", "Pentagon", "ORG", ["Pentagon"]),
    ("e20", "Kursk", "GPE", ["Kursk"]),
    ("e21", "Kim Yong-hyun", "PERSON", ["Kim Yong-hyun"]),
]

# (article, text of the figure, context to find it, value, qualifier, what, where, source)
CLAIMS = [
    ("000", "around 8,000 North Korean troops", None, 8000, "approximately", "North Korean troops", "Russia-Ukraine border", "Antony Blinken"),
    ("000", "a total of 10,000 troops", None, 10000, "exact", "North Korean troops", "Russia", "United States"),
    ("001", "approximately 8,000 North Korean troops", None, 8000, "approximately", "North Korean troops", "Russia-Ukraine border", "Antony Blinken"),
    ("001", "an estimated 10,000 North Korean soldiers", None, 10000, "approximately", "North Korean troops", "Russia", "United States"),
    ("001", "about 8,000 of them", None, 8000, "approximately", "North Korean troops", "Kursk", "United States"),
    ("002", "approximately 10,000 troops", None, 10000, "approximately", "North Korean troops", "Russia", "Pentagon"),
    ("002", "around 10,000 North Korean soldiers", None, 10000, "approximately", "North Korean troops", "Russia", "Volodymyr Zelenskyy"),
    ("003", "some 8,000 North Korean soldiers", None, 8000, "approximately", "North Korean troops", "Russia", "United States"),
    ("003", "about 10,000 North Korean troops", None, 10000, "approximately", "North Korean troops", "Russia", "United States"),
    ("003", "11,000", None, 11000, "exact", "North Korean troops", "Russia", "South Korea"),
    ("003", "up to 12,000", None, 12000, "up_to", "North Korean troops", "Russia", "Ukraine"),
    ("004", "at least 3,000 troops", None, 3000, "at_least", "North Korean troops", "Russia", "United States"),
    ("004", "up to 10,000 troops", None, 10000, "up_to", "North Korean troops", "Russia", "South Korea"),
    ("004", "around 1,500 special forces", None, 1500, "approximately", "North Korean special forces", "Russia", "South Korea"),
    ("004", "1.2 million troops", None, 1200000, "exact", "North Korean standing army", "North Korea", None),
]

# (article, quoted text, speaker, cue)
QUOTES = [
    ("000", "in the coming days.", "Antony Blinken", "warning"),
    ("000", "artillery, UAVs [unmanned aerial vehicles], basic infantry operations, including trench clearing", "Antony Blinken", "detailed"),
    ("000", "China cannot credibly claim to be a voice for peace when it enables Russia to wage the largest war in Europe in decades. China's support to Russia is decisive. China's support is prolonging the war", "Robert Wood", "stating"),
    ("000", "peddling anxiety, fabricating enemies and stoking confrontation.", "Geng Shuang", "accused"),
    ("001", "legitimate targets", "Antony Blinken", "stating"),
    ("001", "The Kremlin has also provided these DPRK troops with Russian uniforms and equipment, which strongly suggests that Russia intends to utilize these foreign forces in frontline operations.", "Lloyd Austin", "noted"),
    ("001", "If China is serious about its desire for de-escalation, it should be asking Russia some hard questions at this point.", "Lloyd Austin", "stated"),
    ("002", "This deployment marks a significant escalation and a dangerous expansion of Russia’s war,", "Mark Rutte", "remarked"),
    ("002", "Should DPRK forces engage on the front lines, they would be co-belligerents in this war,", "Sabrina Singh", "noted"),
    ("002", "within days,", "Volodymyr Zelenskyy", "claimed"),
    ("003", "basic infantry operations, including trench clearing, indicating that they fully intend to use these forces in front line operations", None, "said"),
    ("004", "highly concerning probability", "John Kirby", "mentioned"),
]

# (article, expression, ISO date, precision)
DATES = [
    ("000", "February 2022", "2022-02", "month"),
    ("002", "last Friday", "2024-10-25", "day"),
    ("002", "earlier this year", "2024", "year"),
]


def _full(short: str) -> str:
    return next(k for k in _DROP if k.startswith(short))


def _body(aid: str) -> str:
    lines = (SEEDS / f"{aid}.txt").read_text(encoding="utf-8").splitlines()
    first, drop = _DROP[aid]
    lines = [ln.strip() for ln in lines[first:]]
    drop = {re.sub(r"\s+", " ", d) for d in drop}
    lines = [ln for ln in lines if ln and re.sub(r"\s+", " ", ln) not in drop]
    text = "\n\n".join(lines)
    return text.replace("U. N.\n\nAmbassador", "U. N. Ambassador")


def _sentence(body: str, pos: int) -> tuple[int, int]:
    start = max(body.rfind(". ", 0, pos) + 2 if body.rfind(". ", 0, pos) >= 0 else 0, body.rfind("\n", 0, pos) + 1)
    end_dot = body.find(". ", pos)
    end_nl = body.find("\n", pos)
    ends = [e for e in (end_dot + 1 if end_dot >= 0 else -1, end_nl) if e >= 0]
    return start, min(ends) if ends else len(body)


def build_seed_story() -> tuple[tuple[Article, ...], tuple[ArticleFacts, ...], tuple[Entity, ...]]:
    articles = []
    for aid in _DROP:
        articles.append(Article(
            id=aid,
            source=str(SEEDS / f"{aid}.txt"),
            body=_body(aid),
            title=TITLES[aid],
            title_generated=False,
            published=datetime(2024, 10, 29, 1, 43) if aid.startswith("002") else None,
            credits=CREDITS.get(aid, ()),
        ))
    by_id = {a.id: a for a in articles}
    mentions: dict[str, list[Mention]] = {a.id: [] for a in articles}
    entities = []
    for eid, name, etype, aliases in ENTITIES:
        ms = []
        for a in articles:
            for alias in aliases:
                for m in re.finditer(r"(?<![\w.])" + re.escape(alias) + r"(?![\w])", a.body):
                    if any(x.start < m.end() and m.start() < x.end for x in ms if x.article == a.id):
                        continue
                    ms.append(Mention(a.id, m.start(), m.end(), m.group(), etype))
        ms.sort(key=lambda m: (m.article, m.start))
        for m in ms:
            mentions[m.article].append(m)
        entities.append(Entity(eid, name, etype, tuple(a for a in aliases if a != name), tuple(ms)))
    claims: dict[str, list[Claim]] = {a.id: [] for a in articles}
    for short, text, _, value, qual, what, where, source in CLAIMS:
        aid = _full(short)
        body = by_id[aid].body
        start = body.index(text)
        s, e = _sentence(body, start)
        claims[aid].append(Claim(aid, start, start + len(text), text, float(value), qual, None, False, "troops",
                                 what, where, None, source, None, None, s, e))
    quotes: dict[str, list[Quote]] = {a.id: [] for a in articles}
    for short, text, speaker, cue in QUOTES:
        aid = _full(short)
        start = by_id[aid].body.index(text)
        quotes[aid].append(Quote(aid, start, start + len(text), text, "direct", cue, speaker))
    dates: dict[str, list[DatedEvent]] = {a.id: [] for a in articles}
    for short, text, iso, precision in DATES:
        aid = _full(short)
        body = by_id[aid].body
        start = body.index(text)
        s, e = _sentence(body, start)
        dates[aid].append(DatedEvent(aid, start, start + len(text), text, iso, precision, s, e, precision == "day"))
    facts = tuple(
        ArticleFacts(a.id, tuple(mentions[a.id]), tuple(quotes[a.id]), tuple(claims[a.id]), tuple(dates[a.id]))
        for a in articles
    )
    return tuple(articles), facts, tuple(entities)
