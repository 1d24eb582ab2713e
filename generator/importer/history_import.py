"""`charters import-history`: a folder of old consolidated texts -> a git history of versions.

Each file is imported onto the one before (so ids carry across the whole
history, and an id that was ever used is never handed to a different provision
later), and committed as its own version with the date it was adopted. All
versions are imported and validated first; only then is anything written, so a
bad file in the middle leaves the repository as it was.

Dates and decision records come from an optional CSV with one row per file:

    file,version,date,body,for,against,abstain,present,proposal,minutes,summary,author,email

Only `file` is needed (`version_file` is accepted too); `subject` is read as the
summary when there is no `summary` column. Votes are written only when the CSV
gives them: a version adopted without a recorded vote gets a decision record
that says so, and validation warns rather than inventing numbers.

Git cannot hold dates before 1970, so an older adoption date is kept in the
decision record and the commit gets 1970-01-01 (the history stage reads the
adoption date from the record first).
"""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from generator.history.tags import tag_version
from generator.history.writing import Committer, Person, has_staged_changes, is_repository
from generator.importer.compare import Comparison
from generator.importer.importing import (
    ImportFailure,
    ImportResult,
    Settings,
    import_outline,
    write_atomically,
)
from generator.importer.outline import Note
from generator.importer.report import counts_line
from generator.importer.sources import SourceError, read_outline
from generator.model.document import CharterTerms, Clause, Decision, Kind, Votes

NOT_RECORDED = "Not recorded (imported)"
IMPORTER = Person("charters import-history", "")
_EPOCH = datetime(1970, 1, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One row of the CSV: what is known about the decision that adopted one file."""

    file: str
    version: str | None = None
    date: date | None = None
    body: str | None = None
    votes: Votes | None = None
    present: int | None = None
    proposal: str | None = None
    minutes: str | None = None
    summary: str | None = None
    author: str | None = None
    email: str | None = None


@dataclass
class Step:
    """One imported version."""

    file: Path
    result: ImportResult
    committed: datetime
    commit: str = ""
    tags: list[str] = field(default_factory=list)  # the git tags naming this version

    @property
    def version(self) -> str:
        return self.result.document.version.text

    @property
    def comparison(self) -> Comparison | None:
        return self.result.comparison

    @property
    def clauses(self) -> int:
        return sum(1 for p in self.result.document.provisions() if isinstance(p, Clause))


@dataclass
class HistoryResult:
    repo: Path
    path: str  # the document's path inside the repository
    steps: list[Step] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    import_seconds: float = 0.0
    commit_seconds: float = 0.0


def import_history(
    files: list[Path],
    doc_id: str,
    into: Path,
    kind: Kind = "constitution",
    records_file: Path | None = None,
    threshold: str | None = None,
    quorum: int | None = None,
    title: str | None = None,
    path_in_repo: str | None = None,
    terms: CharterTerms | None = None,
) -> HistoryResult:
    """Import `files` (oldest first) as successive versions and commit each to `into`."""
    if not files:
        raise ImportFailure("no files were given; name the versions oldest first.")
    records = read_records(records_file, files) if records_file else {}
    path = path_in_repo or f"constitutions/{doc_id}.yaml"
    _check_repository(into, path)
    history = HistoryResult(repo=into, path=path)
    started = time.perf_counter()
    previous = None
    taken: set[str] = set()
    now = datetime.now(UTC).replace(microsecond=0)
    for index, file in enumerate(files):
        record = records.get(file.name, VersionRecord(file.name))
        if record.date is None:
            record = _date_from_source(record, file, history.notes)
        committed = _commit_time(record.date, now, index, len(files), history.notes, file)
        settings = Settings(
            doc_id=doc_id,
            kind=kind,
            title=title,
            version=record.version or str(index + 1),
            status="adopted",
            decision=Decision(
                adopted=record.date or committed.date(),
                body=record.body or NOT_RECORDED,
                votes=record.votes,
                present=record.present,
                proposal=record.proposal,
                minutes=record.minutes,
            ),
            summary=record.summary,
            threshold=threshold,
            quorum=quorum,
            terms=terms,
        )
        try:
            outline = read_outline(file)
            result = import_outline(outline, settings, previous, taken)
        except SourceError as err:
            raise ImportFailure(str(err)) from None
        except ImportFailure as err:
            raise ImportFailure(f"{file.name}: {err.message}", err.problems) from None
        taken |= result.document.ids()
        previous = result.document
        history.steps.append(Step(file, result, committed))
    history.import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _commit_all(history, records)
    history.commit_seconds = time.perf_counter() - started
    return history


def _commit_time(
    adopted: date | None, now: datetime, index: int, count: int, notes: list[Note], file: Path
) -> datetime:
    """Noon on the adoption date; without one, consecutive minutes ending now, in file order."""
    if adopted is None:
        return now - timedelta(minutes=count - 1 - index)
    moment = datetime(adopted.year, adopted.month, adopted.day, 12, 0, tzinfo=UTC)
    if moment < _EPOCH:
        notes.append(
            Note(
                0,
                f"{file.name}: adopted {adopted.isoformat()}, before 1970, which git cannot "
                "record; the commit is dated 1970-01-01 and the decision record keeps the "
                "real date.",
                "date",
            )
        )
        return _EPOCH
    return moment


_FILE_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_FRONT_DATE = re.compile(r"^(?:date|adopted):\s*['\"]?(\d{4}-\d{2}-\d{2})['\"]?\s*$", re.M)


def _date_from_source(record: VersionRecord, file: Path, notes: list[Note]) -> VersionRecord:
    """With no date in the CSV, the source's own: front matter first, then a dated file name.

    The report says where each date came from, so a wrong guess can be corrected.
    """
    found: date | None = None
    where = ""
    try:
        head = file.read_bytes()[:4000].decode("utf-8", errors="replace")
    except OSError:
        head = ""
    if head.startswith("---"):
        block = head.split("\n---", 1)[0]
        if match := _FRONT_DATE.search(block):
            found, where = _valid_date(match[1]), "its front matter"
    if found is None and (match := _FILE_DATE.search(file.name)):
        found, where = _valid_date(match[0]), "its file name"
    if found is None:
        notes.append(
            Note(0, f"{file.name}: no date in the CSV or the source; dated by file order.", "date")
        )
        return record
    notes.append(Note(0, f"{file.name}: adopted {found.isoformat()}, taken from {where}.", "date"))
    return replace(record, date=found)


def _valid_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- the CSV ---------------------------------------------------------------------------


def read_records(path: Path, files: list[Path]) -> dict[str, VersionRecord]:
    """Rows of the CSV by file name; every problem is reported at once, with its row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ImportFailure(f"{path}: cannot read the CSV ({err}).") from None
    reader = csv.DictReader(text.splitlines())
    columns = {c.strip().lower() for c in reader.fieldnames or []}
    file_column = (
        "file" if "file" in columns else "version_file" if "version_file" in columns else None
    )
    if file_column is None:
        raise ImportFailure(f"{path}: the CSV needs a 'file' column naming each version's file.")
    known = {f.name for f in files}
    records: dict[str, VersionRecord] = {}
    problems: list[str] = []
    header = [(c or "").strip().lower() for c in reader.fieldnames or []]
    for raw_row in reader:
        number = reader.line_num  # the CSV line the row ends on (quoted fields may span lines)
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw_row.items()}
        name = Path(row.get(file_column, "")).name
        if name not in known:
            continue  # rows for files not being imported (e.g. a draft left out) are ignored
        try:
            records[name] = _record(name, row)
        except ValueError as err:
            key, message = err.args if len(err.args) == 2 else ("", str(err))
            column = header.index(key) + 1 if key in header else 1
            problems.append(f"{path}:{number}:{column}: {message}")
    if problems:
        raise ImportFailure("the CSV has problems:\n" + "\n".join(problems))
    return records


def _record(name: str, row: dict[str, str]) -> VersionRecord:
    def optional_int(key: str) -> int | None:
        value = row.get(key, "")
        if not value:
            return None
        if not value.isdigit():
            raise ValueError(key, f"'{key}' must be a whole number, not {value!r}")
        return int(value)

    adopted = None
    if row.get("date"):
        try:
            adopted = date.fromisoformat(row["date"])
        except ValueError:
            raise ValueError(
                "date", f"'date' must be written YYYY-MM-DD, not {row['date']!r}"
            ) from None
    in_favour, against = optional_int("for"), optional_int("against")
    if (in_favour is None) != (against is None):
        raise ValueError("for", "give both 'for' and 'against', or neither")
    votes = None
    if in_favour is not None and against is not None:
        votes = Votes(in_favour, against, optional_int("abstain") or 0)
    return VersionRecord(
        file=name,
        version=row.get("version") or None,
        date=adopted,
        body=row.get("body") or None,
        votes=votes,
        present=optional_int("present"),
        proposal=row.get("proposal") or None,
        minutes=row.get("minutes") or None,
        summary=row.get("summary") or row.get("subject") or None,
        author=row.get("author") or None,
        email=row.get("email") or None,
    )


# --- git ---------------------------------------------------------------------------------


def _check_repository(into: Path, path: str) -> None:
    """Refuse a place where committing would mix with someone's work or overwrite a file."""
    if into.exists() and not into.is_dir():
        raise ImportFailure(f"{into} is a file, not a folder for a repository.")
    if not into.exists() or not any(into.iterdir()):
        return  # a new repository will be made
    if not is_repository(into):
        raise ImportFailure(
            f"{into} is a folder with files in it but not a git repository; give an empty "
            "or new folder, or an existing repository."
        )
    if (into / path).exists():
        raise ImportFailure(
            f"{into / path} already exists; import-history starts a new history, so choose "
            "another --id or repository."
        )
    if has_staged_changes(into):
        raise ImportFailure(
            f"{into} has staged changes; commit or unstage them first, so that the imported "
            "versions are committed on their own."
        )


def _commit_all(history: HistoryResult, records: dict[str, VersionRecord]) -> None:
    into = history.repo
    committer = Committer(into)
    target = into / history.path
    try:
        for step in history.steps:
            record = records.get(step.file.name)
            write_atomically(target, step.result.yaml_text, overwrite=True)
            author = (
                Person(record.author, record.email or "") if record and record.author else IMPORTER
            )
            when = step.committed.strftime("%Y-%m-%dT%H:%M:%S+0000")
            step.commit = committer.commit(history.path, _message(step), author, IMPORTER, when)
            doc = step.result.document
            step.tags = tag_version(into, step.commit, doc.id, doc.version.text, short=True)
    finally:
        committer.close()


def _message(step: Step) -> str:
    doc = step.result.document
    summary = doc.summary or "imported version"
    subject = f"{doc.id} version {doc.version}: {summary}"
    if len(subject) > 72:
        subject = subject[:71] + "…"
    body = [f"Imported from {step.file.name} by 'charters import-history'."]
    if step.comparison is not None:
        body.append(counts_line(step.comparison))
    return subject + "\n\n" + "\n".join(body) + "\n"
