"""What the history stage hands on: every published version of every document.

Plain data, so the stages after history (diff, render) read it without
importing the history package, and GitPython with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from generator.model.document import Document, Version
from generator.model.problems import Problem


@dataclass(frozen=True, slots=True)
class Observation:
    """One commit's copy of a document: enough to check history rules without the text."""

    commit: str
    committed: datetime
    path: str
    version: str
    status: str
    content: str  # digest of the wording (not of the decision record or status)


@dataclass(frozen=True, slots=True)
class PublishedVersion:
    """An adopted version as it stands on the default branch: frozen forever."""

    document: Document
    commit: str
    committed: datetime
    path: str

    @property
    def version(self) -> Version:
        return self.document.version

    @property
    def date(self) -> date:
        """The recorded adoption date, else the date of the commit."""
        decision = self.document.decision
        return decision.adopted if decision else self.committed.date()


@dataclass(frozen=True, slots=True)
class ProposedVersion:
    """Text in the working tree (or a branch) that differs from the newest published version."""

    document: Document
    origin: str  # "working tree" or a commit id


@dataclass(slots=True)
class DocumentHistory:
    id: str
    versions: list[PublishedVersion] = field(default_factory=list)  # oldest first
    observations: list[Observation] = field(default_factory=list)  # every commit, oldest first
    proposed: ProposedVersion | None = None
    latest: Document | None = None  # the text at the newest commit, draft or not
    deleted: bool = False  # the file is gone from the default branch

    @property
    def current(self) -> PublishedVersion | None:
        return self.versions[-1] if self.versions else None

    def version(self, text: str) -> PublishedVersion | None:
        return next((v for v in self.versions if v.version.text == text), None)


@dataclass(slots=True)
class RepositoryHistory:
    documents: dict[str, DocumentHistory]
    branch: str | None  # the branch whose history was read, None without commits
    head: str | None  # its newest commit
    head_time: int | None = None  # when that commit was made (seconds since 1970, UTC)
    shallow: bool = False
    problems: list[Problem] = field(default_factory=list)  # unreadable historical files
    # Translations' versions, by (document id, language), kept apart from the originals'.
    translations: dict[tuple[str, str], DocumentHistory] = field(default_factory=dict)
