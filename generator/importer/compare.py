"""Compare two versions of a document by id: what was kept, changed, moved, new or gone.

This is the summary an import prints after `--onto`, the figures of
`import-history`, and what the tests assert on. It looks only at ids, texts and
places, so it works on any two `Document`s, however they were made.

* **kept**: same id, same text, same place.
* **changed**: same id, different text (or title). If it also moved, `moved` is set.
* **moved**: same id and text, but a different parent (e.g. a paragraph that became
  an item of a list) or a different order among its siblings.
* **new**: an id the old version did not have.
* **gone**: an id the new version no longer has.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from generator.model.document import Clause, Document

Status = Literal["kept", "changed", "moved", "new", "gone"]
STATUSES: tuple[Status, ...] = ("kept", "changed", "moved", "new", "gone")
ProvisionKind = Literal["article", "section", "clause"]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a provision sits: its kind, text, parent and position among its siblings."""

    kind: ProvisionKind
    text: str
    parent: str | None
    index: int


@dataclass(frozen=True, slots=True)
class Change:
    id: str
    kind: ProvisionKind
    status: Status
    old: Place | None
    new: Place | None
    moved: bool = False  # for "changed": it also moved

    @property
    def structural(self) -> bool:
        """A move to another parent (e.g. a paragraph that became a list item)."""
        return self.old is not None and self.new is not None and self.old.parent != self.new.parent


@dataclass(frozen=True, slots=True)
class Comparison:
    changes: tuple[Change, ...]

    def counts(self, kind: ProvisionKind | None = "clause") -> dict[Status, int]:
        """How many provisions (clauses by default; None for all) have each status."""
        counter = Counter(c.status for c in self.changes if kind is None or c.kind == kind)
        return {status: counter.get(status, 0) for status in STATUSES}

    def with_status(self, *statuses: Status) -> list[Change]:
        return [c for c in self.changes if c.status in statuses]

    @property
    def wording_changed(self) -> bool:
        return any(c.status in ("changed", "new", "gone") for c in self.changes)


def places(doc: Document) -> dict[str, Place]:
    """Every provision of `doc` by id."""
    out: dict[str, Place] = {}
    for i, article in enumerate(doc.articles):
        out[article.id] = Place("article", article.title, None, i)
        _clauses(article.clauses, article.id, out)
        for j, section in enumerate(article.sections):
            out[section.id] = Place("section", section.title, article.id, j)
            _clauses(section.clauses, section.id, out)
    return out


def _clauses(clauses: tuple[Clause, ...], parent: str, out: dict[str, Place]) -> None:
    for i, clause in enumerate(clauses):
        out[clause.id] = Place("clause", clause.text, parent, i)
        _clauses(clause.clauses, clause.id, out)


def compare(old: Document, new: Document) -> Comparison:
    """Classify every provision of both versions by id (see the module docstring)."""
    before = places(old)
    after = places(new)
    reordered = _reordered(old, new, before)
    changes: list[Change] = []
    for ident, place in after.items():
        previous = before.get(ident)
        if previous is None:
            changes.append(Change(ident, place.kind, "new", None, place))
            continue
        moved = previous.parent != place.parent or ident in reordered
        if previous.text != place.text:
            changes.append(Change(ident, place.kind, "changed", previous, place, moved))
        elif moved:
            changes.append(Change(ident, place.kind, "moved", previous, place, True))
        else:
            changes.append(Change(ident, place.kind, "kept", previous, place))
    for ident, place in before.items():
        if ident not in after:
            changes.append(Change(ident, place.kind, "gone", place, None))
    return Comparison(tuple(changes))


def _reordered(old: Document, new: Document, before: dict[str, Place]) -> set[str]:
    """Ids that stayed under the same parent but changed order relative to their siblings.

    Among siblings present in both versions, the longest run kept in order stays put;
    the others moved. Inserting or removing a sibling moves nothing.
    """
    moved: set[str] = set()
    old_children = _children(old)
    for parent, new_ids in _children(new).items():
        common = [i for i in new_ids if i in before and before[i].parent == parent]
        if len(common) < 2:
            continue
        old_order = [i for i in old_children.get(parent, []) if i in set(common)]
        matcher = SequenceMatcher(None, old_order, common, autojunk=False)
        in_order = {
            old_order[b.a + k] for b in matcher.get_matching_blocks() for k in range(b.size)
        }
        moved.update(i for i in common if i not in in_order)
    return moved


def _children(doc: Document) -> dict[str | None, list[str]]:
    """Parent id (None for the document) -> its children's ids, in order."""
    out: dict[str | None, list[str]] = {None: [a.id for a in doc.articles]}
    for article in doc.articles:
        out[article.id] = [c.id for c in article.clauses] + [s.id for s in article.sections]
        _child_clauses(article.clauses, out)
        for section in article.sections:
            out[section.id] = [c.id for c in section.clauses]
            _child_clauses(section.clauses, out)
    return out


def _child_clauses(clauses: tuple[Clause, ...], out: dict[str | None, list[str]]) -> None:
    for clause in clauses:
        if clause.clauses:
            out[clause.id] = [c.id for c in clause.clauses]
            _child_clauses(clause.clauses, out)
