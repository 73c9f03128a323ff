"""The segmenter's fitted linear models: named features in, scores out; weights read from
``segment_model.json``, which ``make fit`` (``tools/fit_segmenter.py``) writes from synthetic pages."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "segment_model.json"


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

    def matrix(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """``(len(rows), n_features)`` matrix of feature mappings."""
        m = np.zeros((len(rows), len(self.features)))
        index = self.index
        for r, x in enumerate(rows):
            cols = [index.get(name, -1) for name in x]
            vals = list(x.values())
            keep = [k for k, c in enumerate(cols) if c >= 0]
            m[r, [cols[k] for k in keep]] = [vals[k] for k in keep]
        return m

    def scores(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """``(len(rows), n_classes)`` linear scores (log-odds for a binary model, logits otherwise)."""
        if not rows:
            return np.zeros((0, len(self.classes)))
        return self.matrix(rows) @ self.coef.T + self.intercept

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Softmax over classes for each row, ``(len(rows), n_classes)``; a one-class model gives the
        logistic probability of its class."""
        s = self.scores(rows)
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
    """The fitted models of ``segment_model.json`` (or ``path``) by name: ``roles``, ``link``, ``headline``.

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
