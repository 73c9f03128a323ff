"""The day's stories by prominence: one story printed twice found by its character shingles, and the
top stories ranked by where and how often the day's pages print them; pure."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from summarize.models import Prominence, StorySummary

#: Characters per shingle: five Chinese characters are about two words, long enough that two unrelated
#: stories rarely share one by chance, short enough that an OCR slip breaks only the few covering it.
SHINGLE_CHARS = 5
#: Share of the shorter printing's shingles that must be found in the longer one: containment, not
#: Jaccard, since a front-page teaser is a fraction of the full story. Measured on the seed day: two
#: different stories share at most 0.12 of their shingles (boilerplate phrases), a teaser cut from its
#: story 1.0; half sits far from both (see README, "Top stories").
CONTAINMENT = 0.5
#: Fewest shingles a printing needs to be compared: a sentence's worth; a shorter scrap (a line mistaken
#: for a story) can sit inside many stories by chance.
MIN_SHINGLES = 20
#: Keywords two stories on different pages must share to be on one topic: one shared keyword is often
#: chance (a verb such as 开展 ranks high in many stories), a pair names a subject.
TOPIC_KEYWORDS = 2
_NOT_TEXT = re.compile(r"[\W_]+")


def shingles(text: str, k: int = SHINGLE_CHARS) -> set[str]:
    """The set of ``k``-character shingles of ``text`` after dropping spaces and punctuation (so a line
    broken or punctuated differently by OCR still matches); the whole text when it is shorter than ``k``."""
    compact = _NOT_TEXT.sub("", text)
    if len(compact) <= k:
        return {compact} if compact else set()
    return {compact[i:i + k] for i in range(len(compact) - k + 1)}


def reprint_pairs(texts: Sequence[str], *, threshold: float = CONTAINMENT,
                  min_shingles: int = MIN_SHINGLES) -> list[tuple[int, int, float]]:
    """Pairs of texts that are one story printed twice: ``(i, j, containment)`` with ``i < j``, where
    containment = |S_i ∩ S_j| / min(|S_i|, |S_j|) over ``shingles`` is at least ``threshold`` and both
    texts have at least ``min_shingles`` shingles.

    Exact (Broder 1997, "On the resemblance and containment of documents"): identical texts are
    collapsed first, then every pair's intersection is counted at once as the product of a sparse
    text-by-shingle incidence matrix with its transpose (scipy). 2,022 articles of 1,283 characters on
    average took 10 s on a 2-CPU machine under a load of 13, most of it in building the shingle sets; a
    day of seed-sized pages, well under a second.
    """
    import numpy  # imported here: only the flow's assembling step needs them
    from scipy import sparse

    first_of: dict[str, int] = {}
    same: list[tuple[int, int]] = []
    distinct: list[int] = []
    for i, text in enumerate(texts):
        if text in first_of:
            same.append((first_of[text], i))
        else:
            first_of[text] = i
            distinct.append(i)
    sets = [shingles(texts[i]) for i in distinct]
    position = {i: n for n, i in enumerate(distinct)}
    pairs = [(a, b, 1.0) for a, b in same if len(sets[position[a]]) >= min_shingles]
    keep = [n for n, s in enumerate(sets) if len(s) >= min_shingles]
    if len(keep) >= 2:
        # columns: the shingles' hashes numbered by numpy.unique (64-bit: a collision is negligible)
        hashed = [numpy.fromiter(map(hash, sets[n]), dtype=numpy.int64, count=len(sets[n])) for n in keep]
        rows = numpy.repeat(numpy.arange(len(keep)), [len(h) for h in hashed])
        _, cols = numpy.unique(numpy.concatenate(hashed), return_inverse=True)
        incidence = sparse.csr_matrix((numpy.ones(len(cols), dtype=numpy.int32), (rows, cols.ravel())),
                                      shape=(len(keep), int(cols.max()) + 1))
        shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
        sizes = numpy.array([len(sets[n]) for n in keep])
        scores = shared.data / numpy.minimum(sizes[shared.row], sizes[shared.col])
        hits = scores >= threshold
        for a, b, score in zip(shared.row[hits], shared.col[hits], scores[hits]):
            i, j = sorted((distinct[keep[a]], distinct[keep[b]]))
            pairs.append((i, j, float(score)))
    return sorted(pairs)  # a copy of a text joins that text's near-duplicates through ``rank_stories``' union


def rank_stories(stories: Sequence[StorySummary], front_pages: set[str] | frozenset[str] = frozenset()
                 ) -> dict[str, Prominence]:
    """Every story's ``Prominence``, keyed by story id: which printings are one story (``reprint_pairs``),
    and the rank of each distinct story by its prominence votes.

    ``stories`` in page order (as ``assemble`` sorts them); ``front_pages`` the source paths of the pages
    printed as page 1 (``pageview.printed_page``). One vote for each editorial decision that makes a
    story prominent, counted over all its printings: it is the first story on a page, it carries a byline,
    it is the longest story on its page, it is on a front page, each further page that prints it, and each
    further page carrying a story on its topic (sharing ``TOPIC_KEYWORDS`` keywords that at most half the
    day's pages carry: a word on most pages names no topic). Every vote weighs one: nothing here is tuned, and there are no
    labelled rankings to learn weights from. Ties go to the story given more room (characters), then to
    reading order. Of a story printed several times the longest printing is kept (``reprint_of`` None),
    the others name it in ``reprint_of``; the kept one lists them in ``also``.
    """
    n = len(stories)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _ in reprint_pairs([s.story.text for s in stories]):
        parent[find(j)] = find(i)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        clusters[find(i)].append(i)

    by_page: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(stories):
        by_page[s.story.source].append(i)
    first = {min(idx, key=lambda i: min(stories[i].story.lines, default=0)) for idx in by_page.values()}
    longest = {max(idx, key=lambda i: len(stories[i].story.text)) for idx in by_page.values()}
    pages_of_word: dict[str, set[str]] = defaultdict(set)
    for s in stories:
        for k in s.keywords:
            pages_of_word[k.word].add(s.story.source)
    topical = {w for w, pages in pages_of_word.items() if 1 < len(pages) <= len(by_page) / 2}
    topic_words = [{k.word for k in s.keywords} & topical for s in stories]
    holders: dict[str, list[int]] = defaultdict(list)
    for j, words in enumerate(topic_words):
        for w in words:
            holders[w].append(j)

    scored = []
    for members in clusters.values():
        kept = max(members, key=lambda i: (len(stories[i].story.text), -i))
        pages = {stories[i].story.source for i in members}
        signals: list[str] = []
        if any(i in first for i in members):
            signals.append("first")
        if any(stories[i].story.authors for i in members):
            signals.append("byline")
        if any(i in longest for i in members):
            signals.append("longest")
        if pages & front_pages:
            signals.append("front")
        signals += ["reprint"] * (len(pages) - 1)
        words = set().union(*(topic_words[i] for i in members))
        shared = Counter(j for w in words for j in holders[w])
        topic_pages = {stories[j].story.source for j, count in shared.items() if count >= TOPIC_KEYWORDS} - pages
        signals += ["topic"] * len(topic_pages)
        scored.append((kept, members, signals))
    scored.sort(key=lambda c: (-len(c[2]), -len(stories[c[0]].story.text), c[0]))

    result: dict[str, Prominence] = {}
    for rank, (kept, members, signals) in enumerate(scored, start=1):
        others = tuple(stories[i].story.id for i in sorted(members) if i != kept)
        kept_id = stories[kept].story.id
        result[kept_id] = Prominence(rank=rank, votes=len(signals), signals=tuple(signals), reprint_of=None,
                                     also=others)
        for other in others:
            result[other] = Prominence(rank=None, votes=len(signals), signals=tuple(signals), reprint_of=kept_id,
                                       also=())
    return result
