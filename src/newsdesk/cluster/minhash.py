"""MinHash signatures and their LSH bands, in NumPy: the duplicate detector's near-duplicate candidates.

The signatures are datasketch's (2.0) ``MinHash(num_perm, seed, scheme="affine32")`` fed 32-bit
values through an identity hash function, value for value: each input is pre-mixed by the
MurmurHash3 32-bit finaliser, then permuted by ``a * h + b`` modulo 2**32 (``a`` odd, ``a`` and
``b`` drawn from ``numpy.random.RandomState(seed)`` as datasketch draws them), and each of the
``num_perm`` slots keeps its minimum. Computed here so that an ``add`` need not import datasketch,
whose LSH module pulls in SciPy's integration routines (about a second per process) for a
parameter search this project never runs; ``tests/test_minhash.py`` checks the identity.

:class:`BandIndex` is the in-memory LSH index (what datasketch's ``MinHashLSH`` with explicit
``params=(bands, rows)`` answers: every key that shares at least one whole band of the query's
signature); the store keeps the same band keys in a table (``newsdesk.store.codec.lsh_band_keys``).
"""

from __future__ import annotations

import numpy as np

from newsdesk.store.codec import lsh_band_keys

_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)  # MurmurHash3's 32-bit finaliser
_EMPTY = np.uint32(0xFFFFFFFF)  # a slot no value has lowered (datasketch's empty sketch)


def permutations(num_perm: int, seed: int = 1) -> np.ndarray:
    """The (2, num_perm) uint32 parameters ``a`` (odd) and ``b`` of the affine permutations."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return np.array([a, b])


def signature(values, perms: np.ndarray) -> np.ndarray:
    """The uint32 MinHash signature of a set of 32-bit ``values`` (an array or sequence of ints
    below 2**32; repeats do not matter) under ``perms`` (:func:`permutations`)."""
    hv = np.asarray(values)
    if hv.size == 0:
        return np.full(perms.shape[1], _EMPTY, dtype=np.uint32)
    if hv.dtype != np.uint32:
        if hv.dtype.kind not in "iu" or int(hv.min()) < 0 or int(hv.max()) > 0xFFFFFFFF:
            raise ValueError("MinHash values must be integers in [0, 2**32)")
        hv = hv.astype(np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv.reshape(-1, 1)
    hv = hv ^ (hv >> np.uint32(s1))
    hv = hv * np.uint32(m1)
    hv = hv ^ (hv >> np.uint32(s2))
    hv = hv * np.uint32(m2)
    hv = hv ^ (hv >> np.uint32(s3))
    return np.minimum(np.full(perms.shape[1], _EMPTY, dtype=np.uint32), (hv * perms[0] + perms[1]).min(axis=0))


class BandIndex:
    """In-memory LSH over MinHash signatures: ``bands`` bands of ``rows`` values each."""

    def __init__(self, bands: int, rows: int):
        self.bands, self.rows = bands, rows
        self.keys: dict[int, list[str]] = {}

    def band_keys(self, sig: np.ndarray) -> list[int]:
        return lsh_band_keys(np.asarray(sig, dtype=np.uint32).tobytes(), self.bands, self.rows)

    def query(self, sig: np.ndarray) -> list[str]:
        """Every key inserted with a signature that shares a band with ``sig``."""
        found: dict[str, None] = {}
        for key in self.band_keys(sig):
            for doc in self.keys.get(key, ()):
                found[doc] = None
        return list(found)

    def insert(self, doc: str, sig: np.ndarray) -> None:
        for key in self.band_keys(sig):
            self.keys.setdefault(key, []).append(doc)
