"""What the diff stage hands on: two versions of a document compared, as plain data.

A `DocumentDiff` lists every provision of either version with what happened to
it (see `generator.diff.clauses` for how they are aligned), the details outside
the articles that changed, and the counts behind its summary sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.model.document import Document
from generator.model.numbering import Number
from generator.model.records import quick_init

SegmentKind = Literal["equal", "insert", "delete"]
FieldKind = Literal["added", "removed", "changed"]
Level = Literal["article", "section", "clause"]
ChangeKind = Literal[
    "added", "removed", "modified", "retitled", "formatting", "moved", "renumbered", "unchanged"
]


@quick_init
@dataclass(frozen=True, slots=True)
class Segment:
    """A run of words that is unchanged, inserted or deleted. Words are joined by one space.

    Segments are shown one space apart, except an `attached` one, which continues
    the word before it: the "," inserted in "budget[-.-]{+,+}", where only the
    punctuation changed.
    """

    kind: SegmentKind
    text: str
    attached: bool = False


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One value of the document's details that differs between the versions."""

    key: str  # stable, for tools: "amendment_rule.quorum", "charter.funding[council/Name]"
    topic: str  # what a reader looks for: "Amendment rule", "Depth of participation"
    label: str  # the value within the topic: "quorum", "current rung"
    old: str | None  # the value as shown, None when it was absent
    new: str | None
    words: tuple[Segment, ...]  # word-level difference between old and new

    @property
    def kind(self) -> FieldKind:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed"


@quick_init
@dataclass(frozen=True, slots=True)
class Placement:
    """Where a provision sits in one version."""

    parent: str | None  # id of the enclosing article, section or clause; None for an article
    index: int  # position among the parent's children of the same level, from 0
    number: Number  # the displayed number there


@quick_init
@dataclass(frozen=True, slots=True)
class ProvisionChange:
    """One provision of either version and what happened to it."""

    id: str
    level: Level
    kind: ChangeKind
    old: Placement | None  # None when added
    new: Placement | None  # None when removed
    old_text: str | None  # the clause text, or an article's or section's title
    new_text: str | None
    words: tuple[Segment, ...]  # word-level difference; all "equal" when the words are the same
    moved: bool = False  # also true for a modified provision that moved

    @property
    def renumbered(self) -> bool:
        """Its displayed number differs (whatever else happened)."""
        return (
            self.old is not None
            and self.new is not None
            and self.old.number.short != self.new.number.short
        )

    @property
    def depth(self) -> int:
        """0 for an article, 1 for its clauses and sections, 2 for theirs, and so on."""
        placement = self.new or self.old
        assert placement is not None
        return placement.number.depth

    @property
    def reflowed(self) -> bool:
        """The text differs only in whitespace (line breaks, spaces): no change of wording."""
        return (
            self.old_text is not None
            and self.new_text is not None
            and self.old_text != self.new_text
            and self.kind not in ("modified", "retitled", "formatting")
        )


@dataclass(frozen=True, slots=True)
class Tally:
    """How many provisions of one level had each kind of change.

    `changed` counts modified clauses, or retitled articles and sections;
    `formatting` those whose words are the same in another typography (not a change
    of wording). `moved` counts every moved provision, modified or not; `renumbered`
    only those whose sole change is their number.
    """

    added: int = 0
    removed: int = 0
    changed: int = 0
    moved: int = 0
    renumbered: int = 0
    unchanged: int = 0
    formatting: int = 0

    @property
    def wording(self) -> int:
        return self.added + self.removed + self.changed


@dataclass(frozen=True, slots=True)
class Summary:
    articles: Tally
    sections: Tally
    clauses: Tally
    fields: int  # details changed: title, status, amendment rule, charter terms

    @property
    def changes_wording(self) -> bool:
        """Anything a reader would call a change of text (not a move or a new number)."""
        return bool(
            self.articles.wording or self.sections.wording or self.clauses.wording or self.fields
        )

    @property
    def is_empty(self) -> bool:
        tallies = (self.articles, self.sections, self.clauses)
        return not self.changes_wording and not any(
            t.moved or t.renumbered or t.formatting for t in tallies
        )


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    """Everything that differs between two versions of one document.

    `old_head` and `new_head` are the two versions without their articles (title,
    version, status, decision record, amendment rule, charter terms); None for the
    side on which the document does not exist.
    """

    id: str
    kind: str
    old_head: Document | None
    new_head: Document | None
    fields: tuple[FieldChange, ...]
    provisions: tuple[ProvisionChange, ...]  # reading order; every provision of either side
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", summarise(self.provisions, len(self.fields)))

    @property
    def title(self) -> str:
        head = self.new_head or self.old_head
        assert head is not None
        return head.title

    @property
    def change(self) -> Literal["added", "removed", "changed", "unchanged"]:
        """What happened to the document as a whole."""
        if self.old_head is None:
            return "added"
        if self.new_head is None:
            return "removed"
        return "unchanged" if self.summary.is_empty else "changed"

    @property
    def changes(self) -> tuple[ProvisionChange, ...]:
        """The provisions that changed in any way (everything but "unchanged")."""
        return tuple(p for p in self.provisions if p.kind != "unchanged")


def summarise(provisions: tuple[ProvisionChange, ...], fields: int) -> Summary:
    counts: dict[str, dict[str, int]] = {lvl: {} for lvl in ("article", "section", "clause")}
    for p in provisions:
        tally = counts[p.level]
        key = {"modified": "changed", "retitled": "changed"}.get(p.kind, p.kind)
        if key != "moved":
            tally[key] = tally.get(key, 0) + 1
        if p.moved:
            tally["moved"] = tally.get("moved", 0) + 1
    return Summary(
        Tally(**counts["article"]), Tally(**counts["section"]), Tally(**counts["clause"]), fields
    )


@dataclass(slots=True)
class DocumentRedlines:
    """The redlines one document's pages show, worked out by the diff stage for render."""

    # what each version after the first changed, against the version before it, in order
    changes: list[DocumentDiff] = field(default_factory=list)
    # what changed since each version before the current one, up to the current text, in order
    since: list[DocumentDiff] = field(default_factory=list)
    # the proposal against the current text (against nothing when none is published)
    proposed: DocumentDiff | None = None
