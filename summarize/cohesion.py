"""Lexical cohesion on one page, for both segmenters: cosine similarity of character-bigram vectors
weighted by log term frequency and inverse line frequency (Salton & Buckley 1988), with the page's
bigrams read as arrays of code points (``numpy``) and texts as rows of sparse count matrices
(``scipy.sparse``), not as strings and dictionaries."""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["Cohesion", "bigram_key", "bigram_keys"]

#: Code points of the Chinese characters whose runs give the bigrams (CJK Extension A and the Unified
#: Ideographs).
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
#: A bigram's key is its first code point shifted past the largest one (U+10FFFF < 2**21), plus the second.
_CODE_BITS = 21


def bigram_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The character bigrams of the Chinese runs of each of ``texts``, in text order with repeats, as
    integer keys (``_CODE_BITS``), and the index of the text each comes from: two arrays of one length.
    The texts are read as one array of code points (a line break between two texts is not Chinese, so
    no bigram spans two texts)."""
    joined = "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    han = np.zeros(len(codes), dtype=bool)
    for lo, hi in _HAN_RANGES:
        han |= (codes >= lo) & (codes <= hi)
    at = np.flatnonzero(han[:-1] & han[1:])
    keys = (codes[at] << _CODE_BITS) | codes[at + 1]
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    return keys, np.searchsorted(starts, at, side="right") - 1


def bigram_key(bigram: str) -> int:
    """The key (``bigram_keys``) of a two-character string."""
    return (ord(bigram[0]) << _CODE_BITS) | ord(bigram[1])


class Cohesion:
    """Lexical cohesion on one page: cosine similarity of character-bigram vectors weighted by log term
    frequency and inverse line frequency (Salton & Buckley 1988), so shared names of places,
    organisations and programmes count and words every story uses barely do.

    The bigrams of the page's lines are numbered in the order they are first printed (the vocabulary;
    ``bigram_keys`` reads them as arrays, not strings). The fragments of a page are the rows of one
    sparse count matrix over that vocabulary (``scipy.sparse``; a page holds a few thousand bigrams, a
    fragment a few dozen), weighted and scaled to unit rows in one pass, and a fragment's section is a
    sparse product of that matrix. A story grows fragment by fragment, so its vector is dense; a cosine
    against every story at once is one product of the stories' unit rows with the fragment's non-zero
    weights. ``bigram in cohesion``: whether a two-character string is printed on the page.
    """

    def __init__(self, texts: list[str]):
        keys, text_of = bigram_keys(texts)
        # each (text, bigram) once, in page order: the document frequencies and the vocabulary's order
        _, first = np.unique((text_of << (2 * _CODE_BITS)) | keys, return_index=True)
        first.sort()
        vocab, at, df = np.unique(keys[first], return_index=True, return_counts=True)
        order = np.argsort(at, kind="stable")
        self._sorted = vocab  # the vocabulary's keys, sorted; ``_number[k]``: the number of ``_sorted[k]``
        self._number = np.empty(len(vocab), dtype=np.intp)
        self._number[order] = np.arange(len(vocab))
        self._known = set(vocab.tolist())
        self.size = len(vocab)
        n = max(1, len(texts))
        self.idf = np.log((1 + n) / (1 + df[order].astype(float)))
        self._shares: dict[str, np.ndarray] = {}

    def __contains__(self, bigram: str) -> bool:
        return len(bigram) == 2 and bigram_key(bigram) in self._known

    def _numbers(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary numbers of the bigram ``keys`` in the vocabulary, and a mask of which those are."""
        if not self.size:
            return np.zeros(0, dtype=np.intp), np.zeros(len(keys), dtype=bool)
        at = np.minimum(np.searchsorted(self._sorted, keys), self.size - 1)
        found = self._sorted[at] == keys
        return self._number[at[found]], found

    def matrix(self, texts: list[str]) -> sp.csr_matrix:
        """Bigram counts of each of ``texts`` as the rows of a sparse ``(len(texts), vocabulary)`` matrix."""
        keys, text_of = bigram_keys(texts)
        numbers, found = self._numbers(keys)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(text_of[found], minlength=len(texts)))])
        m = sp.csr_matrix((np.ones(len(numbers)), numbers, indptr), shape=(len(texts), self.size))
        m.sum_duplicates()
        return m

    @staticmethod
    def rows(m: sp.csr_matrix) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each row of a CSR matrix as ``(vocabulary numbers, values)`` (views of its arrays, not copies)."""
        return [(m.indices[a:b], m.data[a:b]) for a, b in zip(m.indptr[:-1], m.indptr[1:])]

    def unit_rows(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """``weights`` of each row of a sparse count matrix, scaled to length 1 (zero rows stay zero)."""
        w = counts.copy()
        w.data = self._weigh(w.data, w.indices)
        norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1 / norms) @ w)

    def weights(self, counts: np.ndarray) -> np.ndarray:
        """``(1 + log tf) * idf`` of a count vector (a text holds few of the page's bigrams, so only
        its non-zero counts are weighted)."""
        out = np.zeros(len(counts))
        at = counts.nonzero()[0]
        out[at] = self._weigh(counts[at], at)
        return out

    def _weigh(self, counts: np.ndarray, at: np.ndarray) -> np.ndarray:
        """``(1 + log tf) * idf`` of non-zero ``counts`` of the bigrams numbered ``at``."""
        return (1 + np.log(counts)) * self.idf[at]

    def unit(self, counts: np.ndarray) -> np.ndarray:
        """The weighted vector of ``counts`` scaled to length 1 (zeros when it has no weight): cosines
        of unit vectors are dot products."""
        w = self.weights(counts)
        norm = np.linalg.norm(w)
        return w / norm if norm > 0 else w

    def share(self, short: str, counts: np.ndarray) -> float:
        """Share (0-1) of ``short``'s bigram weight (idf) found in a text with ``counts`` (dense, over the
        vocabulary): how much of a headline or kicker a story's text names."""
        idx = self._bigrams_of(short)
        return self._share(idx, counts[idx] > 0) if len(idx) else 0.0

    def share_in(self, short: str, numbers: np.ndarray) -> float:
        """``share`` in a text given by the sorted vocabulary numbers of the bigrams it holds (a row's
        indices in a matrix of ``matrix``), without making its dense vector."""
        idx = self._bigrams_of(short)
        if not len(idx) or not len(numbers):
            return 0.0
        at = np.minimum(np.searchsorted(numbers, idx), len(numbers) - 1)
        return self._share(idx, numbers[at] == idx)

    def _bigrams_of(self, short: str) -> np.ndarray:
        """The vocabulary numbers of ``short``'s bigrams on the page, each once, in the order printed."""
        idx = self._shares.get(short)
        if idx is None:
            numbers, _ = self._numbers(bigram_keys([short])[0])
            idx = self._shares[short] = numbers[np.sort(np.unique(numbers, return_index=True)[1])]
        return idx

    def _share(self, idx: np.ndarray, found: np.ndarray) -> float:
        total = self.idf[idx].sum()
        return float(self.idf[idx][found].sum() / total) if total > 0 else 0.0

    def counts(self, text: str) -> np.ndarray:
        """Bigram counts of one text as a dense vector over the vocabulary (bigrams the page's lines do
        not print are left out)."""
        out = np.zeros(self.size)
        numbers, _ = self._numbers(bigram_keys([text])[0])
        np.add.at(out, numbers, 1.0)
        return out

    def similarity(self, a: np.ndarray, b: np.ndarray) -> float:
        """Cosine (0-1) of two dense count vectors' weighted vectors; 0 when either has no weight."""
        return float(self.unit(a) @ self.unit(b))
