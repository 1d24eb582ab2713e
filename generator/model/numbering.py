"""Displayed numbers, derived from position: Article 3, Section 3.2, clause 3.2.1, 3.2(a)(i).

Numbers are never stored. Ids are what links point at; numbers are what people
read, and they change when a clause is inserted before them. Within an article,
its own clauses come first and its sections continue the same count, so every
number is unique: clauses 3.1 and 3.2, then sections 3.3 and 3.4, whose clauses
are 3.3.1, 3.3.2... Sub-clauses are lettered (a), then roman (i), then (A).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.model.document import Article, Clause, Document

ProvisionKind = Literal["article", "section", "clause", "sub-clause"]


@dataclass(frozen=True, slots=True)
class Number:
    kind: ProvisionKind
    short: str  # "3", "3.2", "3.2.1", "3.2(a)"
    depth: int  # 0 for an article, 1 for its clauses and sections, and so on
    parent: str | None  # id of the enclosing provision

    @property
    def label(self) -> str:
        """How the number is read in a sentence: "Article 3", "Section 3.2", "clause 3.2(a)"."""
        if self.kind == "article":
            return f"Article {self.short}"
        if self.kind == "section":
            return f"Section {self.short}"
        return f"clause {self.short}"

    @property
    def title(self) -> str:
        """The label with a capital letter, for headings and the start of a sentence."""
        label = self.label
        return label[0].upper() + label[1:]


def number_document(doc: Document) -> dict[str, Number]:
    """Every provision's number, keyed by id."""
    numbers: dict[str, Number] = {}
    for index, article in enumerate(doc.articles, start=1):
        _number_article(article, str(index), numbers)
    return numbers


def _number_article(article: Article, short: str, numbers: dict[str, Number]) -> None:
    numbers.setdefault(article.id, Number("article", short, 0, None))
    count = 0
    for clause in article.clauses:
        count += 1
        _number_clause(clause, f"{short}.{count}", 1, article.id, numbers)
    for section in article.sections:
        count += 1
        section_short = f"{short}.{count}"
        numbers.setdefault(section.id, Number("section", section_short, 1, article.id))
        for position, clause in enumerate(section.clauses, start=1):
            _number_clause(clause, f"{section_short}.{position}", 2, section.id, numbers)


def _number_clause(
    clause: Clause, short: str, depth: int, parent: str, numbers: dict[str, Number]
) -> None:
    kind: ProvisionKind = "clause" if not _is_sub(short) else "sub-clause"
    numbers.setdefault(clause.id, Number(kind, short, depth, parent))
    level = short.count("(")
    for position, sub in enumerate(clause.clauses, start=1):
        _number_clause(sub, f"{short}({_marker(level, position)})", depth + 1, clause.id, numbers)


def _is_sub(short: str) -> bool:
    return "(" in short


def _marker(level: int, position: int) -> str:
    if level == 0:
        return _letters(position).lower()
    if level == 1:
        return roman(position).lower()
    return _letters(position)


def _letters(position: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA: enough letters for any list."""
    out = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def roman(number: int) -> str:
    values = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out
