"""Fit the segmenter's models (line roles, fragment links, headlines, split headlines) on synthetic
pages and write ``summarize/segment_model.json``.

    python tools/fit_segmenter.py [--articles ../shared/eval/articles] [--pages 800] [--seed 1]

Pages are made by ``tools/synth_pages.py`` from the real articles of ``../shared/eval/articles`` (its
``train`` half; the ``dev`` half is scored at the end), read at fit time only: no article text enters
the repository, only the weights. The seed pages and ``../shared/eval/unseen`` are never used here.
The models are fitted in turn, each on what the models before it give at run time (a cascade):

1. ``roles``: multinomial logistic regression of each line's role on ``roles.line_features``;
2. ``link``: conditional logit (McFadden 1974) of each fragment's story among the stories begun so far
   and "a new story", on ``segment_fitted.link_features`` / ``segment_fitted.new_features``, with the gold choice
   made at every step (teacher forcing);
3. ``headline``: logistic regression of "this headline heads this story" on
   ``segment_fitted.headline_features``, over the stories the models before it find; its intercept is
   then shifted to make the most right choices under the one-headline-a-story assignment
   (``fit_assignment_shift``);
4. ``headline_cont``: logistic regression of "this heading line is the rest of the headline in the line
   above it" on ``segment_fitted.continuation_features``.

Each is fitted by L-BFGS on the mean log-loss plus an L2 penalty (``--l2``); the output is the same
bytes for the same inputs (weights rounded to 6 decimals, features sorted by name, one BLAS thread).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# One BLAS thread: sums taken in one order, so a re-fit gives the same weights (set before numpy loads).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import scipy.optimize  # noqa: E402
import scipy.sparse as sp  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import linear  # noqa: E402
from summarize.continuity import continues  # noqa: E402
from summarize.stories import windows as page_windows  # noqa: E402
from summarize import segment_fitted as fitted  # noqa: E402
from summarize.layout import ROLES  # noqa: E402
from summarize.roles import classify_lines, line_features, stack_features  # noqa: E402
from summarize.models import Page  # noqa: E402

#: The synthesiser's fine line labels and the role model's classes.
DETAIL_ROLE = {"headline": "headline", "headline_cont": "headline", "kicker": "kicker", "place_kicker": "kicker",
               "deck": "deck", "byline": "byline", "credit": "credit", "body": "body", "section_head": "section",
               "caption": "caption", "photo_credit": "caption", "table": "noise", "notice": "noise",
               "header": "noise", "footer": "noise", "box": "noise"}


# ---------------------------------------------------------------------------------------------- data
def synthesise(articles: Path, out: Path, pages: int, seed: int, split: str) -> Path:
    """Run the page synthesiser; returns its output folder."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "synth_pages.py"), "--articles", str(articles),
                    "--out", str(out), "--pages", str(pages), "--seed", str(seed), "--split", split],
                   check=True)
    return out


def load_pages(folder: Path) -> list[tuple[Page, dict[int, tuple[str, str]]]]:
    """``(page, {line: (story, detail)})`` for every synthetic page in ``folder``."""
    out = []
    for path in sorted((folder / "pages").glob("*.txt")):
        labels = {}
        for row in (folder / "gold" / f"{path.stem}.labels.tsv").read_text(encoding="utf-8").splitlines():
            cols = row.split("\t")
            if len(cols) >= 3 and cols[0].isdigit():
                labels[int(cols[0])] = (cols[1], cols[2])
        out.append((Page(str(path), path.read_text(encoding="utf-8"), "utf-8"), labels))
    return out


# ------------------------------------------------------------------------------------------ fitting
class Vocabulary:
    """Feature names to columns, sorted so the same rows give the same matrix."""

    def __init__(self, rows) -> None:
        self.names = sorted({name for row in rows for name in row})
        self.index = {n: i for i, n in enumerate(self.names)}

    def matrix(self, rows) -> sp.csr_matrix:
        data, cols, ptr = [], [], [0]
        for row in rows:
            for name, value in row.items():
                i = self.index.get(name)
                if i is not None and value:
                    cols.append(i)
                    data.append(float(value))
            ptr.append(len(cols))
        return sp.csr_matrix((data, cols, ptr), shape=(len(rows), len(self.names)))


def fit_softmax(X: sp.csr_matrix, y: np.ndarray, k: int, l2: float) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression: ``(coef (k, p), intercept (k,))`` minimising mean cross-entropy
    plus ``l2 / 2 * ||coef||²``."""
    n, p = X.shape
    Y = np.zeros((n, k))
    Y[np.arange(n), y] = 1.0

    def loss(theta):
        W = theta[: k * p].reshape(k, p)
        b = theta[k * p:]
        S = np.asarray(X @ W.T) + b
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        Z = P.sum(axis=1, keepdims=True)
        P /= Z
        value = -np.sum((S - np.log(Z)) * Y) / n + 0.5 * l2 * np.sum(W * W)
        G = (P - Y) / n
        gW = np.asarray((X.T @ G).T) + l2 * W
        return value, np.concatenate([gW.ravel(), G.sum(axis=0)])

    result = scipy.optimize.minimize(loss, np.zeros(k * p + k), jac=True, method="L-BFGS-B",
                                     options={"maxiter": 300})
    return result.x[: k * p].reshape(k, p), result.x[k * p:]


def fit_logistic(X: sp.csr_matrix, y: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    """Binary logistic regression: ``(coef (p,), intercept)``."""
    n, p = X.shape

    def loss(theta):
        w, b = theta[:p], theta[p]
        s = X @ w + b
        value = np.sum(np.logaddexp(0, s) - y * s) / n + 0.5 * l2 * w @ w
        g = (1 / (1 + np.exp(-s)) - y) / n
        return value, np.concatenate([X.T @ g + l2 * w, [g.sum()]])

    result = scipy.optimize.minimize(loss, np.zeros(p + 1), jac=True, method="L-BFGS-B", options={"maxiter": 300})
    return result.x[:p], float(result.x[p])


def fit_choice(X: sp.csr_matrix, groups: np.ndarray, gold: np.ndarray, l2: float) -> np.ndarray:
    """Conditional logit: one weight vector scoring every candidate of a choice; the candidates of
    choice ``g`` are the rows with ``groups == g`` (contiguous), ``gold`` marks the chosen row."""
    n, p = X.shape
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    n_groups = len(starts)
    sizes = np.diff(np.r_[starts, n])
    owner = np.repeat(np.arange(n_groups), sizes)

    def loss(w):
        s = X @ w
        m = np.maximum.reduceat(s, starts)
        e = np.exp(s - m[owner])
        z = np.add.reduceat(e, starts)
        prob = e / z[owner]
        value = (np.sum(np.log(z) + m) - np.sum(s[gold == 1])) / n_groups + 0.5 * l2 * w @ w
        grad = X.T @ (prob - gold) / n_groups + l2 * w
        return value, grad

    result = scipy.optimize.minimize(loss, np.zeros(p), jac=True, method="L-BFGS-B", options={"maxiter": 300})
    return result.x


# ------------------------------------------------------------------------------------------- stages
#: Line features by page path, made once and reused by every stage.
FEATURES: dict[str, list[dict[str, float]]] = {}


def classify(page):
    """``layout.classify_lines`` of a page with the models installed so far, its features made once."""
    if page.path not in FEATURES:
        FEATURES[page.path] = line_features([r for r in page.text.split("\n") if r.strip()], continues)
    return classify_lines(page.text, continues, FEATURES[page.path])


def role_rows(pages):
    """Role-model rows of every line: ``(features, role indices, [(first row, end row) per page])``."""
    X, y, spans = [], [], []
    for page, labels in pages:
        start = len(X)
        raws = [(i + 1, r) for i, r in enumerate(page.text.split("\n")) if r.strip()]
        feats = FEATURES[page.path] = line_features([r for _, r in raws], continues)
        for (n, _), f in zip(raws, feats):
            detail = labels.get(n, ("-", "body"))[1]
            X.append(f)
            y.append(ROLES.index(DETAIL_ROLE.get(detail, "body")))
        spans.append((start, len(X)))
    return X, np.array(y), spans


def _gold_story(lines, labels) -> str:
    votes = Counter()
    for pl in lines:
        story = labels.get(pl.number, ("-", ""))[0]
        votes[story] += len(pl.text) or 1
    return votes.most_common(1)[0][0] if votes else "-"


def link_rows(pages):
    rows, groups, gold = [], [], []
    g = 0
    for page, labels in pages:
        lines = classify(page)
        for window in page_windows(lines):
            fragments, _, cohesion = fitted.prepare(window)
            stories = [_gold_story(f.lines, labels) for f in fragments]
            stories = [s if s != "-" else f"-{k}" for k, s in enumerate(stories)]
            opened: list[str] = []

            def choose(index, cands, stories=stories, opened=opened):
                nonlocal g
                story = stories[index]
                k = opened.index(story) if story in opened else None
                if k is None:
                    opened.append(story)
                if cands is None:
                    return len(opened) - 1
                pick = k if k is not None else len(cands) - 1
                for j, row in enumerate(cands):
                    rows.append(row)
                    groups.append(g)
                    gold.append(1.0 if j == pick else 0.0)
                g += 1
                return pick

            fitted.assign_fragments(fragments, cohesion, choose=choose)
    return rows, np.array(groups), np.array(gold)


def headline_rows(pages):
    """Headline-model rows of every (candidate line, story) pair, their labels (1: the line heads the
    story the most of whose text its own story holds) and, per window, ``(first row, candidates,
    stories, gold story index per candidate or -1)`` for ``fit_assignment_shift``; then the
    ``headline_cont`` rows of every consecutive pair of heading lines in a block and their labels (1:
    the second line is the rest of the first's headline)."""
    rows, y, windows = [], [], []  # y: a list until the end
    cont_rows, cont_y = [], []
    for page, labels in pages:
        lines = classify(page)
        for window in page_windows(lines):
            fragments, blocks, cohesion = fitted.prepare(window)
            drafts = fitted.assign_fragments(fragments, cohesion)
            if not drafts:
                continue
            owner = {}
            for d in drafts:
                chars = Counter()
                for pl in d.lines:
                    chars[labels.get(pl.number, ("-", ""))[0]] += len(pl.text)
                story, n = chars.most_common(1)[0]
                if story != "-" and n > owner.get(story, (None, 0))[1]:
                    owner[story] = (d, n)
            for block in blocks:
                for a, b in fitted.continuation_pairs(block):
                    (sa, _), (sb, db) = labels.get(a.number, ("-", "")), labels.get(b.number, ("-", ""))
                    home = owner.get(sa, owner.get(sb, (None, 0)))[0]
                    if home is None:
                        continue  # at run time a pair is judged only when one of its lines heads a story
                    shares = (cohesion.share(a.text, home.counts), cohesion.share(b.text, home.counts))
                    cont_rows.append(fitted.continuation_features(a, b, shares))
                    cont_y.append(1.0 if db == "headline_cont" and sa == sb != "-" else 0.0)
            candidates = fitted._headline_candidates(blocks)
            if not candidates:
                continue
            windows.append((len(rows), len(candidates), len(drafts), []))
            rows += fitted.headline_rows(candidates, drafts, cohesion)
            for pl, block in candidates:
                story, detail = labels.get(pl.number, ("-", ""))
                target = owner.get(story, (None, 0))[0] if detail in ("headline", "headline_cont") else None
                y += [1.0 if d is target else 0.0 for d in drafts]
                windows[-1][3].append(drafts.index(target) if target is not None else -1)
    return rows, np.array(y), windows, cont_rows, np.array(cont_y)


def fit_assignment_shift(logit: np.ndarray, windows) -> tuple[float, int, int]:
    """The shift of the headline model's log-odds that makes the most right choices when each window's
    headlines are given by one optimal assignment (``segment_fitted.assign_headlines``: pairs of positive
    shifted log-odds only): the pairwise model is fitted on every pair alone, while the assignment lets
    a story take one headline, so its best threshold is not log-odds 0. A choice is right when a line
    that heads a story is given that story, or a line that heads none is given none. Tried from -6 to 2
    in steps of 0.25; on a tie the shift nearest 0. Returns ``(shift, right choices, choices)``."""
    best = (-1, 0.0)
    total = sum(c for _, c, _, _ in windows)
    for shift in sorted(np.arange(-6.0, 2.0001, 0.25), key=abs):
        right = 0
        for start, c, d, targets in windows:
            got = fitted.headline_assignment(logit[start:start + c * d].reshape(c, d) + shift)
            right += sum(got.get(i, -1) == t for i, t in enumerate(targets))
        if right > best[0]:
            best = (right, float(shift))
    return best[1], best[0], total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "eval" / "articles")
    ap.add_argument("--pages", type=int, default=800, help="synthetic training pages")
    ap.add_argument("--dev-pages", type=int, default=200, help="synthetic dev pages scored at the end")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--l2", type=float, default=1e-5, help="L2 penalty; chosen on the synthetic dev pages (1e-3 to 1e-6 tried)")
    ap.add_argument("--out", type=Path, default=linear.MODEL_FILE)
    ap.add_argument("--work", type=Path, default=None, help="keep the synthetic pages here")
    args = ap.parse_args(argv)
    if not (args.articles / "articles.jsonl").exists():
        print(f"fit: no articles at {args.articles} (../shared/eval/articles is needed to fit)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        train = load_pages(synthesise(args.articles, work / "train", args.pages, args.seed, "train"))
        print(f"fit: {len(train)} training pages", file=sys.stderr)
        models: dict[str, dict] = {}

        X, y, pages_of = role_rows(train)
        vocab = Vocabulary(X)
        coef, intercept = fit_softmax(vocab.matrix(X), y, len(ROLES), args.l2)
        first = linear.LinearModel(ROLES, vocab.names, coef, intercept)
        models["roles0"] = first.to_json()
        X2 = []
        for lo, hi in pages_of:
            X2 += stack_features(X[lo:hi], first.probabilities(X[lo:hi]), ROLES)
        vocab = Vocabulary(X2)
        coef, intercept = fit_softmax(vocab.matrix(X2), y, len(ROLES), args.l2)
        models["roles"] = linear.LinearModel(ROLES, vocab.names, coef, intercept).to_json()
        print(f"fit: roles on {len(X)} lines, {len(vocab.names)} features", file=sys.stderr)
        _install(models)

        rows, groups, gold = link_rows(train)
        vocab = Vocabulary(rows)
        w = fit_choice(vocab.matrix(rows), groups, gold, args.l2)
        models["link"] = linear.LinearModel(["score"], vocab.names, [w], [0.0]).to_json()
        print(f"fit: link on {int(gold.sum())} choices, {len(vocab.names)} features", file=sys.stderr)
        _install(models)

        rows, y, windows, cont_rows, cont_y = headline_rows(train)
        vocab = Vocabulary(rows)
        X = vocab.matrix(rows)
        w, b = fit_logistic(X, y, args.l2)
        shift, right, total = fit_assignment_shift(X @ w + b, windows)
        models["headline"] = linear.LinearModel(["score"], vocab.names, [w], [b + shift]).to_json()
        print(f"fit: headline on {len(rows)} pairs ({int(y.sum())} true), {len(vocab.names)} features; "
              f"assignment shift {shift:+.2f} ({right} of {total} choices right)", file=sys.stderr)
        if 0 < cont_y.sum() < len(cont_y):  # a few pages may hold no headline printed over two lines
            vocab = Vocabulary(cont_rows)
            w, b = fit_logistic(vocab.matrix(cont_rows), cont_y, args.l2)
            models["headline_cont"] = linear.LinearModel(["score"], vocab.names, [w], [b]).to_json()
        print(f"fit: headline_cont on {len(cont_rows)} pairs of heading lines ({int(cont_y.sum())} true)",
              file=sys.stderr)

        meta = {"command": "make fit", "pages": args.pages, "seed": args.seed, "l2": args.l2,
                "source": "tools/synth_pages.py --split train over ../shared/eval/articles"}
        args.out.write_text(json.dumps({"meta": meta, "models": models}, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
        print(f"fit: wrote {args.out}", file=sys.stderr)
        if args.dev_pages:  # the models just written, wherever --out put them
            linear.use_models(linear.load_models(args.out))
            dev = synthesise(args.articles, work / "dev", args.dev_pages, args.seed + 1, "dev")
            print(json.dumps(score_folder(dev)), file=sys.stderr)
        linear.use_models(None)
        linear._loaded.clear()
    return 0


def _install(models: dict[str, dict]) -> None:
    """Make the models fitted so far the ones ``segment`` uses (the next stage fits on their output)."""
    linear.use_models({name: linear.LinearModel.from_json(d) for name, d in models.items()})


def score_folder(folder: Path) -> dict:
    """Segment every page of a synthetic folder and score it against its gold (``score_digest.py``)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from segmentation_eval import score_pages  # noqa: E402

    return score_pages(folder / "pages", folder / "gold", method="fitted")


if __name__ == "__main__":
    sys.exit(main())
