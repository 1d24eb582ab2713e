"""The document model every stage shares: plain, frozen dataclasses.

A document is a tree: articles, optionally sections inside an article, clauses,
and sub-clauses (which may nest). Every node has an `id` that never changes once
published; displayed numbers come from position unless the document writes its
own (`number`, `numbering`; see `numbering.py`), so inserting a clause may renumber
the display but breaks no link.

Fields named `path` record where a node came from in its YAML file (as a path of
keys and indices) so that a problem found later can be shown at its line and
column. They take no part in equality: two clauses are equal when their content is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from generator.model.problems import NodePath
from generator.model.records import quick_init
from generator.support.i18n import gettext as _

Kind = Literal["constitution", "charter"]
Status = Literal["draft", "adopted", "superseded", "repealed"]
KINDS: tuple[Kind, ...] = ("constitution", "charter")
STATUSES: tuple[Status, ...] = ("draft", "adopted", "superseded", "repealed")
PUBLISHED_STATUSES: tuple[Status, ...] = ("adopted", "superseded", "repealed")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERSION = re.compile(r"^(0|[1-9][0-9]{0,5})(\.(0|[1-9][0-9]{0,5})){0,2}$")


def is_slug(text: str) -> bool:
    return bool(SLUG.match(text)) and len(text) <= 80


@dataclass(frozen=True, order=False, slots=True)
class Version:
    """A version number such as "2" or "2.1" or "2.1.3", compared numerically."""

    text: str

    def __post_init__(self) -> None:
        if not VERSION.match(self.text):
            raise ValueError(f"{self.text!r} is not a version number like 1, 2.1 or 2.1.3")

    @property
    def key(self) -> tuple[int, int, int]:
        return _version_key(self.text)

    def __lt__(self, other: Version) -> bool:
        return self.key < other.key

    def __le__(self, other: Version) -> bool:
        return self.key <= other.key

    def __str__(self) -> str:
        return self.text


@lru_cache(maxsize=4096)
def _version_key(text: str) -> tuple[int, int, int]:
    """A version's parts as numbers; kept, since histories compare versions over and over."""
    parts = [int(p) for p in text.split(".")]
    return ([*parts, 0, 0])[:3]  # type: ignore[return-value]


# --- the body of a document -------------------------------------------------


@quick_init
@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    text: str
    clauses: tuple[Clause, ...] = ()
    path: NodePath = field(default=(), compare=False, repr=False)
    number: str | None = None  # as the document writes it; None: numbered by position


@quick_init
@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    clauses: tuple[Clause, ...] = ()
    path: NodePath = field(default=(), compare=False, repr=False)
    number: str | None = None
    word: str | None = None  # "Schedule" where its level reads "Section"


@quick_init
@dataclass(frozen=True, slots=True)
class Article:
    """An article holds its own clauses first, then any sections."""

    id: str
    title: str
    clauses: tuple[Clause, ...] = ()
    sections: tuple[Section, ...] = ()
    path: NodePath = field(default=(), compare=False, repr=False)
    number: str | None = None
    word: str | None = None  # "Appendix" where its level reads "Article"


Provision = Article | Section | Clause

NumberStyle = Literal["arabic", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman"]


@dataclass(frozen=True, slots=True)
class NumberingLevel:
    """How one level of the document is numbered, when it is not the usual way."""

    style: NumberStyle = "arabic"
    start: int = 1  # some bylaws count from 0
    brackets: bool = False  # "(a)" rather than "a"
    separator: str = "."  # joins the number to the one above: "2" + "." + "1"
    word: str | None = None  # read as "Appendix A" rather than "Article A"


@dataclass(frozen=True, slots=True)
class Numbering:
    """The document's own numbering scheme, level by level; None means the usual one."""

    articles: NumberingLevel | None = None
    sections: NumberingLevel | None = None
    clauses: NumberingLevel | None = None
    sub_clauses: tuple[NumberingLevel, ...] = ()


# --- decisions and the amendment rule ---------------------------------------


@dataclass(frozen=True, slots=True)
class Votes:
    in_favour: int
    against: int
    abstaining: int = 0

    @property
    def cast(self) -> int:
        """Votes cast: for plus against. Abstentions are not votes cast."""
        return self.in_favour + self.against

    @property
    def in_words(self) -> str:
        """The vote as a decision record reads: "31 for, 4 against, 3 abstaining"."""
        figures = {"in_favour": self.in_favour, "against": self.against}
        if self.abstaining:
            figures["abstaining"] = self.abstaining
            return _("%(in_favour)s for, %(against)s against, %(abstaining)s abstaining") % figures
        return _("%(in_favour)s for, %(against)s against") % figures


@dataclass(frozen=True, slots=True)
class Threshold:
    """The share of votes cast an amendment needs: "2/3", "3:1", "75%" or "majority"."""

    text: str
    share: Fraction  # needed share of votes cast
    strictly_more: bool  # "majority" means more than half, not exactly half

    @classmethod
    def parse(cls, text: str) -> Threshold:
        cleaned = text.strip().lower()
        if cleaned in ("majority", "simple majority", "more than half"):
            return cls(text, Fraction(1, 2), True)
        if cleaned in ("unanimous", "unanimity", "all"):
            return cls(text, Fraction(1), False)
        if m := re.fullmatch(r"(\d{1,4})\s*/\s*(\d{1,4})", cleaned):
            num, den = int(m[1]), int(m[2])
            if den == 0 or num > den or num == 0:
                raise ValueError(f"{text!r} is not a fraction between 0 and 1")
            return cls(text, Fraction(num, den), False)
        if m := re.fullmatch(r"(\d{1,4})\s*:\s*(\d{1,4})", cleaned):
            yes, no = int(m[1]), int(m[2])
            if yes == 0 or yes + no == 0:
                raise ValueError(f"{text!r} is not a usable ratio")
            return cls(text, Fraction(yes, yes + no), False)
        if m := re.fullmatch(r"(\d{1,3}(?:\.\d{1,2})?)\s*%", cleaned):
            share = Fraction(m[1]) / 100
            if not 0 < share <= 1:
                raise ValueError(f"{text!r} is not a percentage between 0 and 100")
            return cls(text, share, False)
        raise ValueError(
            f"{text!r} is not a threshold; write a fraction like 2/3, a ratio like 3:1, "
            "a percentage like 75%, or 'majority'"
        )

    def is_met(self, votes: Votes) -> bool:
        if votes.cast == 0:
            return False
        achieved = Fraction(votes.in_favour, votes.cast)
        return achieved > self.share if self.strictly_more else achieved >= self.share

    def votes_needed(self, cast: int) -> int:
        """The smallest number in favour that meets the threshold when `cast` votes are cast."""
        for in_favour in range(cast + 1):
            if self.is_met(Votes(in_favour, cast - in_favour)):
                return in_favour
        return cast + 1


@dataclass(frozen=True, slots=True)
class AmendmentRule:
    threshold: Threshold
    quorum: int | None = None  # members who must be present
    notice_days: int | None = None
    decided_by: str | None = None  # e.g. "a general meeting"
    path: NodePath = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision record of one version: who adopted it, when, and by what vote."""

    adopted: date
    body: str
    votes: Votes | None = None
    present: int | None = None  # members present (for the quorum)
    proposal: str | None = None  # link to the proposal, e.g. the pull request
    minutes: str | None = None  # link to the minutes
    summary: str | None = None
    path: NodePath = field(default=(), compare=False, repr=False)


# --- charters: the four questions -------------------------------------------

ServiceNature = Literal["statutory-core", "discretionary-non-core"]
NetworkKind = Literal["place-based", "interest-based"]
PowerMethod = Literal[
    "devolved-budget",
    "participatory-budgeting",
    "community-asset-transfer",
    "co-production-board",
    "community-right-to-challenge",
    "grant",
    "other",
]
Formality = Literal["formal", "informal"]

# The ladder of participation, lowest rung first.
PARTICIPATION_LADDER: tuple[str, ...] = (
    "institution-led",
    "consulted",
    "involved",
    "co-produced",
    "community-led",
)


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    nature: ServiceNature
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Network:
    kind: NetworkKind
    members: str
    area: str | None = None  # place-based
    interest: str | None = None  # interest-based: the need or identity


@dataclass(frozen=True, slots=True)
class PowerTransfer:
    method: PowerMethod
    formality: Formality
    description: str


@dataclass(frozen=True, slots=True)
class Participation:
    current: str  # a rung of PARTICIPATION_LADDER
    target: str
    target_date: date | None = None
    how: str | None = None

    @property
    def current_rung(self) -> int:
        return PARTICIPATION_LADDER.index(self.current) + 1

    @property
    def target_rung(self) -> int:
        return PARTICIPATION_LADDER.index(self.target) + 1


@dataclass(frozen=True, slots=True)
class Funding:
    source: str  # council, shared-prosperity-fund, national-lottery, ...
    name: str
    amount: float | None = None


@dataclass(frozen=True, slots=True)
class Budget:
    amount: float
    currency: str
    period: str
    funding: tuple[Funding, ...] = ()


@dataclass(frozen=True, slots=True)
class Review:
    next: date
    frequency: str | None = None
    last: date | None = None


@dataclass(frozen=True, slots=True)
class CharterTerms:
    """What a charter records beyond its articles: the four questions and the money."""

    constitution: str  # id of the constitution it is made under
    commissioning_body: str
    service: Service
    network: Network
    power_transfer: tuple[PowerTransfer, ...]
    participation: Participation
    budget: Budget
    review: Review
    accountability: str
    start: date | None = None
    end: date | None = None


# --- the published record ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """A published version withdrawn by decision: the one way a frozen version may go."""

    version: str
    reason: str
    decided: date
    body: str
    minutes: str | None = None


# --- the document ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Document:
    kind: Kind
    id: str
    title: str
    version: Version
    status: Status
    articles: tuple[Article, ...]
    preamble: str | None = None
    summary: str | None = None  # what this version changed, in a sentence or two
    decision: Decision | None = None
    amendment_rule: AmendmentRule | None = None
    charter: CharterTerms | None = None  # present exactly when kind == "charter"
    numbering: Numbering | None = None  # the document's own scheme; None: the usual one
    former_ids: tuple[str, ...] = ()  # ids before a rename: their addresses redirect here
    withdrawn: tuple[Withdrawal, ...] = ()
    # The language the file is written in (None: not stated, read as the site's), and,
    # in an original, the languages whose texts are authoritative (empty: its own).
    language: str | None = None
    authoritative: tuple[str, ...] = ()
    source: str = field(default="", compare=False)  # file the document was read from

    def provisions(self) -> Iterator[Provision]:
        """Every article, section and clause, in reading order."""
        for article in self.articles:
            yield article
            yield from _walk_clauses(article.clauses)
            for section in article.sections:
                yield section
                yield from _walk_clauses(section.clauses)

    def ids(self) -> set[str]:
        return {p.id for p in self.provisions()}


def _walk_clauses(clauses: tuple[Clause, ...]) -> Iterator[Clause]:
    for clause in clauses:
        yield clause
        yield from _walk_clauses(clause.clauses)
