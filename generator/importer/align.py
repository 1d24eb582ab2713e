"""Carry ids from the previous version to a newly imported one (`import --onto`).

An amendment drafted in Word comes back as a whole new file. Without this step
every clause would get a fresh id and a redline would show the whole document
as changed. Here each provision of the new text is matched to the provision of
the old version it continues, and keeps that id; only provisions with no match
get new ids (made by `outline_to_document.assign_ids`, which never hands out an
id any earlier version used).

Matching works in stages, most certain first, each stage only looking at what
the earlier ones left unmatched:

1. **Anchors**: a clause whose exact text occurs once in the old version and once
   in the new one is the same clause.
2. **Articles and sections by title**: one with the same real title ("Membership")
   under the same parent is the same heading, wherever it moved.
3. **Articles and sections by their clauses**: the rest are matched to the old
   heading most of their anchored clauses came from ("votes"; among equal votes,
   the same title first, then the nearer position). This keeps an article's id
   when its heading is reworded, and sorts out a heading inserted above it.
   Headings that are only a label and a number ("Article", "Section") and got no
   votes match an old one with the same label at the same position among its
   siblings, since their title says nothing else.
4. **Clauses by similarity**: every remaining pair of clauses is scored with
   rapidfuzz on their words (lowercase, punctuation and link targets left out):
   `fuzz.ratio`, an edit-distance similarity, or, when one text contains the
   other (an amendment that adds a sentence), the share of the shorter text's
   words found in the same order in the longer one (`LCSseq`). Containment
   counts only for texts of eight words or more, at least a quarter the length
   of the other, so that "To provide and maintain a Navy;" does not match every
   long clause that happens to contain those words. (`token_set_ratio` was
   tried and rejected: it scores unrelated sentences that share a few words,
   such as "general meeting", above 70.) A pair is accepted at 60 or more in
   the same (already matched) article or section, or 75 or more anywhere else
   (a clause that moved *and* changed needs stronger evidence). Very short
   texts (under three words, e.g. a heading "SubSection") match only when
   identical.
5. **Lead-ins by their sub-clauses**: a clause left unmatched whose matched
   sub-clauses mostly came from one unmatched old clause is that clause
   reworded ("The treasurer shall, each year:" -> "Every year the treasurer
   must:"), so it keeps the id and its sub-clauses are not shown as moved.
6. **Leftover articles and sections** get a second vote, now counting every
   clause matched in stages 4 and 5.

**Ties.** Pairs are taken greedily, best first. The order is: similarity score,
plus 10 points when the two are in the same matched article or section, plus 2
when they hang from the same matched parent clause, plus up to 3 points for
being at the same relative position in the document (3 at the same place, 0 at
opposite ends). So similarity decides, and place and structure decide between
candidates within about 15 points of each other: when a clause is split in two,
the part that stays where it was keeps the id unless the other part carries
clearly more of its words. Exact duplicates (the same text several times, such
as five "SubSection" headings) score alike and are therefore paired by place:
same container first, then nearest position. Any remaining tie goes to the
earlier clause in the new text, then in the old one, so the result never
depends on dictionary order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from generator.importer.ids import words
from generator.importer.outline_to_document import Draft, DraftNode
from generator.model.document import Clause, Document

SAME_CONTAINER_MIN = 60.0
ELSEWHERE_MIN = 75.0
MIN_WORDS_FOR_FUZZY = 3
MIN_WORDS_FOR_CONTAINMENT = 8  # containment is trusted only for texts this long
MIN_CONTAINED_SHARE = 0.25  # ... and when the shorter text is at least this share of the longer
SAME_CONTAINER_BONUS = 10.0
SAME_PARENT_BONUS = 2.0
POSITION_BONUS = 3.0


@dataclass
class _Item:
    """A provision of either version, with what matching needs to know about it."""

    kind: str
    text: str
    ident: str  # the old id; for new items a stable key
    parent: _Item | None  # enclosing provision
    container: _Item | None  # for clauses: the enclosing section or article
    sibling_index: int  # among siblings of the same kind
    position: float  # 0..1 in reading order
    node: DraftNode | None = None
    words: str = ""  # lowercase words joined by spaces, for fuzz.ratio
    tokens: list[str] = field(default_factory=list)
    word_count: int = 0
    match: _Item | None = None


def align(old: Document, draft: Draft) -> dict[int, str]:
    """Match the draft's provisions to the old version's; returns id(node) -> carried id."""
    olds = _old_items(old)
    news = _new_items(draft)
    _anchor_unique_texts(olds, news)
    for kind in ("article", "section"):
        _containers_by_heading(olds, news, kind, titled=True)
        _containers_by_votes(olds, news, kind)
        _containers_by_heading(olds, news, kind, titled=False)
    _clauses_by_similarity(olds, news)
    _lead_ins_by_children(news)
    for kind in ("article", "section"):
        _containers_by_votes(olds, news, kind)
    return {id(n.node): n.match.ident for n in news if n.match is not None and n.node is not None}


# --- the two versions as flat lists ---------------------------------------------------


def _old_items(doc: Document) -> list[_Item]:
    items: list[_Item] = []
    for i, article in enumerate(doc.articles):
        a = _Item("article", article.title, article.id, None, None, i, 0.0)
        items.append(a)
        _old_clauses(article.clauses, a, a, items)
        for j, section in enumerate(article.sections):
            s = _Item("section", section.title, section.id, a, None, j, 0.0)
            items.append(s)
            _old_clauses(section.clauses, s, s, items)
    return _finish(items)


def _old_clauses(
    clauses: tuple[Clause, ...], parent: _Item, container: _Item, out: list[_Item]
) -> None:
    for i, clause in enumerate(clauses):
        item = _Item("clause", clause.text, clause.id, parent, container, i, 0.0)
        out.append(item)
        _old_clauses(clause.clauses, item, container, out)


def _new_items(draft: Draft) -> list[_Item]:
    items: list[_Item] = []
    for i, article in enumerate(draft.articles):
        a = _Item("article", article.text, f"new-{len(items)}", None, None, i, 0.0, article)
        items.append(a)
        _new_clauses(article.clauses, a, a, items)
        for j, section in enumerate(article.sections):
            s = _Item("section", section.text, f"new-{len(items)}", a, None, j, 0.0, section)
            items.append(s)
            _new_clauses(section.clauses, s, s, items)
    return _finish(items)


def _new_clauses(nodes: list[DraftNode], parent: _Item, container: _Item, out: list[_Item]) -> None:
    for i, node in enumerate(nodes):
        item = _Item("clause", node.text, f"new-{len(out)}", parent, container, i, 0.0, node)
        out.append(item)
        _new_clauses(node.clauses, item, container, out)


def _finish(items: list[_Item]) -> list[_Item]:
    count = max(len(items) - 1, 1)
    for index, item in enumerate(items):
        item.position = index / count
        item.tokens = words(item.text)
        item.words = " ".join(item.tokens)
        item.word_count = len(item.tokens)
    return items


# --- stages ---------------------------------------------------------------------------


def _pair(new: _Item, old: _Item) -> None:
    new.match = old
    old.match = new


def _anchor_unique_texts(olds: list[_Item], news: list[_Item]) -> None:
    old_counts = Counter(o.text for o in olds if o.kind == "clause")
    new_counts = Counter(n.text for n in news if n.kind == "clause")
    by_text = {o.text: o for o in olds if o.kind == "clause" and old_counts[o.text] == 1}
    for new in news:
        if new.kind == "clause" and new_counts[new.text] == 1 and new.text in by_text:
            _pair(new, by_text[new.text])


def _lead_ins_by_children(news: list[_Item]) -> None:
    children: dict[int, list[_Item]] = {}
    for item in news:
        if item.kind == "clause" and item.parent is not None and item.parent.kind == "clause":
            children.setdefault(id(item.parent), []).append(item)
    for new in news:
        if new.kind != "clause" or new.match is not None:
            continue
        kids = [k for k in children.get(id(new), []) if k.match is not None]
        parents = [k.match.parent for k in kids if k.match is not None]
        votes = Counter(id(p) for p in parents if p is not None and p.kind == "clause")
        if not votes:
            continue
        winner, count = votes.most_common(1)[0]
        old = next(k.match.parent for k in kids if k.match and id(k.match.parent) == winner)
        if old is None or old.match is not None or count * 2 <= len(kids):
            continue
        _pair(new, old)


def _containers_by_votes(olds: list[_Item], news: list[_Item], kind: str) -> None:
    """A new article (or section) is the old one most of its matched clauses came from."""
    votes: Counter[tuple[int, int]] = Counter()
    index_of_new = {id(n): i for i, n in enumerate(news)}
    index_of_old = {id(o): i for i, o in enumerate(olds)}
    for new in news:
        if new.kind != "clause" or new.match is None:
            continue
        new_box = _enclosing(new, kind)
        old_box = _enclosing(new.match, kind)
        if new_box is None or old_box is None or new_box.match or old_box.match:
            continue
        votes[(index_of_new[id(new_box)], index_of_old[id(old_box)])] += 1
    ranked = sorted(
        votes.items(),
        key=lambda kv: (
            -kv[1],
            news[kv[0][0]].text != olds[kv[0][1]].text,  # same heading first
            abs(news[kv[0][0]].position - olds[kv[0][1]].position),
            kv[0],
        ),
    )
    for (n, o), _count in ranked:
        if news[n].match is None and olds[o].match is None:
            _pair(news[n], olds[o])


def _enclosing(item: _Item, kind: str) -> _Item | None:
    """The article or section a clause is in."""
    box = item.container
    if kind == "article":
        while box is not None and box.kind != "article":
            box = box.parent
    elif box is not None and box.kind != "section":
        return None
    return box


def _containers_by_heading(olds: list[_Item], news: list[_Item], kind: str, titled: bool) -> None:
    """Articles/sections with the same title under the same parent.

    Run twice: first for real titles ("Membership"), which say what the article is
    about; after the votes, for titles that are only a label ("Section"), which must
    also be at the same place among their siblings.
    """
    for new in news:
        if new.kind != kind or new.match is not None:
            continue
        label_only = new.node is not None and new.node.label is not None
        if label_only == titled:
            continue
        candidates = [
            o
            for o in olds
            if o.kind == kind
            and o.match is None
            and o.text == new.text
            and _same_parent(new, o)
            and (not label_only or o.sibling_index == new.sibling_index)
        ]
        if candidates:
            best = min(candidates, key=lambda o: (abs(o.position - new.position), o.position))
            _pair(new, best)


def _same_parent(new: _Item, old: _Item) -> bool:
    if new.parent is None or old.parent is None:
        return new.parent is None and old.parent is None
    return new.parent.match is old.parent


def _clauses_by_similarity(olds: list[_Item], news: list[_Item]) -> None:
    """Stage 4: score the remaining clauses against each other and pair the best first."""
    left_new = [n for n in news if n.kind == "clause" and n.match is None]
    left_old = [o for o in olds if o.kind == "clause" and o.match is None]
    if not left_new or not left_old:
        return
    ratio = process.cdist(
        [n.words for n in left_new], [o.words for o in left_old], scorer=fuzz.ratio, workers=1
    )
    common = process.cdist(
        [n.tokens for n in left_new],
        [o.tokens for o in left_old],
        scorer=LCSseq.similarity,
        workers=1,
    )
    candidates: list[tuple[float, int, int, float]] = []
    for i, new in enumerate(left_new):
        for j, old in enumerate(left_old):
            score = _similarity(new, old, float(ratio[i][j]), int(common[i][j]))
            if score is None:
                continue
            same_box = new.container is not None and new.container.match is old.container
            if score < (SAME_CONTAINER_MIN if same_box else ELSEWHERE_MIN):
                continue
            same_parent = new.parent is not None and new.parent.match is old.parent
            closeness = 1.0 - abs(new.position - old.position)
            rank = (
                score
                + (SAME_CONTAINER_BONUS if same_box else 0.0)
                + (SAME_PARENT_BONUS if same_parent else 0.0)
                + POSITION_BONUS * closeness
            )
            candidates.append((-rank, i, j, score))
    candidates.sort()  # best rank first; then earlier new clause; then earlier old clause
    for _rank, i, j, _score in candidates:
        if left_new[i].match is None and left_old[j].match is None:
            _pair(left_new[i], left_old[j])


def _similarity(new: _Item, old: _Item, ratio: float, common_words: int) -> float | None:
    """How alike two clause texts are, 0-100; None when they are too short to compare fuzzily.

    `common_words` is the length of the longest run of words the two share in order.
    """
    if new.text == old.text:
        return 100.0
    shorter, longer = sorted((new.word_count, old.word_count))
    if shorter < MIN_WORDS_FOR_FUZZY:
        return None
    score = ratio
    if shorter >= MIN_WORDS_FOR_CONTAINMENT and shorter / longer >= MIN_CONTAINED_SHARE:
        score = max(score, 100.0 * common_words / shorter)
    return score
