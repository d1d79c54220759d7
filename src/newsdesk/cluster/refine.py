"""Local repair of one story: find whether it holds two events and, if so, where to cut it.

A single-pass clusterer makes its worst mistake when the first article about a new event joins
the story of a similar older event (two rehab check-ins, two Microsoft patches): from then on the
mixed centroid attracts both. Each story is therefore re-examined as it grows: its members are
bisected with spherical 2-means, and the story is cut when the two halves are, on average,
less similar to each other than ``threshold`` (the average-link criterion). Only that story's
members are touched; the rest of the corpus is never re-clustered.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from newsdesk.cluster.vectors import SparseVector


def _matrix(vectors: Sequence[SparseVector]) -> sp.csr_matrix:
    columns: dict[int, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for v in vectors:
        for t, w in v.items():
            indices.append(columns.setdefault(t, len(columns)))
            data.append(w)
        indptr.append(len(indices))
    return sp.csr_matrix((np.asarray(data), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                         shape=(len(vectors), max(len(columns), 1)))


def bisect(vectors: Sequence[SparseVector], threshold: float, *, min_share: float = 0.2,
           restarts: int = 3, iterations: int = 10) -> tuple[list[int], float] | None:
    """Positions of the members to cut off, and the halves' average cross similarity; None to keep.

    ``vectors`` are the members' unit vectors. Restart ``r`` seeds 2-means with the member at
    ``r * n // restarts`` and the member least similar to it (deterministic). The best bisection
    is the one with the lowest average cross similarity whose smaller half holds at least
    ``max(2, min_share * n)`` members; the story is cut only when that similarity is below
    ``threshold``. The smaller half is the one returned (ties: the half without member 0).
    """
    n = len(vectors)
    smallest = max(2, int(np.ceil(min_share * n)))
    if n < 2 * smallest:
        return None
    x = _matrix(vectors)
    best: tuple[float, np.ndarray] | None = None
    for r in range(restarts):
        a = (r * n) // restarts
        sims = np.asarray((x @ x[a].T).todense()).ravel()
        b = int(np.argmin(sims))
        ca = np.asarray(x[a].todense()).ravel()
        cb = np.asarray(x[b].todense()).ravel()
        side = None
        for _ in range(iterations):
            new_side = (x @ ca) >= (x @ cb)
            if new_side.all() or not new_side.any():
                side = None
                break
            if side is not None and np.array_equal(new_side, side):
                break
            side = new_side
            ca = np.asarray(x[side].sum(axis=0)).ravel()
            cb = np.asarray(x[~side].sum(axis=0)).ravel()
        if side is None:
            continue
        na, nb = int(side.sum()), int((~side).sum())
        if min(na, nb) < smallest:
            continue
        cross = float(ca @ cb) / (na * nb)
        if best is None or cross < best[0]:
            best = (cross, side)
    if best is None or best[0] >= threshold:
        return None
    cross, side = best
    na, nb = int(side.sum()), int((~side).sum())
    if na < nb or (na == nb and not side[0]):
        cut = side
    else:
        cut = ~side
    return [int(i) for i in np.flatnonzero(cut)], cross
