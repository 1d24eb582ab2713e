"""Displayed numbers: the document's own where it writes them, else from position.

Numbers are not identities. Ids are what links point at; numbers are what people
read. By default they come from position: Article 3, Section 3.2, clause 3.2.1,
3.2(a)(i). Within an article its own clauses come first and its sections continue
the same count, so every number is unique: clauses 3.1 and 3.2, then sections 3.3
and 3.4, whose clauses are 3.3.1, 3.3.2... Sub-clauses are lettered (a), then
roman (i), then (A).

A document that has numbers of its own keeps them. Its `numbering:` scheme says
how each level counts (letters, roman, from 0, with a word such as "Appendix"),
and any provision may carry an explicit `number`, shown as written. An explicit
number that reads as a count ("3", "c", "iv") resets the count for the siblings
after it; one that does not ("4A", inserted between 4 and 5) leaves the count
alone, so an insertion renumbers nothing. An empty number means the document
leaves that provision unnumbered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from generator.model.document import (
    Article,
    Clause,
    Document,
    Numbering,
    NumberingLevel,
)
from generator.model.records import quick_init
from generator.support.i18n import N_
from generator.support.i18n import gettext as _

ProvisionKind = Literal["article", "section", "clause", "sub-clause"]

# The default levels name no word: a provision numbered by them is read with the
# default word of its kind, in the language of the page (Article 3, Erthygl 3).
_ARTICLE = NumberingLevel()
_SECTION = NumberingLevel()
_CLAUSE = NumberingLevel()
# The word a provision is read with when its document writes none.
DEFAULT_WORDS = {
    "article": N_("Article"),
    "section": N_("Section"),
    "clause": N_("clause"),
    "sub-clause": N_("clause"),
}
_SUB_CLAUSES = (
    NumberingLevel("lower-alpha", brackets=True),
    NumberingLevel("lower-roman", brackets=True),
    NumberingLevel("upper-alpha", brackets=True),
)


@quick_init
@dataclass(frozen=True, slots=True)
class Number:
    kind: ProvisionKind
    short: str  # "3", "3.2", "3.2.1", "3.2(a)"; "" when the document leaves it unnumbered
    depth: int  # 0 for an article, 1 for its clauses and sections, and so on
    parent: str | None  # id of the enclosing provision
    word: str = ""  # the document's own word ("Appendix", "Schedule"); "" for the default
    position: int = 0  # place among its siblings, from 1 (names an unnumbered provision)
    # The enclosing provision's number, to name an unnumbered one by ("of Article 3"); read
    # when shown, so that it is in the language of the page.
    parent_number: Number | None = None

    @property
    def label(self) -> str:
        """How the number is read in a sentence: "Article 3", "Section 3.2", "clause 3.2(a)"."""
        if not self.short:
            if self.parent_number is not None and self.parent_number.label:
                return _("unnumbered paragraph %(position)s of %(parent)s") % {
                    "position": self.position,
                    "parent": self.parent_number.label,
                }
            return _("unnumbered paragraph %(position)s") % {"position": self.position}
        return f"{self.shown_word} {self.short}"

    @property
    def shown_word(self) -> str:
        """The document's own word as written, else the default word in the language in use."""
        return self.word or _(DEFAULT_WORDS[self.kind])

    @property
    def source_word(self) -> str:
        """The document's own word, else the default in English: what to group numbers by."""
        return self.word or DEFAULT_WORDS[self.kind]

    @property
    def title(self) -> str:
        """The label with a capital letter, for headings and the start of a sentence."""
        label = self.label
        return label[0].upper() + label[1:]


def number_document(doc: Document) -> dict[str, Number]:
    """Every provision's number, keyed by id."""
    scheme = _Scheme(doc.numbering)
    numbers: dict[str, Number] = {}
    counter = _Counter(scheme.article.start)
    for position, article in enumerate(doc.articles, start=1):
        short = _shown(
            article.number, None, counter.next(article.number, scheme.article), scheme.article
        )
        _number_article(article, short, position, scheme, numbers)
    return numbers


class _Scheme:
    """The levels of a numbering scheme, with the usual ones where it says nothing."""

    def __init__(self, numbering: Numbering | None) -> None:
        numbering = numbering or Numbering()
        self.article = numbering.articles or _ARTICLE
        self.section = numbering.sections or _SECTION
        self.clause = numbering.clauses or _CLAUSE
        subs = list(numbering.sub_clauses)
        self.subs = tuple(subs + list(_SUB_CLAUSES[len(subs) :]))

    def sub(self, level: int) -> NumberingLevel:
        return self.subs[min(level, len(self.subs) - 1)]


class _Counter:
    """The positional count of one run of siblings, moved on by explicit numbers."""

    def __init__(self, start: int) -> None:
        self.value = start - 1

    def next(self, explicit: str | None, level: NumberingLevel) -> str:
        """The computed number for the next sibling (used when it has no explicit one)."""
        if explicit is None:
            self.value += 1
            return format_value(self.value, level)
        value = read_value(explicit, level)
        if value is not None:
            self.value = value
        return explicit


def _shown(explicit: str | None, parent: str | None, computed: str, level: NumberingLevel) -> str:
    """The number as displayed: explicit numbers verbatim, joined to the parent's if relative."""
    if explicit is not None:
        if explicit == "" or parent is None:
            return explicit
        if parent and explicit.startswith(parent) and explicit != parent:
            return explicit  # written in full: "2.1" under "2"
        if explicit.startswith("("):
            return f"{parent}{explicit}"
        if "." in explicit or "(" in explicit:
            return explicit  # a full reference of its own: "4.1(3)"
        return f"{parent}{level.separator}{explicit}" if parent else explicit
    marker = f"({computed})" if level.brackets else computed
    if parent is None:
        return marker
    if not parent:
        return marker  # under an unnumbered provision: its own marker only
    return f"{parent}{marker}" if level.brackets else f"{parent}{level.separator}{marker}"


def _number_article(
    article: Article, short: str, position: int, scheme: _Scheme, numbers: dict[str, Number]
) -> None:
    level = scheme.article
    word = article.word or level.word or ""
    number = Number("article", short, 0, None, word, position)
    numbers.setdefault(article.id, number)
    counter = _Counter(scheme.clause.start)
    index = 0
    for clause in article.clauses:
        index += 1
        computed = counter.next(clause.number, scheme.clause)
        clause_short = _shown(clause.number, short, computed, scheme.clause)
        _number_clause(clause, clause_short, 1, 0, index, number, article.id, scheme, numbers)
    for section in article.sections:
        index += 1
        computed = counter.next(section.number, scheme.section)
        section_short = _shown(section.number, short, computed, scheme.section)
        word = section.word or scheme.section.word or ""
        section_number = Number("section", section_short, 1, article.id, word, index, number)
        numbers.setdefault(section.id, section_number)
        inner = _Counter(scheme.clause.start)
        for place, clause in enumerate(section.clauses, start=1):
            computed = inner.next(clause.number, scheme.clause)
            clause_short = _shown(clause.number, section_short, computed, scheme.clause)
            _number_clause(
                clause, clause_short, 2, 0, place, section_number, section.id, scheme, numbers
            )


def _number_clause(
    clause: Clause,
    short: str,
    depth: int,
    sub_level: int,
    position: int,
    parent_number: Number,
    parent: str,
    scheme: _Scheme,
    numbers: dict[str, Number],
) -> None:
    kind: ProvisionKind = "sub-clause" if sub_level else "clause"
    word = (scheme.clause.word or "") if not sub_level else ""
    number = Number(kind, short, depth, parent, word, position, parent_number)
    numbers.setdefault(clause.id, number)
    if not clause.clauses:  # most clauses: nothing below to count
        return
    level = scheme.sub(sub_level)
    counter = _Counter(level.start)
    for place, sub in enumerate(clause.clauses, start=1):
        computed = counter.next(sub.number, level)
        sub_short = _shown(sub.number, short, computed, level)
        _number_clause(
            sub, sub_short, depth + 1, sub_level + 1, place, number, clause.id, scheme, numbers
        )


# --- values and their written forms -------------------------------------------------


def format_value(value: int, level: NumberingLevel) -> str:
    """A count written in a level's style: 3 -> "3", "c", "C", "iii" or "III"."""
    if level.style == "arabic" or value <= 0:
        return str(value)
    if level.style in ("lower-alpha", "upper-alpha"):
        letters = _letters(value)
        return letters.lower() if level.style == "lower-alpha" else letters
    numeral = roman(value)
    return numeral.lower() if level.style == "lower-roman" else numeral


_LAST_PART = re.compile(r"(?:^|[.(\-:/ ])\(?([0-9A-Za-z]+)\)?$")
_ROMAN_DIGITS = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def read_value(written: str, level: NumberingLevel) -> int | None:
    """The count an explicit number stands for in a level's style, or None ("4A")."""
    match = _LAST_PART.search(written) or re.fullmatch(r"\(?([0-9A-Za-z]+)\)?", written)
    if not match:
        return None
    part = match.group(1)
    if level.style == "arabic" or part.isdigit():
        return int(part) if part.isdigit() else None
    if level.style in ("lower-alpha", "upper-alpha"):
        if not part.isalpha():
            return None
        value = 0
        for ch in part.upper():
            value = value * 26 + ord(ch) - ord("A") + 1
        return value
    total, previous = 0, 0
    for ch in reversed(part.lower()):
        digit = _ROMAN_DIGITS.get(ch)
        if digit is None:
            return None
        total += -digit if digit < previous else digit
        previous = max(previous, digit)
    return total if total and roman(total).lower() == part.lower() else None


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
