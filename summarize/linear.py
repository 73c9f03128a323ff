"""The segmenter's fitted linear models: named features in, scores out; weights read from
``segment_model.json``, which ``make fit`` (``tools/fit_segmenter.py``) writes from synthetic pages."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from itertools import repeat
from operator import mul
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "segment_model.json"


class Encoded:
    """Feature mappings encoded once for several models: ``(row, feature id, value)`` triples over a
    vocabulary of the names met (a model maps the ids to its own columns)."""

    def __init__(self, rows: Sequence[Mapping[str, float]]):
        vocab: dict[str, int] = {}
        ids = [vocab.setdefault(name, len(vocab)) for x in rows for name in x]
        self.n = len(rows)
        self.names = list(vocab)
        self.at_row = np.repeat(np.arange(self.n, dtype=np.intp), [len(x) for x in rows])
        self.ids = np.asarray(ids, dtype=np.intp)
        self.values = np.fromiter((v for x in rows for v in x.values()), dtype=float, count=len(ids))

    def __len__(self) -> int:
        return self.n


class LinearModel:
    """A linear model over named features: ``scores(x) = W @ x + b``.

    ``weights`` maps each class (or the single name ``"score"``) to ``{feature: weight}``; a feature
    absent from the weights counts nothing, so a model fitted on fewer features still applies.
    """

    def __init__(self, classes: Sequence[str], features: Sequence[str], coef: Sequence[Sequence[float]],
                 intercept: Sequence[float]) -> None:
        self.classes = tuple(classes)
        self.features = tuple(features)
        self.index = {name: i for i, name in enumerate(self.features)}
        self.coef = np.asarray(coef, dtype=float).reshape(len(self.classes), len(self.features))
        self.intercept = np.asarray(intercept, dtype=float).reshape(len(self.classes))
        #: A one-class model's weight by feature name.
        self.weight_of = dict(zip(self.features, self.coef[0].tolist())) if len(self.classes) == 1 else {}

    def matrix(self, rows: "Sequence[Mapping[str, float]] | Encoded") -> np.ndarray:
        """``(len(rows), n_features)`` matrix of feature mappings (or of ``Encoded`` ones)."""
        m = np.zeros((len(rows), len(self.features)))
        if isinstance(rows, Encoded):
            column = np.array([self.index.get(name, -1) for name in rows.names], dtype=np.intp)[rows.ids]
            keep = column >= 0
            m[rows.at_row[keep], column[keep]] = rows.values[keep]
            return m
        index = self.index
        at_row, at_col, values = [], [], []
        for r, x in enumerate(rows):
            for name, value in x.items():
                c = index.get(name)
                if c is not None:
                    at_row.append(r)
                    at_col.append(c)
                    values.append(value)
        m[at_row, at_col] = values
        return m

    def scores(self, rows: "Sequence[Mapping[str, float]] | Encoded", names: Sequence[str] = (),
               columns: np.ndarray | None = None) -> np.ndarray:
        """``(len(rows), n_classes)`` linear scores (log-odds for a binary model, logits otherwise).

        ``columns`` (``(len(rows), len(names))``) holds more features of the rows, named ``names``,
        as a matrix: numbers a caller already has in an array need not go through mappings."""
        if not rows:
            return np.zeros((0, len(self.classes)))
        if len(self.classes) == 1 and columns is None and not isinstance(rows, Encoded):  # a weighted sum a row
            w, b = self.weight_of, float(self.intercept[0])
            return np.array([[b + sum(map(mul, map(w.get, x, repeat(0.0)), x.values()))] for x in rows])
        s = self.matrix(rows) @ self.coef.T + self.intercept
        if columns is not None and len(names):
            have = [(k, self.index[name]) for k, name in enumerate(names) if name in self.index]
            if have:
                s += columns[:, [k for k, _ in have]] @ self.coef[:, [i for _, i in have]].T
        return s

    def probabilities(self, rows: "Sequence[Mapping[str, float]] | Encoded", names: Sequence[str] = (),
                      columns: np.ndarray | None = None) -> np.ndarray:
        """Softmax over classes for each row, ``(len(rows), n_classes)``; a one-class model gives the
        logistic probability of its class. ``names``, ``columns``: as ``scores``."""
        s = self.scores(rows, names, columns)
        if len(self.classes) == 1:
            return 1.0 / (1.0 + np.exp(-s))
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def to_json(self) -> dict:
        return {"classes": list(self.classes), "features": list(self.features),
                "coef": [[round(float(w), 6) for w in row] for row in self.coef],
                "intercept": [round(float(b), 6) for b in self.intercept]}

    @classmethod
    def from_json(cls, d: Mapping) -> "LinearModel":
        return cls(d["classes"], d["features"], d["coef"], d["intercept"])


_loaded: dict[str, dict[str, LinearModel]] = {}
_override: dict[str, LinearModel] | None = None


def load_models(path: str | Path | None = None) -> dict[str, LinearModel]:
    """The fitted models of ``segment_model.json`` (or ``path``) by name: ``roles0``, ``roles``, ``link``,
    ``headline`` and ``headline_cont``.

    Read once per process. Raises ``FileNotFoundError`` when the file is missing (``make fit`` writes it).
    """
    if _override is not None and path is None:
        return _override
    key = str(path or MODEL_FILE)
    if key not in _loaded:
        with open(key, encoding="utf-8") as fh:
            data = json.load(fh)
        _loaded[key] = {name: LinearModel.from_json(d) for name, d in data["models"].items()}
    return _loaded[key]


def use_models(models: dict[str, LinearModel] | None) -> None:
    """Make ``models`` the ones ``load_models()`` returns (the fitter's models in the making); None
    goes back to the file."""
    global _override
    _override = models
