"""Fit the segmenter's models (line roles, fragment links, headlines, split headlines) on synthetic
pages and write ``summarize/segment_model.json``.

    python tools/fit_segmenter.py [--articles ../shared/eval/articles] [--bags 4] [--pages 400] [--seed 1]

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

Each is fitted by L-BFGS, to convergence, on the mean log-loss plus an L2 penalty (``--l2``).

Bagging (Breiman 1996): every stage is fitted apart on ``--bags`` synthetic draws (``--pages`` pages
each, synthesiser seeds ``--seed``, ``--seed + 100``, ...) and the draws' weights are averaged; the next
stage is fitted on what the averaged models give, so that the weights depend less on one draw's
pages. It narrows, not removes, the spread of the seed pages' figures between draws: see
``docs/segmentation.md``.

The output is the same bytes for the same inputs, whatever ``--jobs`` and whatever the x86-64 machine
(weights rounded to 6 decimals, features sorted by name, one BLAS thread, OpenBLAS's and numpy's CPU
dispatch pinned: see below the imports).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

# One BLAS thread: sums taken in one order, so a re-fit gives the same weights (set before numpy loads).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
# The same arithmetic on every x86-64 machine. The weights are where L-BFGS stops, which follows the last
# bits of every step. OpenBLAS picks its kernels by CPU (with or without fused multiply-add), and numpy picks
# its exp and log loops by CPU (AVX2, AVX-512). The same code and data gave five different model files on one
# machine under five such settings (2026-11-30), none of them the committed file (fitted on another machine),
# and one of them scored seed F1 0.885 instead of 0.923. Pinned here: OpenBLAS's Nehalem kernels (SSE4.2, no
# FMA) and numpy's baseline loops (x86-64-v2, which its wheels require anyway), both of which any x86-64-v2
# CPU runs the same way.
if platform.machine().lower() in ("x86_64", "amd64"):
    os.environ["OPENBLAS_CORETYPE"] = "Nehalem"
    os.environ["NPY_DISABLE_CPU_FEATURES"] = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"

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

#: Bag ``b`` is synthesised with seed ``--seed + BAG_SEED_STEP * b``: structural, only so the bags' seeds
#: stay apart from the dev pages' (``--seed + 1``) and from another base seed's bags.
BAG_SEED_STEP = 100

# ---------------------------------------------------------------------------------------------- data
def synthesise(articles: Path, out: Path, pages: int, seed: int, split: str, compressed_columns: float = 0.0) -> Path:
    """Run the page synthesiser (``compressed_columns``: its ``--compressed-columns``); returns its output folder."""
    subprocess.run([sys.executable, str(ROOT / "tools" / "synth_pages.py"), "--articles", str(articles),
                    "--out", str(out), "--pages", str(pages), "--seed", str(seed), "--split", split,
                    "--compressed-columns", str(compressed_columns)], check=True)
    return out


def synthesise_all(articles: Path, work: Path, pages: int, seeds: list[int]) -> list[Path]:
    """One synthetic training folder per seed (``work/train``, ``work/train-SEED``...), ``JOBS`` at once."""
    folders = [work / ("train" if k == 0 else f"train-{seed}") for k, seed in enumerate(seeds)]
    return in_parallel(lambda job: synthesise(articles, job[0], pages, job[1], "train"), list(zip(folders, seeds)))


def average(models: list[linear.LinearModel]) -> linear.LinearModel:
    """The mean of linear models of the same classes, over the union of their features (a feature a
    model never met weighs 0 in it): bagging (Breiman 1996) of models fitted on separate synthetic draws,
    so the weights depend less on one draw's pages."""
    names = sorted({name for m in models for name in m.features})
    index = {name: i for i, name in enumerate(names)}
    coef = np.zeros((len(models[0].classes), len(names)))
    for m in models:
        coef[:, [index[name] for name in m.features]] += m.coef
    intercept = np.mean([m.intercept for m in models], axis=0)
    return linear.LinearModel(models[0].classes, names, coef / len(models), intercept)


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


#: L-BFGS's iteration cap: high enough that every stage stops on its tolerance, not on the cap (the
#: objectives are strictly convex, so a converged fit does not depend on the path taken to it).
MAX_ITERATIONS = 5000


def _minimize(loss, x0: np.ndarray):
    """L-BFGS-B (Byrd et al. 1995) on ``loss`` (value and gradient); says on stderr when it stopped short."""
    result = scipy.optimize.minimize(loss, x0, jac=True, method="L-BFGS-B", options={"maxiter": MAX_ITERATIONS})
    if not result.success:
        print(f"fit: L-BFGS stopped after {result.nit} iterations: {result.message}", file=sys.stderr)
    return result


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

    result = _minimize(loss, np.zeros(k * p + k))
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

    result = _minimize(loss, np.zeros(p + 1))
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

    result = _minimize(loss, np.zeros(p))
    return result.x


# ------------------------------------------------------------------------------------------- stages
#: Line features by page path, made once and reused by every stage.
FEATURES: dict[str, list[dict[str, float]]] = {}


def features_of(page) -> list[dict[str, float]]:
    """``roles.line_features`` of a page's non-blank lines, made once (``FEATURES``)."""
    if page.path not in FEATURES:
        FEATURES[page.path] = line_features([r for r in page.text.split("\n") if r.strip()], continues)
    return FEATURES[page.path]


def classify(page):
    """``roles.classify_lines`` of a page with the models installed so far."""
    return classify_lines(page.text, continues, features_of(page))


def page_features(pages) -> dict[str, list[dict[str, float]]]:
    """``features_of`` every page, by path (made in a worker, handed back to the fitter's ``FEATURES``)."""
    return {page.path: features_of(page) for page, _ in pages}


_JOB: tuple = ()
#: Worker processes for the bags (``--jobs``).
JOBS = os.cpu_count() or 1


def in_parallel(job, items: list) -> list:
    """``[job(item) for item in items]`` in forked worker processes, one item each, ``JOBS`` at once.
    The workers inherit ``job``, ``items`` and what the fitter holds (the models
    installed so far, ``FEATURES``) by ``fork``; only results are pickled back. The results, and so
    the fit, do not depend on the number of workers."""
    global _JOB
    workers = min(len(items), JOBS)
    if workers <= 1:
        return [job(item) for item in items]
    _JOB = (job, items)
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_run_job, range(len(items)), chunksize=1)


def _run_job(k: int):
    job, items = _JOB
    return job(items[k])


def role_rows(pages):
    """Role-model rows of every line: ``(features, role indices, [(first row, end row) per page])``."""
    X, y, spans = [], [], []
    for page, labels in pages:
        start = len(X)
        raws = [(i + 1, r) for i, r in enumerate(page.text.split("\n")) if r.strip()]
        for (n, _), f in zip(raws, features_of(page)):
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
    global JOBS
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "eval" / "articles")
    ap.add_argument("--pages", type=int, default=400, help="synthetic training pages of each bag")
    ap.add_argument("--dev-pages", type=int, default=200, help="synthetic dev pages scored at the end")
    ap.add_argument("--seed", type=int, default=1, help="the first bag's synthesiser seed")
    ap.add_argument("--bags", type=int, default=4,
                    help="synthetic draws fitted apart and averaged (--pages pages each); 1: one fit")
    ap.add_argument("--jobs", type=int, default=JOBS, help="bags fitted at once (default: the CPUs); "
                    "the weights do not depend on it")
    ap.add_argument("--l2", type=float, default=1e-5, help="L2 penalty; chosen on the synthetic dev pages (1e-3 to 1e-6 tried)")
    ap.add_argument("--out", type=Path, default=linear.MODEL_FILE)
    ap.add_argument("--work", type=Path, default=None, help="keep the synthetic pages here")
    args = ap.parse_args(argv)
    JOBS = max(1, args.jobs)
    if not (args.articles / "articles.jsonl").exists():
        print(f"fit: no articles at {args.articles} (../shared/eval/articles is needed to fit)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        seeds = [args.seed + BAG_SEED_STEP * b for b in range(args.bags)]
        bags = [load_pages(folder) for folder in synthesise_all(args.articles, work, args.pages, seeds)]
        print(f"fit: {args.bags} bags of {args.pages} training pages (synthesiser seeds {seeds})", file=sys.stderr)
        models: dict[str, dict] = {}

        for bag_features in in_parallel(page_features, bags):  # made once, inherited by every stage's workers
            FEATURES.update(bag_features)

        def per_bag(fit_one):
            """Fit one stage on every bag and average the bags' models (Breiman 1996)."""
            return average(in_parallel(fit_one, bags)).to_json()

        def fit_roles0(pages):
            X, y, _ = role_rows(pages)
            vocab = Vocabulary(X)
            return linear.LinearModel(ROLES, vocab.names, *fit_softmax(vocab.matrix(X), y, len(ROLES), args.l2))

        models["roles0"] = per_bag(fit_roles0)
        first = linear.LinearModel.from_json(models["roles0"])

        def fit_roles(pages):
            X, y, spans = role_rows(pages)
            X2 = []
            for lo, hi in spans:
                X2 += stack_features(X[lo:hi], first.probabilities(X[lo:hi]), ROLES)
            vocab = Vocabulary(X2)
            return linear.LinearModel(ROLES, vocab.names, *fit_softmax(vocab.matrix(X2), y, len(ROLES), args.l2))

        models["roles"] = per_bag(fit_roles)
        print(f"fit: roles, {len(models['roles']['features'])} features", file=sys.stderr)
        _install(models)

        def fit_link(pages):
            rows, groups, gold = link_rows(pages)
            vocab = Vocabulary(rows)
            return linear.LinearModel(["score"], vocab.names, [fit_choice(vocab.matrix(rows), groups, gold, args.l2)],
                                      [0.0])

        models["link"] = per_bag(fit_link)
        print(f"fit: link, {len(models['link']['features'])} features", file=sys.stderr)
        _install(models)

        headline_data = in_parallel(headline_rows, bags)

        def fit_headline(data):
            rows, y = data[0], data[1]
            vocab = Vocabulary(rows)
            w, b = fit_logistic(vocab.matrix(rows), y, args.l2)
            return linear.LinearModel(["score"], vocab.names, [w], [b])

        headline = average(in_parallel(fit_headline, headline_data))
        # the assignment's threshold, fitted once on every bag's windows under the averaged model
        logits, windows, offset = [], [], 0
        for rows, _, bag_windows, _, _ in headline_data:
            logits.append(headline.scores(rows)[:, 0])
            windows += [(start + offset, c, d, targets) for start, c, d, targets in bag_windows]
            offset += len(rows)
        shift, right, total = fit_assignment_shift(np.concatenate(logits), windows)
        headline.intercept = headline.intercept + shift
        models["headline"] = headline.to_json()
        print(f"fit: headline, {len(headline.features)} features; assignment shift {shift:+.2f} "
              f"({right} of {total} choices right)", file=sys.stderr)

        # One fit on every bag's pairs, not an average: a bag holds about 30 split headlines, too few for a
        # model of its own (a fit on so few nearly separates them, and its weights run off).
        cont_rows = [row for data in headline_data for row in data[3]]
        cont_y = np.concatenate([data[4] for data in headline_data])
        if 0 < cont_y.sum() < len(cont_y):  # the draws may hold no headline printed over two lines
            vocab = Vocabulary(cont_rows)
            w, b = fit_logistic(vocab.matrix(cont_rows), cont_y, args.l2)
            models["headline_cont"] = linear.LinearModel(["score"], vocab.names, [w], [b]).to_json()
        print(f"fit: headline_cont on {len(cont_rows)} pairs of heading lines ({int(cont_y.sum())} true)",
              file=sys.stderr)

        meta = {"command": "make fit", "bags": args.bags, "pages": args.pages, "seed": args.seed, "l2": args.l2,
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
