"""What the load stage hands on: the documents read from the files named, and why others failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.document import Document
from generator.model.problems import Problem


@dataclass(slots=True)
class LoadedFiles:
    """Every YAML file found under the paths named, read into documents where possible."""

    paths: list[Path]  # the files and folders named
    files: list[str]  # the files found, as shown to the user
    documents: list[Document]  # originals: one per id
    problems: list[Problem] = field(default_factory=list)  # the files' own, with positions
    texts: dict[str, str] = field(default_factory=dict)  # file -> text, to locate problems
    # Ids of the files that could not be read into documents (their name, or the id they
    # declare), so that a reference to one of them is not reported as a missing document.
    unreadable: set[str] = field(default_factory=set)
    # Translations (`<id>.<language>.yaml`): the same document in another language, read
    # and checked against its original, never a document of its own.
    translations: list[Document] = field(default_factory=list)
    reused: int = 0  # files taken from the cache of checked documents, not parsed again
    # The files read without any problem, by the git blob id of their bytes: each one's
    # document and checked data (None when no cache keeps it). The history stage takes
    # a committed copy with the same bytes from here instead of reading it again.
    by_blob: dict[str, tuple[Document, Any]] = field(default_factory=dict)
