"""Local repair of one story: find whether it holds two events and, if so, where to cut it.

A single-pass clusterer makes its worst mistake when the first article about a new event joins
the story of a similar older event (two rehab check-ins, two Microsoft patches): from then on the
mixed centroid attracts both. Each story is therefore re-examined as it grows: its members are
bisected (the sign of the leading eigenvector of their centred similarity matrix, refined by
spherical 2-means) and the story is cut when the halves are much less similar to each other than
each is internally::

    cross / sqrt(cohesion_a * cohesion_b) < threshold

where ``cross`` is the average similarity between a member of one half and one of the other and
``cohesion`` the average similarity between two members of the same half. The ratio does not
depend on how wordy or diverse a story's coverage is, only on whether it falls into two groups.
Only that story's members are touched; the rest of the corpus is never re-clustered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from newsdesk.cluster.vectors import SparseVector

if TYPE_CHECKING:  # scipy is imported when a story is first checked for a split (0.15 s)
    import scipy.sparse as sp

MAX_SAMPLE = 300  # members used to find the cut of a very large story (all are then assigned)


def _matrix(vectors: Sequence[SparseVector]) -> sp.csr_matrix:
    import scipy.sparse as sp

    columns: dict[int, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for v in vectors:
        for t, w in v.items():
            indices.append(columns.setdefault(t, len(columns)))
            data.append(w)
        indptr.append(len(indices))
    return sp.csr_matrix((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                          np.asarray(indptr, dtype=np.int64)),
                         shape=(len(vectors), max(len(columns), 1)))


def _separation(x: sp.csr_matrix, side: np.ndarray) -> float:
    na, nb = int(side.sum()), int((~side).sum())
    ca = np.asarray(x[side].sum(axis=0)).ravel()
    cb = np.asarray(x[~side].sum(axis=0)).ravel()
    cross = float(ca @ cb) / (na * nb)
    coh_a = (float(ca @ ca) - na) / (na * (na - 1))
    coh_b = (float(cb @ cb) - nb) / (nb * (nb - 1))
    return cross / float(np.sqrt(max(coh_a, 1e-12) * max(coh_b, 1e-12)))


def _two_means(x: sp.csr_matrix, side: np.ndarray, iterations: int) -> np.ndarray:
    for _ in range(iterations):
        ca = np.asarray(x[side].sum(axis=0)).ravel()
        cb = np.asarray(x[~side].sum(axis=0)).ravel()
        ca /= np.linalg.norm(ca) or 1.0
        cb /= np.linalg.norm(cb) or 1.0
        new_side = (x @ ca) >= (x @ cb)
        if new_side.all() or not new_side.any() or np.array_equal(new_side, side):
            break
        side = new_side
    return side


def bisect(vectors: Sequence[SparseVector], threshold: float, *, min_share: float = 0.2,
           iterations: int = 10) -> tuple[list[int], float] | None:
    """Positions of the members to cut off and the halves' separation ratio; None to keep the story.

    ``vectors`` are the members' unit vectors. A cut needs at least ``max(2, min_share * n)``
    members on each side and a separation ratio below ``threshold``. The smaller half is returned
    (ties: the half without member 0). Deterministic.
    """
    n = len(vectors)
    smallest = max(2, int(np.ceil(min_share * n)))
    if n < 2 * smallest:
        return None
    x = _matrix(vectors)
    sample = x if n <= MAX_SAMPLE else x[np.linspace(0, n - 1, MAX_SAMPLE).astype(int)]
    sim = (sample @ sample.T).toarray()
    centred = sim - sim.mean(axis=0) - sim.mean(axis=1)[:, None] + sim.mean()
    _, vecs = np.linalg.eigh(centred)
    lead = vecs[:, -1]
    side = lead >= 0
    if side.all() or not side.any():
        return None
    side = _two_means(sample, side, iterations)
    if side.all() or not side.any():
        return None
    if sample is not x:
        ca = np.asarray(sample[side].sum(axis=0)).ravel()
        cb = np.asarray(sample[~side].sum(axis=0)).ravel()
        side = (x @ (ca / np.linalg.norm(ca))) >= (x @ (cb / np.linalg.norm(cb)))
    na, nb = int(side.sum()), int((~side).sum())
    if min(na, nb) < smallest:
        return None
    ratio = _separation(x, side)
    if ratio >= threshold:
        return None
    if na < nb or (na == nb and not side[0]):
        cut = side
    else:
        cut = ~side
    return [int(i) for i in np.flatnonzero(cut)], ratio
