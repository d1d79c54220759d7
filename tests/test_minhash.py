"""Our NumPy MinHash gives datasketch's signatures and LSH candidates, value for value."""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from newsdesk.cluster.dedup import CopyConfig, shingles
from newsdesk.cluster.minhash import BandIndex, permutations, signature
from newsdesk.lexicon.copytext import copy_tokens


@pytest.fixture(scope="module")
def datasketch():
    """The reference (the test extra installs it); imported inside the tests, not at collection
    (it loads SciPy's integration routines)."""
    return pytest.importorskip("datasketch")


def _identity(value: int) -> int:
    return value


def _reference(datasketch, values, num_perm: int = 64, seed: int = 1) -> np.ndarray:
    mh = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=_identity, scheme="affine32")
    mh.update_batch([int(v) for v in values])
    return np.asarray(mh.hashvalues)


def _texts() -> list[str]:
    rng = random.Random(7)
    words = ("the minister said on monday that talks would resume in geneva after the ceasefire "
             "collapsed overnight, officials told reporters; it's a 4.5% rise — café naïve Zürich").split()
    out = []
    for _ in range(60):
        out.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 300))))
    return out


def test_signatures_equal_datasketch_affine32(datasketch):
    perms = permutations(64, seed=1)
    ref = datasketch.MinHash(num_perm=64, seed=1, scheme="affine32").permutations
    assert np.array_equal(perms, ref)
    rng = np.random.default_rng(3)
    cases = [np.array([0, 1, 2**32 - 1], dtype=np.uint64), rng.integers(0, 2**32, 1, dtype=np.uint64),
             rng.integers(0, 2**32, 5000, dtype=np.uint64)]
    k = CopyConfig().shingle_words
    cases += [np.unique(shingles(copy_tokens(t)[0], k)) for t in _texts()]
    for values in cases:
        ours = signature(values, perms)
        assert ours.dtype == np.uint32
        assert np.array_equal(ours, _reference(datasketch, values)), values[:5]
    for num_perm, seed in ((128, 1), (64, 42)):  # other sizes and seeds too
        values = rng.integers(0, 2**32, 300, dtype=np.uint64)
        assert np.array_equal(signature(values, permutations(num_perm, seed)), _reference(datasketch, values, num_perm, seed))


def test_empty_and_out_of_range_inputs(datasketch):
    perms = permutations(64)
    empty = signature(np.zeros(0, dtype=np.uint64), perms)
    assert np.array_equal(empty, np.asarray(datasketch.MinHash(num_perm=64, scheme="affine32").hashvalues))
    with pytest.raises(ValueError):
        signature(np.array([2**32], dtype=np.uint64), perms)
    with pytest.raises(ValueError):
        signature(np.array([-1]), perms)


def test_band_index_finds_what_datasketch_lsh_finds(datasketch):
    bands, rows = CopyConfig().lsh_bands
    perms = permutations(64)
    rng = random.Random(11)
    base = _texts()
    docs = {}
    for i, text in enumerate(base):  # near copies: a few words changed, so that bands are shared
        words = text.split()
        docs[f"d{i}"] = text
        for j in range(2):
            changed = list(words)
            for _ in range(rng.randint(0, 3)):
                if changed:
                    changed[rng.randrange(len(changed))] = rng.choice(["x", "y", "z"])
            docs[f"d{i}v{j}"] = " ".join(changed)
    k = CopyConfig().shingle_words
    ref = datasketch.MinHashLSH(num_perm=64, params=(bands, rows))
    ours = BandIndex(bands, rows)
    shared = 0
    for doc, text in docs.items():
        values = np.unique(shingles(copy_tokens(text)[0], k))
        sig = signature(values, perms)
        mh = datasketch.MinHash(num_perm=64, hashfunc=_identity, scheme="affine32")
        mh.update_batch([int(v) for v in values])
        found = sorted(ours.query(sig))
        assert found == sorted(ref.query(mh))
        shared += bool(found)
        ours.insert(doc, sig)
        ref.insert(doc, mh)
    assert shared > 20  # the corpus does exercise shared bands


def test_the_duplicate_detector_does_not_import_datasketch():
    code = ("import sys; import newsdesk.cluster.dedup, newsdesk.cluster.persist; "
            "print(sorted(m for m in ('datasketch', 'scipy.integrate') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
