"""`charters import`: one source file to one validated YAML document, written atomically.

The steps read top to bottom: read the source into an outline, decide the
structure, carry ids over from the previous version (with `--onto`), give the
rest new ids, fill in what the text cannot say (kind, version, status,
amendment rule), write YAML, and check that YAML with the same validation
`charters validate` runs. Only a document that validates is ever written, and
it is written to a temporary file first and renamed into place, so a failed or
interrupted import leaves nothing half-written.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.importer.align import align
from generator.importer.compare import Comparison, compare
from generator.importer.outline import Note, Outline
from generator.importer.outline_to_document import (
    assign_ids,
    build_draft,
    numbering_words,
    settle_numbers,
    title_from_file,
    to_articles,
)
from generator.importer.sources import SourceError, read_outline
from generator.importer.yamlwrite import dump_document
from generator.load import schema, yamlsafe
from generator.load.documents import build, read_document
from generator.model.document import (
    AmendmentRule,
    CharterTerms,
    Decision,
    Document,
    Kind,
    Status,
    Threshold,
    Version,
    is_slug,
)
from generator.model.numbering import number_document
from generator.model.problems import Problem
from generator.validate import rules
from generator.validate.checks import locate

DEFAULT_THRESHOLD = "majority"


class ImportFailure(Exception):
    """The import cannot produce a valid document; nothing was written."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass
class Settings:
    """What the document needs besides its text; options of the command line."""

    doc_id: str | None = None
    kind: Kind | None = None
    title: str | None = None
    version: str | None = None
    status: Status = "draft"
    decision: Decision | None = None
    summary: str | None = None
    threshold: str | None = None
    quorum: int | None = None
    terms: CharterTerms | None = None


@dataclass
class ImportResult:
    document: Document
    yaml_text: str
    outline: Outline
    notes: list[Note]
    problems: list[Problem]  # validation warnings of the written document
    comparison: Comparison | None = None
    lines: dict[str, int] = field(default_factory=dict)  # provision id -> source line


def import_file(source: Path, settings: Settings, onto: Path | None = None) -> ImportResult:
    """Import one file, on its own or onto the previous version in `onto`."""
    try:
        outline = read_outline(source)
    except SourceError as err:
        raise ImportFailure(str(err)) from None
    previous = load_target(onto, settings) if onto is not None else None
    taken = previous.ids() if previous is not None else set()
    return import_outline(outline, settings, previous, taken)


def load_target(path: Path, settings: Settings) -> Document:
    """The previous version for `--onto`: it must exist, validate, and be the same document."""
    if not path.is_file():
        raise ImportFailure(f"{path}: there is no such file to import onto.")
    result = read_document(path.read_bytes(), str(path))
    problems = list(result.problems)
    if result.document is not None:
        problems += rules.check_document(result.document)
    errors = [p for p in problems if p.is_error]
    if result.document is None or errors:
        texts = {str(path): result.text} if result.text is not None else {}
        raise ImportFailure(
            f"{path} does not validate, so ids cannot be carried from it; fix it first "
            "(run 'charters validate').",
            locate(errors, texts),
        )
    doc = result.document
    if settings.kind is not None and settings.kind != doc.kind:
        raise ImportFailure(
            f"{path} is a {doc.kind}, but --kind {settings.kind} was given; an amendment keeps "
            "the kind of the document it amends."
        )
    if settings.doc_id is not None and settings.doc_id != doc.id:
        raise ImportFailure(
            f"{path} is the document '{doc.id}', but --id {settings.doc_id} was given; "
            "import onto the document with the same id."
        )
    return doc


def import_outline(
    outline: Outline,
    settings: Settings,
    previous: Document | None = None,
    taken: set[str] | None = None,
) -> ImportResult:
    """Outline -> validated document and its YAML. `taken`: every id ever used before."""
    draft = build_draft(outline)
    if not draft.articles:
        raise ImportFailure(f"{outline.source} has a title but no text under it to import.")
    notes = list(draft.notes)
    carried = align(previous, draft) if previous is not None else {}
    assign_ids(draft, carried, set(taken or ()))
    settle_numbers(draft)
    notes = list(draft.notes)
    doc_id = settings.doc_id or (previous.id if previous else None)
    if doc_id is None or not is_slug(doc_id):
        raise ImportFailure(
            f"the document id {doc_id!r} is not usable: use lowercase letters, digits and "
            "single hyphens, like 'millbrook-constitution'."
        )
    kind: Kind = settings.kind or (previous.kind if previous else "constitution")
    rule = _amendment_rule(settings, previous, kind, notes)
    terms = settings.terms or (previous.charter if previous else None)
    if kind == "charter" and terms is None:
        raise ImportFailure(
            "a charter must answer the four questions (service, network, power transfer, "
            "participation), which a text import cannot know; write them in a small YAML file "
            "and pass it with --terms, or import onto an existing charter with --onto."
        )
    doc = Document(
        kind=kind,
        id=doc_id,
        title=_title(settings, draft.title or outline.title, previous, outline.source, notes),
        version=_version(settings, previous),
        status=settings.status,
        articles=to_articles(draft),
        preamble=draft.preamble,
        summary=settings.summary,
        decision=settings.decision,
        amendment_rule=rule,
        charter=terms if kind == "charter" else None,
        numbering=numbering_words(draft),
        source=f"{doc_id}.yaml",
    )
    lines = {node.id: node.line for node in draft.nodes()}
    notes += supplied_numbers(doc, lines)
    yaml_text = dump_document(doc)
    warnings = _validate(yaml_text, doc, previous)
    return ImportResult(
        document=doc,
        yaml_text=yaml_text,
        outline=outline,
        notes=notes,
        problems=warnings,
        comparison=compare(previous, doc) if previous is not None else None,
        lines=lines,
    )


def _amendment_rule(
    settings: Settings, previous: Document | None, kind: Kind, notes: list[Note]
) -> AmendmentRule | None:
    if settings.threshold is not None or settings.quorum is not None:
        try:
            threshold = Threshold.parse(settings.threshold or DEFAULT_THRESHOLD)
        except ValueError as err:
            raise ImportFailure(f"--threshold: {err}") from None
        old = previous.amendment_rule if previous else None
        return AmendmentRule(
            threshold,
            settings.quorum if settings.quorum is not None else (old.quorum if old else None),
            old.notice_days if old else None,
            old.decided_by if old else None,
        )
    if previous is not None and previous.amendment_rule is not None:
        return previous.amendment_rule
    if kind != "constitution":
        return None
    notes.append(
        Note(
            0,
            f"no amendment rule was given, so the document says amendments need a "
            f"'{DEFAULT_THRESHOLD}' of votes cast and no quorum. Correct 'amendment_rule' to "
            "what the constitution itself says (or import again with --threshold and --quorum).",
            "amendment-rule",
        )
    )
    return AmendmentRule(Threshold.parse(DEFAULT_THRESHOLD))


def _title(
    settings: Settings,
    heading: str | None,
    previous: Document | None,
    source: str,
    notes: list[Note],
) -> str:
    title = settings.title or heading or (previous.title if previous else None)
    if title:
        return title[:300]
    fallback = title_from_file(source)
    notes.append(
        Note(
            1,
            f"the source has no top heading or front-matter title, so the title "
            f"'{fallback}' was made from the file name; give the right one with --title.",
            "title",
        )
    )
    return fallback[:300]


def _version(settings: Settings, previous: Document | None) -> Version:
    if settings.version is not None:
        try:
            version = Version(settings.version)
        except ValueError as err:
            raise ImportFailure(f"--version: {err}") from None
        if previous is not None and not previous.version < version:
            raise ImportFailure(
                f"--version {version} is not higher than the version it amends "
                f"({previous.version}); each new version needs a higher number."
            )
        return version
    if previous is None:
        return Version("1")
    return next_version(previous.version)


def next_version(version: Version) -> Version:
    """The version after this one: the last part goes up by one ("2" -> "3", "2.1" -> "2.2")."""
    parts = version.text.split(".")
    parts[-1] = str(int(parts[-1]) + 1)
    return Version(".".join(parts))


def _validate(yaml_text: str, doc: Document, previous: Document | None) -> list[Problem]:
    """Run the checks of `charters validate` on the text about to be written.

    The vote is judged by the rule of the version being amended, when there is one.
    """
    result = read_document(yaml_text.encode("utf-8"), doc.source)
    problems = list(result.problems)
    if result.document is not None:
        problems += rules.check_document(result.document)
        if previous is not None:
            rule, words = (
                previous.amendment_rule,
                f"the amendment rule of version {previous.version}",
            )
            problems += rules.vote_problems(result.document, rule, words)
        else:
            problems += rules.vote_problems(result.document, result.document.amendment_rule)
    errors = [p for p in problems if p.is_error]
    if result.document is None or errors:
        raise ImportFailure("the imported document does not validate; nothing was written.", errors)
    return problems


def load_terms(path: Path) -> CharterTerms:
    """A charter's four questions from a small YAML file (the keys a charter has besides text).

    The keys are checked with the charter schema, so a mistake is reported with the
    same words `charters validate` uses.
    """
    try:
        data = yamlsafe.load(yamlsafe.decode(path.read_bytes()))
    except OSError as err:
        raise ImportFailure(f"{path}: cannot read it ({err.strerror}).") from None
    except yamlsafe.YamlError as err:
        raise ImportFailure(f"{path}:{err.line or 1}: {err.message}") from None
    if not isinstance(data, dict):
        raise ImportFailure(f"{path}: expected keys such as 'service:' and 'network:'.")
    skeleton = {
        **{k: v for k, v in data.items() if k not in _DOCUMENT_KEYS},
        "kind": "charter",
        "id": "terms",
        "title": "terms",
        "version": "1",
        "status": "draft",
        "articles": [{"id": "a", "title": "a", "clauses": [{"id": "c", "text": "c"}]}],
    }
    problems = schema.check(skeleton, str(path))
    if problems:
        raise ImportFailure(f"{path}: these charter terms are not valid.", problems)
    terms = build(skeleton, str(path)).charter
    assert terms is not None
    return terms


_DOCUMENT_KEYS = {"kind", "id", "title", "version", "status", "articles", "preamble", "summary"}


# --- writing ---------------------------------------------------------------------------


def default_output(doc_id: str) -> Path:
    return Path("constitutions") / f"{doc_id}.yaml"


def write_atomically(path: Path, text: str, overwrite: bool) -> None:
    """Write `text` to `path` via a temporary file in the same folder and a rename.

    Without `overwrite`, an existing file is never replaced, even one that appears
    between the check and the write: the final step is a hard link, which fails if
    the name exists.
    """
    if path.exists() and not overwrite:
        raise ImportFailure(
            f"{path} already exists; pass --force to replace it, or --onto {path} to import "
            "an amended text onto it."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise ImportFailure(
                    f"{path} appeared while importing; nothing was written."
                ) from None
            os.unlink(temporary)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def supplied_numbers(doc: Document, lines: dict[str, int]) -> list[Note]:
    """One note for the provisions numbered by position in a document that writes numbers.

    A document with numbers of its own that leaves some paragraphs unnumbered gets
    positional numbers for those, so every provision can be cited; that is a number
    the source does not show, so the report says where, and how to leave one out.
    """
    if not any(p.number not in (None, "") for p in doc.provisions()):
        return []  # numbered by position throughout: the usual case, nothing to say
    shown = number_document(doc)
    supplied = [
        p for p in doc.provisions() if p.number is None and shown[p.id].short and p.id in lines
    ]
    if not supplied:
        return []
    first = supplied[0]
    places = ", ".join(f"{lines[p.id]} ({shown[p.id].short})" for p in supplied[1:])
    more = f"; so are the paragraphs at lines {places}" if places else ""
    return [
        Note(
            lines[first.id],
            f"the source writes no number here, so it is numbered by position as "
            f"{shown[first.id].short}{more}. To leave one unnumbered as in the source, give "
            'it number: "" in the YAML.',
            "numbering",
        )
    ]
