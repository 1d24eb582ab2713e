"""Rules for the document's own numbers: siblings show different numbers, in order.

Explicit numbers are typed by people, so two sections can both be written "2.1",
an explicit "3" can land on the number a positional neighbour already shows, or
"7" can be typed after "9". Readers and citations could then not tell them apart,
or would look for a provision where it is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from generator.model.document import Article, Clause, Document, NumberingLevel, Section
from generator.model.numbering import Number, number_document, read_value
from generator.model.problems import Problem


def check_numbering(doc: Document) -> list[Problem]:
    """Duplicate displayed numbers among siblings where an explicit number is involved."""
    numbers = number_document(doc)
    problems: list[Problem] = []
    for siblings in _sibling_runs(doc):
        problems += _duplicates(doc, siblings, numbers)
        problems += _out_of_order(doc, siblings, numbers)
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


_PART = re.compile(r"([0-9A-Za-z]+)\)?$")  # the last part of "4.1(c)", "4A", "IV"
_INSERTED = re.compile(r"^([0-9]+)([A-Za-z]{1,3})$")  # "4A", inserted between 4 and 5
_ROMAN = re.compile(r"^(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)


def _out_of_order(
    doc: Document, siblings: Sequence[Article | Section | Clause], numbers: dict[str, Number]
) -> list[Problem]:
    """An explicit number lower than the one before it, among siblings counted alike."""
    problems: list[Problem] = []
    runs: dict[str, list[tuple[Article | Section | Clause, str]]] = {}
    for node in siblings:
        number = numbers[node.id]
        match = _PART.search(number.short)
        if match:  # "Article 9" and "Appendix A" count apart
            runs.setdefault(number.source_word, []).append((node, match.group(1)))
    for run in runs.values():
        roman = all(_ROMAN.match(part) for _, part in run) and any(len(p) > 1 for _, p in run)
        previous: tuple[Article | Section | Clause, tuple[str, int, str]] | None = None
        for node, part in run:
            key = _order_key(part, roman)
            if key is None:
                previous = None
                continue
            same_style = previous is not None and previous[1][0] == key[0]
            if same_style and key <= previous[1] and _typed(node, previous[0]):
                before = numbers[previous[0].id].short
                problems.append(
                    Problem(
                        doc.source,
                        f"'{node.id}' is numbered {numbers[node.id].short}, after "
                        f"'{previous[0].id}' numbered {before}: numbers must go up in the "
                        "order the provisions are written. Check the 'number' values, or move "
                        "the provision to its place.",
                        path=(*node.path, "number") if node.number is not None else node.path,
                        at="value",
                    )
                )
            previous = (node, key)
    return problems


def _typed(node: Article | Section | Clause, before: Article | Section | Clause) -> bool:
    return node.number is not None or before.number is not None


def _order_key(part: str, roman: bool) -> tuple[str, int, str] | None:
    """Where a written number sorts: "4" < "4A" < "4B" < "5"; "iv" is 4 in a roman list.

    The first part is the style: figures and letters are counted apart, so
    appendices lettered A, B after Articles 1 to 10 are in order.
    """
    if part.isdigit():
        return "figures", int(part), ""
    inserted = _INSERTED.match(part)
    if inserted:
        return "figures", int(inserted.group(1)), inserted.group(2).upper()
    style = "lower-roman" if roman else "lower-alpha"
    value = read_value(part, NumberingLevel(style)) if part.isalpha() else None
    return (style, value, "") if value is not None else None
