"""Incremental story clustering: features, assignment, splitting, re-adding, the seeds."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newsdesk.cluster.refine import bisect
from newsdesk.cluster.stories import ClusterDoc, StoryClusterer, StoryConfig
from newsdesk.cluster.text import copy_tokens, story_terms
from newsdesk.errors import NotFoundError

QUAKE = [
    "A magnitude 6.1 earthquake struck Indonesia's Aceh province on Tuesday, killing six children "
    "when a mosque collapsed in Bener Meriah, officials said. Rescuers searched the rubble in Aceh.",
    "Six children died in Aceh after a 6.1 quake brought down a mosque in Bener Meriah district on "
    "Tuesday; Indonesia's disaster agency said rescuers were still digging through rubble.",
    "Rescuers in Bener Meriah, Aceh, pulled bodies from a collapsed mosque after Tuesday's 6.1 "
    "earthquake, Indonesia's disaster agency said, raising the toll to six children.",
]
PATCH = [
    "Microsoft released an emergency patch for Internet Explorer on Wednesday to fix a zero-day "
    "flaw that hackers used to take over computers, the company said in Redmond.",
    "The emergency Internet Explorer update from Microsoft closes a zero-day hole exploited by "
    "hackers; Microsoft urged all Windows users to install the patch on Wednesday.",
]


def test_story_terms_entities_and_numbers():
    content, entities, numbers = story_terms(
        "Officials said North Korea sent 10,000 troops. The Pentagon confirmed it on Monday.")
    assert "north_korea" in entities and "pentagon" in entities
    assert "officials" not in entities  # opens the text
    assert "monday" not in entities
    assert "10" in numbers and "000" in numbers
    assert "troop" in content


def test_story_terms_lead_boost_counts_the_first_sentences_more():
    text = "Rebels seized Goma. Troops fled the city.\nAid groups warned of hunger. Talks stalled."
    plain = story_terms(text)
    content, entities, numbers = story_terms(text, lead_sentences=2, lead_boost=2)
    assert content.count("rebel") == 3 and content.count("troop") == 3  # the lead: two sentences
    assert content.count("hunger") == 1 and content.count("talk") == 1  # after the lead
    assert entities.count("goma") == 3
    assert sorted(set(content)) == sorted(set(plain[0]))
    assert story_terms(text, lead_sentences=2, lead_boost=0) == plain


def test_title_terms_count_like_the_lead():
    doc = ClusterDoc("a", "Rescuers dug through rubble.", title="Quake hits Aceh")
    content = doc.terms(lead_sentences=1, lead_boost=2)[0]
    assert content.count("quak") == 3 and content.count("rescuer") == 3
    untitled = ClusterDoc("b", "Rescuers dug through rubble.", title="Quake hits Aceh", title_is_text=False)
    assert "quak" not in untitled.terms(lead_sentences=1, lead_boost=2)[0]


def test_copy_tokens_spans_index_the_text():
    text = "O\u2019Malley\u2019s campaign \u201cshifts\u201d staff."
    words, spans = copy_tokens(text)
    assert words[0] == "o'malley's"
    assert [text[a:b] for a, b in spans][1:3] == ["campaign", "shifts"]


def test_same_event_joins_and_other_event_opens_a_story():
    clusterer = StoryClusterer()
    quake = [clusterer.add(ClusterDoc(f"q{i}", t)) for i, t in enumerate(QUAKE)]
    patch = [clusterer.add(ClusterDoc(f"p{i}", t)) for i, t in enumerate(PATCH)]
    assert len(set(quake)) == 1
    assert len(set(patch)) == 1
    assert quake[0] != patch[0]
    story = clusterer.story(quake[0])
    assert story.size == 3 and story.members == ("q0", "q1", "q2")
    assert "aceh" in story.top_terms or "meriah" in story.top_terms


def test_readd_is_idempotent_and_unknown_ids_raise():
    clusterer = StoryClusterer()
    first = clusterer.add(ClusterDoc("q0", QUAKE[0]))
    n_docs = clusterer.vocab.n_docs
    assert clusterer.add(ClusterDoc("q0", QUAKE[0])) == first
    assert clusterer.vocab.n_docs == n_docs
    with pytest.raises(NotFoundError):
        clusterer.story_of("nope")
    with pytest.raises(NotFoundError):
        clusterer.story("story-999999")


def test_titles_come_from_the_most_central_titled_member():
    clusterer = StoryClusterer()
    for i, text in enumerate(QUAKE):
        sid = clusterer.add(ClusterDoc(f"q{i}", text, title=f"Quake headline {i}" if i else None))
    story = clusterer.story(sid)
    assert story.title_article in {"q1", "q2"}
    assert story.title == f"Quake headline {story.title_article[1]}"


def test_time_proximity_keeps_far_apart_events_apart():
    day = datetime(2024, 10, 1)
    near = StoryClusterer()
    far = StoryClusterer()
    a = near.add(ClusterDoc("a", QUAKE[0], published=day))
    b = near.add(ClusterDoc("b", QUAKE[1], published=day + timedelta(days=1)))
    assert a == b
    a = far.add(ClusterDoc("a", QUAKE[0], published=day))
    b = far.add(ClusterDoc("b", QUAKE[1], published=day + timedelta(days=120)))
    assert a != b


def test_bisect_cuts_two_groups_and_keeps_one():
    group_a = [{1: 0.6, 2: 0.6, 3: 0.5 + 0.01 * i, 100 + i: 0.2} for i in range(5)]
    group_b = [{7: 0.6, 8: 0.6, 9: 0.5 + 0.01 * i, 200 + i: 0.2} for i in range(4)]
    vectors = [_unit(v) for v in group_a + group_b]
    cut = bisect(vectors, threshold=0.5)
    assert cut is not None
    assert sorted(cut[0]) == [5, 6, 7, 8]  # the smaller half
    assert bisect([_unit(v) for v in group_a + group_a], threshold=0.5) is None


def test_a_story_holding_two_events_is_split():
    config = StoryConfig(threshold=0.0, first_split_check=6)  # threshold 0 puts everything in one story
    clusterer = StoryClusterer(config)
    for i in range(4):
        clusterer.add(ClusterDoc(f"q{i}", QUAKE[i % 3] + f" Report {i}."))
        clusterer.add(ClusterDoc(f"p{i}", PATCH[i % 2] + f" Update {i}."))
    stories = {clusterer.story_of(f"q{i}") for i in range(4)}
    assert len(stories) == 1
    assert stories.isdisjoint({clusterer.story_of(f"p{i}") for i in range(4)})


def test_the_five_seeds_are_one_story(seeds_dir):
    from newsdesk.pipeline import read_articles

    articles, skipped = read_articles([str(p) for p in sorted(seeds_dir.glob("*.txt"))])
    assert len(articles) == 5 and not skipped
    clusterer = StoryClusterer()
    assigned = clusterer.add_all(ClusterDoc.from_article(a) for a in articles)
    assert len(set(assigned.values())) == 1


def _unit(v):
    n = sum(x * x for x in v.values()) ** 0.5
    return {k: x / n for k, x in v.items()}
