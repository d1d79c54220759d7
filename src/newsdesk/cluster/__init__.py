"""From a pile of articles to stories: duplicates, shared wire copy and incremental clustering.

* :mod:`newsdesk.cluster.dedup` — exact / near duplicates (MinHash LSH) and shared copy.
* :mod:`newsdesk.cluster.stories` — the incremental :class:`StoryClusterer`.
* :mod:`newsdesk.cluster.persist` — stories and relations in the store (``assign_stories``).
* :mod:`newsdesk.cluster.evaluation` — BCubed scoring on ECB+ (shared by bench and tests).

Nothing is imported here, so that ``import newsdesk.cluster`` stays cheap.
"""
