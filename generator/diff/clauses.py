"""The diff stage: two versions of a document -> clause-aligned, word-level changes.

Provisions (articles, sections, clauses and sub-clauses) are aligned by their id,
never by line or position, so renumbering is not mistaken for rewording. Each
provision of either version appears exactly once in the result (an id reused for a
different clause appears twice: once removed, once added), in reading order, with
one of these kinds:

added / removed
    The id is on one side only (or see "id reuse" below).
modified (clauses) / retitled (articles and sections)
    The words differ. Whitespace is not a word: re-wrapping a clause is no change.
formatting
    Only the typography differs: straight or curly quotes, dash styles, Markdown
    escapes (`N \\* V`), emphasis markers. The wording is the same, so it is not an
    amendment, and it is counted apart (`Tally.formatting`). A version converted
    from LaTeX to Markdown, or re-typed, changes many clauses only in this way.
moved
    Same words, but the provision changed parent (another article, section or
    clause), or changed order among its siblings. Order is judged by a longest
    increasing subsequence of the siblings that stayed under the same parent: the
    largest set that kept its relative order did not move, and the rest did. So a
    clause that is only pushed down by an insertion before it is not "moved", and
    when two clauses swap, one of them (the one outside that subsequence) is.
    A modified provision that also moved keeps kind "modified" with `moved` set.
renumbered
    Same words, same parent, same relative order, but its displayed number
    changed (something was inserted or removed before it, or its article moved).
unchanged
    Same words and the same number.

Id reuse: when an id names a clause on both sides but the two texts share less than
`ID_REUSE_SIMILARITY` of their words (see `worddiff.similarity`), the id is taken
to have been reused for a different clause, and the pair is reported as the old
clause removed and the new clause added. The same happens when an id changes level
(a clause id reused for an article). Article and section titles are short, so a
new title under the same id is always "retitled", never a reuse.

`apply_diff(old, diff)` rebuilds the new version from the old one and the diff;
the property tests use it to prove the diff loses nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from generator.diff.fields import field_changes, merge_order
from generator.diff.words import (
    Segment,
    SegmentKind,
    diff_if_similar,
    diff_segments,
    readable,
    same_but_typography,
    same_words,
    words,
)
from generator.model.changes import (
    ChangeKind,
    DocumentDiff,
    Level,
    Placement,
    ProvisionChange,
)
from generator.model.document import Article, Clause, Document, Section
from generator.model.numbering import Number, number_document
from generator.support.collector import collector_paused

# Below this share of words in common (0..1, see worddiff.similarity), a clause
# text under an old id is taken to be a different clause that reuses the id.
# Measured on the example constitution: two unrelated clauses share 0.09 of their
# words at the median (0.17 at the 90th percentile, from common words such as
# "the", "members", "meeting"), while a heavy rewording of the same provision
# ("bring neighbours ... together, and reduce loneliness" rewritten as "help
# neighbours ... meet ... so that fewer people are lonely") still shares 0.21.
# The threshold errs towards "modified": the id is the author's statement that
# it is the same clause, and a heavy rewording reads the same either way.
ID_REUSE_SIMILARITY = 0.15


class DiffError(ValueError):
    """Two documents that cannot be compared, or a diff that does not fit a document."""


# --- building a diff ---------------------------------------------------------


@dataclass(slots=True)
class _Node:
    id: str
    level: Level
    text: str
    parent: str | None
    index: int  # among the parent's children of the same level
    position: int  # among all the parent's children (clauses, then sections)
    children: list[str]


_ROOT = "\x00root"  # the document itself, as the parent of its articles


def _index(doc: Document) -> dict[str, _Node]:
    """Every provision by id, with its parent and position. Ids must be unique."""
    nodes: dict[str, _Node] = {_ROOT: _Node(_ROOT, "article", "", None, 0, 0, [])}

    def add(id_: str, level: Level, text: str, parent: str, index: int) -> _Node:
        if id_ in nodes:
            raise DiffError(
                f"the id '{id_}' is used twice in {doc.id} version {doc.version}; "
                "ids must be unique for versions to be compared (run 'charters validate')."
            )
        siblings = nodes[parent].children
        node = _Node(
            id_, level, text, None if parent == _ROOT else parent, index, len(siblings), []
        )
        siblings.append(id_)
        nodes[id_] = node
        return node

    def add_clauses(clauses: tuple[Clause, ...], parent: str) -> None:
        for i, clause in enumerate(clauses):
            add(clause.id, "clause", clause.text, parent, i)
            add_clauses(clause.clauses, clause.id)

    for i, article in enumerate(doc.articles):
        add(article.id, "article", article.title, _ROOT, i)
        add_clauses(article.clauses, article.id)
        for j, section in enumerate(article.sections):
            add(section.id, "section", section.title, article.id, j)
            add_clauses(section.clauses, section.id)
    return nodes


@dataclass(frozen=True, slots=True)
class Prepared:
    """One version's provisions indexed and numbered: what every diff of it starts from.

    A document's pages diff each version twice or more (against the next version and
    against the current text), so `document_redlines` prepares each version once.
    """

    index: dict[str, _Node]
    numbers: dict[str, Number]


def prepare(doc: Document) -> Prepared:
    return Prepared(_index(doc), number_document(doc))


def diff_documents(
    old: Document | None,
    new: Document | None,
    prepared: Callable[[Document], Prepared] = prepare,
) -> DocumentDiff:
    """Compare two versions of one document. Either may be None: added or removed in full.

    `prepared` gives a version's index and numbers; both are only read here. The
    diff makes a few objects for every provision, nearly all of which last as its
    result, so the cycle collector is held off while it runs: it would only walk
    them (an eighth of the time on 2,000 clauses).
    """
    with collector_paused():
        return _diff(old, new, prepared)


def _diff(
    old: Document | None, new: Document | None, prepared: Callable[[Document], Prepared]
) -> DocumentDiff:
    if old is None and new is None:
        raise DiffError("there is no document on either side to compare.")
    if old is not None and new is not None and (old.kind, old.id) != (new.kind, new.id):
        raise DiffError(
            f"cannot compare {old.kind} '{old.id}' with {new.kind} '{new.id}': "
            "a redline compares two versions of the same document."
        )
    some = new or old
    assert some is not None
    empty = replace(some, articles=())
    nothing = Prepared(_index(empty), {})
    old_side, new_side = prepared(old) if old else nothing, prepared(new) if new else nothing
    before, after = old_side.index, new_side.index
    numbers_before, numbers_after = old_side.numbers, new_side.numbers
    matched = _match(before, after)
    moved = _moved(before, after, matched)

    def change(id_: str, side: Literal["old", "new", "both"]) -> ProvisionChange:
        was = before[id_] if side != "new" else None
        now = after[id_] if side != "old" else None
        old_place = Placement(was.parent, was.index, numbers_before[id_]) if was else None
        new_place = Placement(now.parent, now.index, numbers_after[id_]) if now else None
        node = now or was
        assert node is not None
        if was is None:
            return ProvisionChange(
                id_, node.level, "added", None, new_place, None, node.text, _whole("insert", node)
            )
        if now is None:
            return ProvisionChange(
                id_, node.level, "removed", old_place, None, node.text, None, _whole("delete", node)
            )
        kind: ChangeKind
        segments = matched[id_]
        if segments is not None:  # a reworded clause, whose word diff `_match` made
            kind = "modified"
        elif same_words(was.text, now.text):
            segments = _whole("equal", now)
            if id_ in moved:
                kind = "moved"
            elif old_place and new_place and old_place.number.short != new_place.number.short:
                kind = "renumbered"
            else:
                kind = "unchanged"
        elif same_but_typography(was.text, now.text):
            segments = diff_segments(readable(was.text), readable(now.text))
            kind = "formatting"
        else:
            segments = diff_segments(readable(was.text), readable(now.text))
            kind = "modified" if node.level == "clause" else "retitled"
        return ProvisionChange(
            id_, node.level, kind, old_place, new_place, was.text, now.text, segments, id_ in moved
        )

    order = _reading_order(before, after, matched)
    provisions = tuple(change(id_, side) for id_, side in order)
    return DocumentDiff(
        some.id,
        some.kind,
        replace(old, articles=()) if old else None,
        replace(new, articles=()) if new else None,
        field_changes(old, new),
        provisions,
    )


def _whole(kind: SegmentKind, node: _Node) -> tuple[Segment, ...]:
    """A text that is all inserted, all deleted or all unchanged, as one segment."""
    text = readable(node.text)
    # Every whitespace character but the space is unprintable, so a printable text
    # with no double, leading or trailing space is already its words joined by one.
    if not (text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "):
        text = " ".join(words(text))
    return (Segment(kind, text),)


def _match(
    before: dict[str, _Node], after: dict[str, _Node]
) -> dict[str, tuple[Segment, ...] | None]:
    """The ids that name the same provision in both versions.

    The value is the word diff when it had to be computed to decide (a modified
    clause), so it is computed once; None otherwise.
    """
    matched: dict[str, tuple[Segment, ...] | None] = {}
    for id_, now in after.items():
        was = before.get(id_)
        if was is None or id_ == _ROOT or was.level != now.level:
            continue
        if was.level != "clause" or same_but_typography(was.text, now.text):
            matched[id_] = None
            continue
        segments = diff_if_similar(readable(was.text), readable(now.text), ID_REUSE_SIMILARITY)
        if segments is not None:
            matched[id_] = segments
    return matched


def _moved(
    before: dict[str, _Node], after: dict[str, _Node], matched: dict[str, object]
) -> set[str]:
    """Matched provisions that changed parent, or left the order of their siblings."""
    moved = {i for i in matched if before[i].parent != after[i].parent}
    for parent in after.values():
        if len(parent.children) < 2:  # most provisions: no siblings below to reorder
            continue
        stayed = [c for c in parent.children if c in matched and c not in moved]
        if len(stayed) < 2:
            continue
        positions = [before[c].position for c in stayed]
        keep = _longest_increasing(positions)
        moved.update(c for i, c in enumerate(stayed) if i not in keep)
    return moved


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence, in O(n log n)."""
    if all(a < b for a, b in pairwise(values)):  # the usual case: no sibling moved
        return set(range(len(values)))
    tails: list[int] = []  # tails[k]: index of the smallest tail of an increasing run of k+1
    tail_values: list[int] = []
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tail_values, value)
        if k == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[k] = i
            tail_values[k] = value
        previous[i] = tails[k - 1] if k else -1
    keep: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep


Side = Literal["old", "new", "both"]


def _reading_order(
    before: dict[str, _Node], after: dict[str, _Node], matched: dict[str, object]
) -> list[tuple[str, Side]]:
    """Every provision once, in the order a reader meets them.

    The new version's order, with each removed provision shown just after the
    sibling that preceded it in the old version (inside its old parent, which may
    itself be a removed provision). A matched provision appears where it now is.
    """
    order: list[tuple[str, Side]] = []

    def visit(id_: str, side: Side) -> None:
        if id_ != _ROOT:
            order.append((id_, side))
        new_children = after[id_].children if side != "old" else []
        old_children = before[id_].children if side != "new" else []
        if not new_children and not old_children:  # most provisions: nothing below
            return
        if not any(c not in matched for c in old_children):
            for child in new_children:
                visit(child, "both" if child in matched else "new")
            return
        # Removed children are keyed apart from new ones, as an id may be in both (reuse);
        # children that moved to another parent are shown there, not here.
        staying = set(new_children)
        tagged_old = [
            c if c in matched else f"\x00{c}"
            for c in old_children
            if c not in matched or c in staying
        ]
        for key in merge_order(tagged_old, new_children):
            if key.startswith("\x00"):
                visit(key[1:], "old")
            else:
                visit(key, "both" if key in matched else "new")

    visit(_ROOT, "both")
    return order


# --- applying a diff -----------------------------------------------------------


def apply_diff(old: Document | None, diff: DocumentDiff) -> Document | None:
    """The new version, rebuilt from the old one and the diff (None when it was removed).

    Texts that the diff says are unchanged are taken from `old`, and every provision
    of `old` must be accounted for, so a diff applied to the wrong document fails.
    """
    if diff.new_head is None:
        return None
    before = _index(old) if old else {_ROOT: _Node(_ROOT, "article", "", None, 0, 0, [])}
    accounted: set[str] = set()
    placed: dict[tuple[str | None, Level], list[tuple[int, str, str]]] = {}
    for p in diff.provisions:
        if p.old is not None:
            was = before.get(p.id)
            if was is None or was.level != p.level or was.text != p.old_text:
                raise DiffError(f"the diff does not fit this document: '{p.id}' differs.")
            accounted.add(p.id)
        if p.new is None:
            continue
        if p.old is not None and p.old_text == p.new_text:
            text = before[p.id].text
        elif p.new_text is not None:
            text = p.new_text
        else:
            raise DiffError(f"the diff has no text for '{p.id}'.")
        placed.setdefault((p.new.parent, p.level), []).append((p.new.index, p.id, text))
    if accounted != set(before) - {_ROOT}:
        raise DiffError("the diff does not fit this document: some provisions are missing.")

    def children(parent: str | None, level: Level) -> list[tuple[str, str]]:
        return [(i, t) for _, i, t in sorted(placed.get((parent, level), []))]

    def clauses(parent: str) -> tuple[Clause, ...]:
        return tuple(Clause(i, t, clauses(i)) for i, t in children(parent, "clause"))

    articles = tuple(
        Article(
            a,
            title,
            clauses(a),
            tuple(Section(s, t, clauses(s)) for s, t in children(a, "section")),
        )
        for a, title in children(None, "article")
    )
    return replace(diff.new_head, articles=articles)


def provisions_by_article(diff: DocumentDiff) -> Iterator[list[ProvisionChange]]:
    """The provisions grouped under their article, each group starting with the article."""
    group: list[ProvisionChange] = []
    for p in diff.provisions:
        if p.level == "article" and group:
            yield group
            group = []
        group.append(p)
    if group:
        yield group
