"""Reading history on several cores gives exactly what reading it in one process gives.

The committed copies that must be parsed are parsed ahead by the worker pool when
there are many; the walk over the log stays in order. Each case is a real git
repository with renames, a deletion, a translation, a draft, a copy restored
unchanged and two copies that cannot be read, so every branch of the walk is met.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from gitrepo import DocRepo, amended, charter, constitution, find_clause, git

from generator.history import repository
from generator.history.repository import PARALLEL_FROM, content_digest, read_history
from generator.history.stage import folder_history
from generator.load.cached import CHECKED_FILE, blob_id
from generator.load.documents import read_document
from generator.load.files import load_paths
from generator.model.history import RepositoryHistory
from generator.support.cache import BlobCache

CONSTITUTION = "riverside-constitution"
CHARTER = "riverside-youth-charter"
GONE = "hillside-constitution"
BROKEN_YAML = "kind: constitution\nid: [riverside-constitution\n"


def _community(root: Path) -> DocRepo:
    """Many versions of three documents and a translation, with every kind of change."""
    repo = DocRepo(root)
    (repo.docs / "README.md").write_text("Not a document.\n", encoding="utf-8")
    (repo.docs / ".hidden.yaml").write_text("not: a document\n", encoding="utf-8")
    first = constitution()
    youth = charter()
    repo.write(first)
    repo.write(youth)
    repo.write(constitution(GONE))
    repo.commit("Adopt the first documents", "2024-01-20")
    versions = [first]
    for minor in range(1, 9):
        doc = amended(versions[-1], f"1.{minor}", f"2024-02-{minor:02d}")
        find_clause(doc, "quorum")["text"] = f"The quorum is {20 + minor} members."
        versions.append(doc)
        youth = copy.deepcopy(youth)
        youth["version"] = f"1.{minor}"
        youth["articles"][0]["clauses"][0]["text"] = f"Run a youth club, {minor} nights a week."
        repo.write(youth)
        welsh = copy.deepcopy(doc)
        welsh["language"] = "cy"
        welsh["title"] = "Cyfansoddiad Cymdeithas Trigolion Glan yr Afon"
        repo.write(welsh, f"{CONSTITUTION}.cy")
        repo.save(doc, f"Adopt 1.{minor}", f"2024-02-{minor:02d}")
    (repo.docs / f"{CONSTITUTION}.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    untitled = copy.deepcopy(youth)
    del untitled["title"]
    repo.write(untitled)
    repo.commit("Break two files", "2024-03-01")
    repo.save(versions[3], "Restore 1.3 unchanged: the same blob again", "2024-03-02")
    draft = amended(versions[-1], "2.0", "2024-03-03")
    draft["status"] = "draft"
    del draft["decision"]
    repo.save(draft, "Propose 2.0", "2024-03-03")
    repo.save(versions[-1], "Back to 1.8", "2024-03-04")
    repo.write(youth)
    repo.commit("Mend the charter", "2024-03-05")
    git(repo.root, "mv", f"constitutions/{CHARTER}.yaml", "constitutions/youth.yaml")
    repo.commit("Rename the charter's file", "2024-03-06")
    youth = amended(youth, "2.0", "2024-03-07")
    repo.write(youth, "youth")
    repo.commit("Adopt the charter 2.0 under its new name", "2024-03-07")
    git(repo.root, "rm", "-q", f"constitutions/{GONE}.yaml")
    repo.commit("Repeal and remove the hillside constitution", "2024-03-08")
    return repo


@pytest.fixture(scope="module")
def community(tmp_path_factory: pytest.TempPathFactory) -> DocRepo:
    return _community(tmp_path_factory.mktemp("parallel"))


def _copies(repo: DocRepo) -> set[tuple[str, str]]:
    """Every (blob, path) of a YAML file the walk reads, as git itself lists them."""
    log = git(repo.root, "log", "--raw", "--no-abbrev", "--format=", "--", "constitutions")
    found = set()
    for line in log.splitlines():
        meta, *paths = line.split("\t")
        status, blob = meta.split(" ")[4][0], meta.split(" ")[3]
        if status != "D" and paths[-1].endswith(".yaml") and "/." not in paths[-1]:
            found.add((blob, paths[-1]))
    return found


def test_there_are_enough_copies_to_go_parallel(community: DocRepo) -> None:
    assert len(_copies(community)) >= PARALLEL_FROM


def test_copies_parsed_ahead_are_every_copy_asked_for_and_only_with_several_jobs(
    community: DocRepo,
) -> None:
    wanted = {f"{blob}:{path}": (blob, path) for blob, path in sorted(_copies(community))}
    opened = repository.open_repository(community.docs)
    assert opened is not None
    with opened:
        ahead = repository._parse_ahead(opened, wanted, 2)
        assert repository._parse_ahead(opened, wanted, 1) == {}
        for key, (blob, path) in wanted.items():
            result = read_document(opened.odb.stream(bytes.fromhex(blob)).read(), path)
            if result.document is not None:
                assert ahead[key] == ((result.data, content_digest(result.document)), "")
            else:
                assert ahead[key] == (None, result.problems[0].message)


def _same(one: object, other: object) -> None:
    """Equal, and equal in every field (a document's `source` is left out of `==`)."""
    assert one == other
    assert repr(one) == repr(other)


def _problems(history: RepositoryHistory) -> list[str]:
    return [f"{p.file}:{p.line}:{p.column}: {p.severity}: {p.message}" for p in history.problems]


def test_history_read_on_two_cores_equals_history_read_on_one(community: DocRepo) -> None:
    alone = read_history(community.docs, cache_dir=None, jobs=1)
    shared = read_history(community.docs, cache_dir=None, jobs=2)
    _same(shared, alone)
    broken = [p for p in _problems(shared) if "could not be read" in p]
    assert len(broken) == 2 and _problems(shared) == _problems(alone)
    assert broken[0].startswith(f"constitutions/{CONSTITUTION}.yaml:1:1: warning: the copy")
    assert broken[1].startswith(f"constitutions/{CHARTER}.yaml:1:1: warning: the copy")
    assert [v.version.text for v in shared.documents[CONSTITUTION].versions] == [
        "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"
    ]  # fmt: skip
    assert shared.documents[CHARTER].current is not None
    assert shared.documents[CHARTER].current.path == "constitutions/youth.yaml"
    assert shared.documents[GONE].deleted
    assert len(shared.translations[(CONSTITUTION, "cy")].versions) == 8


def test_the_stage_gives_the_same_history_and_problems_on_any_number_of_jobs(
    community: DocRepo,
) -> None:
    loaded = load_paths([community.docs], 1)
    found = [
        folder_history(community.docs, loaded.documents, loaded.texts, None, loaded.translations, j)
        for j in (1, 2)
    ]
    _same(found[0], found[1])


def _read_with_caches(
    repo: DocRepo, cache: Path, jobs: int
) -> tuple[RepositoryHistory, dict[str, Any]]:
    """As a build reads history: the load stage's checked cache first, then the blob cache."""
    load_paths([repo.docs], 1, cache)
    history = read_history(repo.docs, cache_dir=cache, jobs=jobs)
    return history, BlobCache(cache).entries


def test_the_caches_hold_the_same_entries_whether_parsed_here_or_ahead(
    community: DocRepo, tmp_path: Path
) -> None:
    alone, alone_entries = _read_with_caches(community, tmp_path / "one" / "cache", 1)
    shared, shared_entries = _read_with_caches(community, tmp_path / "two" / "cache", 2)
    assert (tmp_path / "two" / "cache" / CHECKED_FILE).exists()
    _same(shared, alone)
    _same(shared_entries, alone_entries)
    assert len(shared_entries) >= PARALLEL_FROM
    again = read_history(community.docs, cache_dir=tmp_path / "two" / "cache", jobs=2)
    _same(again, shared)  # everything from the cache now, unreadable copies warned again
    _same(again, read_history(community.docs, cache_dir=None, jobs=2))


def test_a_few_copies_are_parsed_in_process(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path)
    repo.save(constitution(), "Adopt", "2024-01-20")
    (repo.docs / f"{CONSTITUTION}.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    repo.commit("Break it", "2024-01-21")
    repo.docs.joinpath(f"{CONSTITUTION}.yaml").write_text(
        json.dumps(constitution(), indent=2) + "\n", encoding="utf-8"
    )
    repo.commit("Mend it", "2024-01-22")
    assert len(_copies(repo)) < PARALLEL_FROM
    _same(read_history(repo.docs, jobs=2), read_history(repo.docs, jobs=1))
    assert len(read_history(repo.docs, jobs=2).problems) == 1


def test_copies_the_load_stage_read_are_taken_as_they_are(
    community: DocRepo, tmp_path: Path
) -> None:
    """A committed copy with a working-tree file's bytes is the load stage's own document.

    The history is the same as one read from git alone, and the blob cache still
    keeps the copy, for the build after the file changes.
    """
    cache = tmp_path / "cache"
    loaded = load_paths([community.docs], 1, cache)
    own = {doc.id: doc for doc in loaded.documents}
    assert {doc.id for doc, _data in loaded.by_blob.values()} >= set(own)
    given = read_history(community.docs, cache_dir=cache, jobs=1, known=loaded.by_blob)
    _same(given, read_history(community.docs, cache_dir=None, jobs=1))
    current = given.documents[CONSTITUTION].current
    assert current is not None and current.document.articles is own[CONSTITUTION].articles
    working = blob_id((community.docs / f"{CONSTITUTION}.yaml").read_bytes())
    assert f"{working}:constitutions/{CONSTITUTION}.yaml" in BlobCache(cache).entries
    _same(read_history(community.docs, cache_dir=cache, jobs=1), given)  # from the cache alone
