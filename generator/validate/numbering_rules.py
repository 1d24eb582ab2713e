"""Rules for the document's own numbers: two siblings must not show the same number.

Explicit numbers are typed by people, so two sections can both be written "2.1",
or an explicit "3" can land on the number a positional neighbour already shows.
Readers and citations could then not tell them apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.model.document import Article, Clause, Document, Section
from generator.model.numbering import Number, number_document
from generator.model.problems import Problem


def check_numbering(doc: Document) -> list[Problem]:
    """Duplicate displayed numbers among siblings where an explicit number is involved."""
    numbers = number_document(doc)
    problems: list[Problem] = []
    for siblings in _sibling_runs(doc):
        problems += _duplicates(doc, siblings, numbers)
    return problems


def _sibling_runs(doc: Document) -> Iterable[Sequence[Article | Section | Clause]]:
    yield doc.articles
    for article in doc.articles:
        yield (*article.clauses, *article.sections)
        for clause in article.clauses:
            yield from _clause_runs(clause)
        for section in article.sections:
            yield section.clauses
            for clause in section.clauses:
                yield from _clause_runs(clause)


def _clause_runs(clause: Clause) -> Iterable[Sequence[Clause]]:
    yield clause.clauses
    for sub in clause.clauses:
        yield from _clause_runs(sub)


def _duplicates(
    doc: Document, siblings: Sequence[Article | Section | Clause], numbers: dict[str, Number]
) -> list[Problem]:
    seen: dict[str, Article | Section | Clause] = {}
    problems: list[Problem] = []
    for node in siblings:
        shown = numbers[node.id].short
        if not shown:
            continue  # unnumbered in the document
        first = seen.get(shown)
        if first is None:
            seen[shown] = node
            continue
        if node.number is None and first.number is None:
            continue  # positional numbers cannot collide; nothing typed to blame
        label = numbers[node.id].label
        problems.append(
            Problem(
                doc.source,
                f"'{node.id}' shows the same number as '{first.id}' ({label}); "
                "give each a different 'number', or remove the 'number' to number by position.",
                path=(*node.path, "number") if node.number is not None else node.path,
                at="value",
            )
        )
    return problems
