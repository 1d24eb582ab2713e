"""`charters diff`: what changed between two revisions, or two files, in one of four renderings.

BASE and HEAD are git revisions of the documents folder. Without HEAD the new side
is the working tree; without BASE the old side is where this branch left the
default branch (the base of a pull request), or, when there is no common history,
the default branch's newest commit. Two YAML files may be given instead of two
revisions. A document on one side only is shown as added or removed in full.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from generator.diff.clauses import DiffError, DocumentDiff, diff_documents
from generator.load.cached import DocumentCache
from generator.load.files import YAML_SUFFIXES, find_files
from generator.model.document import Document
from generator.model.languages import translation_language
from generator.model.problems import Problem
from generator.support import i18n
from generator.support.i18n import N_
from generator.support.i18n import gettext as _

if TYPE_CHECKING:  # rich is loaded by the renderings that write through it
    from rich.console import Console

    from generator.diff.view import RedlineView

Format = Literal["text", "markdown", "json", "html"]
# How the two sides are named when they are not revisions given by the user; kept in
# English in the comparison and put in the language of the rendering when shown.
WORKING_TREE = N_("the working tree")
MERGE_BASE = N_("%(commit)s (where this branch left the default branch)")


class DiffCommandError(Exception):
    """The comparison cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Comparison:
    base: str  # what the old side was read from, for people: a revision or a file
    head: str
    diffs: tuple[DocumentDiff, ...]  # one per document on either side, by id
    site_files: tuple[str, ...] = ()  # templates, assets, settings changed: the site's code


def compare(
    base: str | None,
    head: str | None,
    source: Path,
    only: str | None = None,
    cache: DocumentCache | None = None,
) -> Comparison:
    """Read both sides and diff every document, or only the document with id `only`.

    Documents go through `cache` (kept in memory only when None): a file read and
    checked by an earlier diff is not parsed again, nor is a document that both
    sides hold unchanged.
    """
    cache = cache if cache is not None else DocumentCache(None)
    if base is not None and _is_file(base):
        if head is None or not _is_file(head):
            raise DiffCommandError(
                f"{base} is a file: give two YAML files to compare, such as "
                "'charters diff old.yaml new.yaml', or two git revisions."
            )
        return _compare_files(Path(base), Path(head), only, cache)
    if head is not None and _is_file(head):
        raise DiffCommandError(
            f"{head} is a file but {base} is not: give two YAML files, or two git revisions."
        )
    from generator import history  # git is needed only to compare revisions

    if only is not None:  # `charters diff 1.0 1.1 --doc ID`: the document's version numbers
        base = _version_revision(source, only, base)
        head = _version_revision(source, only, head)
    try:
        base_rev, base_label = (base, base) if base else _default_base(source)
        # A file broken in the base is left out (the fix then shows as added); one
        # broken in the head stops the comparison, or it would look removed.
        before = history.documents_at(source, base_rev, cache=cache)
        if head is None:
            after, head_label = _working_tree(source, cache), WORKING_TREE
        else:
            unreadable: list[Problem] = []
            after, head_label = history.documents_at(source, head, unreadable, cache), head
            _stop_if_unreadable(unreadable, f"at {head}")
        site_files = tuple(history.site_code(history.changed_files(source, base_rev, head)))
    except history.HistoryError as err:
        raise DiffCommandError(str(err)) from None
    return Comparison(base_label, head_label, _diff_sets(before, after, only), site_files)


def _version_revision(source: Path, doc_id: str, argument: str | None) -> str | None:
    """A version number of the document ("1.1") as the tag import-history wrote for it."""
    from generator.history.tags import revision_for_version

    if argument is None or _is_file(argument):
        return argument
    return revision_for_version(source, doc_id, argument) or argument


def _is_file(argument: str) -> bool:
    return argument.endswith(YAML_SUFFIXES) and Path(argument).is_file()


def _default_base(source: Path) -> tuple[str, str]:
    """The base of the current branch, and words for it: its merge base with the default
    branch, else (no common history) the default branch's newest commit."""
    from generator import history

    found = history.merge_base(source)
    if found:
        return found, MERGE_BASE % {"commit": found[:10]}
    repo = history.open_repository(source)
    if repo is None:
        raise DiffCommandError(
            f"{source} is not inside a git repository, so there is nothing to compare it with; "
            "give two YAML files instead."
        )
    with repo:
        branch = history.default_branch(repo)
    if branch is None:
        raise DiffCommandError(
            "this repository has no commits yet, so there is no base to compare with."
        )
    return branch


def _working_tree(source: Path, cache: DocumentCache) -> dict[str, Document]:
    """The documents as they are on disk; a file that cannot be read stops the comparison."""
    files, problems = find_files([source])
    docs: dict[str, Document] = {}
    for path in files:
        if translation_language(path) is not None:
            continue  # a translation is compared with its original, not redlined on its own
        result = cache.read(path.read_bytes(), str(path))
        problems += result.problems if result.document is None else []
        if result.document is not None:
            doc = result.document
            if doc.id in docs:
                raise DiffCommandError(
                    f"{path} and {docs[doc.id].source} both hold the document '{doc.id}'; "
                    "every document needs its own id."
                )
            docs[doc.id] = doc
    _stop_if_unreadable(problems, "in the working tree")
    return docs


def _stop_if_unreadable(problems: list[Problem], where: str) -> None:
    errors = [p for p in problems if p.is_error]
    if errors:
        listed = "\n".join(p.as_text() for p in errors)
        raise DiffCommandError(
            f"some documents {where} cannot be read, so they cannot be compared:\n{listed}\n"
            "Run 'charters validate' for every problem."
        )


def _read_file(path: Path, cache: DocumentCache) -> Document:
    result = cache.read(path.read_bytes(), str(path))
    if result.document is None:
        listed = "\n".join(p.as_text() for p in result.problems)
        raise DiffCommandError(f"{path} cannot be read:\n{listed}")
    return result.document


def _compare_files(
    old_path: Path, new_path: Path, only: str | None, cache: DocumentCache
) -> Comparison:
    old, new = _read_file(old_path, cache), _read_file(new_path, cache)
    if (old.kind, old.id) != (new.kind, new.id):
        raise DiffCommandError(
            f"{old_path} is the {old.kind} '{old.id}' but {new_path} is the {new.kind} "
            f"'{new.id}'; a redline compares two versions of the same document."
        )
    if only is not None and only != old.id:
        raise DiffCommandError(f"--doc {only}: the files hold the document '{old.id}'.")
    return Comparison(str(old_path), str(new_path), (_diff(old, new),))


def _diff_sets(
    before: dict[str, Document], after: dict[str, Document], only: str | None
) -> tuple[DocumentDiff, ...]:
    ids = sorted(set(before) | set(after))
    if only is not None:
        if only not in ids:
            known = ", ".join(ids) or "none"
            raise DiffCommandError(
                f"--doc {only}: there is no document with that id on either side "
                f"(documents: {known})."
            )
        ids = [only]
    diffs: list[DocumentDiff] = []
    for id_ in ids:
        old, new = before.get(id_), after.get(id_)
        if old is not None and new is not None and old.kind != new.kind:
            # The id now names a document of another kind: one removed, one added.
            diffs += [_diff(old, None), _diff(None, new)]
        else:
            diffs.append(_diff(old, new))
    return tuple(diffs)


def _diff(old: Document | None, new: Document | None) -> DocumentDiff:
    try:
        return diff_documents(old, new)
    except DiffError as err:
        raise DiffCommandError(str(err)) from None


def site_language(source: Path) -> str:
    """The language of the community's site (mkdocs.yml `theme.language`), which its
    pull-request comments and redline pages are written in; English when it has none."""
    from generator.load.settings import read_settings

    settings, _problems = read_settings(_community_root(source))
    return i18n.site_language(settings.theme.get("language"))


def render(
    comparison: Comparison, fmt: Format, source: Path, console: Console | None = None
) -> None:
    """Write the comparison to the console (by default standard output, in colour on a
    terminal) in one of the four renderings.

    The Markdown (a pull-request comment) and the HTML page are in the site's language;
    the terminal and JSON renderings, for the people and tools that run the command, in
    English.
    """
    if fmt in ("markdown", "html"):
        with i18n.use_language(site_language(source)):
            _render(comparison, fmt, source, console)
    else:
        _render(comparison, fmt, source, console)


def _render(comparison: Comparison, fmt: Format, source: Path, console: Console | None) -> None:
    compared = _("Before: %(base)s. After: %(head)s.") % {
        "base": _side(comparison.base),
        "head": _side(comparison.head),
    }
    if fmt == "json":
        from generator.diff.as_json import render_json

        _write(console, render_json(comparison.diffs, base=comparison.base, head=comparison.head))
        return
    if fmt == "text":
        from generator.diff.as_terminal import render_terminal

        # The terminal shows no decision record: none is put in words for it.
        render_terminal(_views(comparison.diffs, with_decision=False), console, compared=compared)
        return
    if fmt == "markdown":
        from generator.diff.as_markdown import render_markdown

        text = render_markdown(
            _views(comparison.diffs), compared=compared, site_files=comparison.site_files
        )
        _write(console, text)
        return
    views = _views(comparison.diffs, prefixed=len(comparison.diffs) > 1)
    from generator.site.templating import environment

    template = environment(_community_root(source)).get_template("pages/redline-standalone.html")
    page = {"title": _("Redline"), "compared": compared, "redlines": views}
    _write(console, template.render(page=page))


def _side(label: str) -> str:
    """A side's name in the language in use: the working tree and the merge base are
    named by this tool; a revision or file the user gave is kept as given."""
    if label == WORKING_TREE:
        return _(WORKING_TREE)
    commit, _space, rest = label.partition(" ")
    if rest and label == MERGE_BASE % {"commit": commit}:
        return _(MERGE_BASE) % {"commit": commit}
    return label


def _views(
    diffs: Iterable[DocumentDiff], prefixed: bool = False, with_decision: bool = True
) -> list[RedlineView]:
    """One view per document; on a page of several, anchors start with the document id,
    as provision ids are unique only within their document."""
    from generator.diff.view import redline_view

    return [
        redline_view(d, anchor_prefix=f"{d.id}--" if prefixed else "", with_decision=with_decision)
        for d in diffs
    ]


def _community_root(source: Path) -> Path:
    """The community repository holding the documents folder, whose templates/ override ours."""
    absolute = source.resolve()
    return absolute.parent if absolute.is_dir() else Path.cwd()


def _write(console: Console | None, text: str) -> None:
    """Text as it is: the JSON, Markdown and HTML renderings need no rich console."""
    out = console.file if console is not None else sys.stdout
    out.write(text)
    out.flush()
