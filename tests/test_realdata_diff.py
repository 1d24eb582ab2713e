"""Redlines of real amendment histories: the OpenJS CPC charter and the US Constitution.

Each version file in ../shared/realdata is imported as one commit with the importer
(`charters import-history`), then every consecutive pair of commits is compared with
`charters diff`. Every step must name what changed; the formatting-only and
reflow-only steps must report no change of wording. The slowest diff is printed.

These tests need the importer, built on another branch; until it is merged here
they skip and say so.
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import git
import pytest
from conftest import run

from generator import history
from generator.cli import main
from generator.diff import diff_documents

pytestmark = pytest.mark.realdata

WORDING = {"added", "removed", "modified", "retitled"}


@pytest.fixture(autouse=True)
def importer() -> None:
    if "import-history" not in main.commands:
        pytest.skip(
            "the importer ('charters import-history') is not on this branch yet; "
            "these real-data redline tests run once it is merged"
        )


def import_versions(files: list[Path], doc_id: str, into: Path, kind: str) -> list[str]:
    """Import one commit per file; the commits that changed the document, oldest first."""
    result = run("import-history", *files, "--id", doc_id, "--into", into, "--kind", kind)
    assert result.exit_code == 0, result.output
    repo = git.Repo(into)
    commits = [
        c.hexsha for c in repo.iter_commits(paths=f"constitutions/{doc_id}.yaml", reverse=True)
    ]
    assert len(commits) == len(files), "one commit per version"
    return commits


def redlines(
    repo: Path, doc_id: str, commits: list[str], files: list[Path]
) -> list[tuple[str, dict, float]]:
    """(step such as "v16->v17", JSON redline, seconds the engine took) for each pair."""
    source = repo / "constitutions"
    names = [f.name.split("_")[0] for f in files]
    out = []
    for (old, new), (was, now) in zip(
        itertools.pairwise(commits), itertools.pairwise(names), strict=True
    ):
        result = run("diff", old, new, "--doc", doc_id, "--format", "json", "--source", source)
        assert result.exit_code == 0, result.output
        (document,) = json.loads(result.output)["documents"]
        before = history.documents_at(source, old)[doc_id]
        after = history.documents_at(source, new)[doc_id]
        start = time.perf_counter()
        diff_documents(before, after)
        out.append((f"{was}->{now}", document, time.perf_counter() - start))
    return out


def wording_changes(document: dict) -> list[dict]:
    return [p for p in document["provisions"] if p["kind"] in WORDING]


def report(name: str, steps: list[tuple[str, dict, float]], record_property, capsys) -> None:
    slowest = max(steps, key=lambda s: s[2])
    record_property(f"{name}_slowest_diff_seconds", round(slowest[2], 4))
    with capsys.disabled():
        print(
            f"\n{name}: slowest diff {slowest[0]} took {slowest[2] * 1000:.1f} ms "
            f"({len(steps)} steps)"
        )


def test_openjs_charter_every_step_named_and_the_reflow_changes_no_wording(
    realdata: Path, tmp_path: Path, record_property, capsys
):
    files = sorted((realdata / "openjs-cpc-charter").glob("v*.md"))
    assert len(files) == 26
    commits = import_versions(files, "openjs-cpc-charter", tmp_path / "repo", "charter")
    steps = redlines(tmp_path / "repo", "openjs-cpc-charter", commits, files)
    for step, document, _ in steps:
        if step == "v16->v17":
            continue
        assert wording_changes(document) or document["fields"], f"{step} names no change"
    reflow = dict((s, d) for s, d, _ in steps)["v16->v17"]
    # 2023-07-03 "convert most hard-wrapping to soft-wrapping" re-wraps every paragraph.
    # Measured on the raw files, it also makes four small fixes ("Foundation
    # Foundation's", "initiatives ,", and two serial commas), so those clauses, and
    # only those, may show as amended; nothing is added, removed or moved.
    assert all(p["kind"] in ("modified", "renumbered") for p in reflow["provisions"])
    assert not any(p["moved"] for p in reflow["provisions"])
    changed_words = [
        w["text"] for p in wording_changes(reflow) for w in p["words"] if w["kind"] != "equal"
    ]
    assert len(wording_changes(reflow)) <= 4
    assert sum(len(text.split()) for text in changed_words) <= 16, changed_words
    report("openjs-cpc-charter", steps, record_property, capsys)


def test_us_constitution_every_amendment_named_and_the_formatting_step_changes_nothing(
    realdata: Path, tmp_path: Path, record_property, capsys
):
    # From the original text of 1787 on (v00 is a draft of the Committee of Detail).
    files = sorted((realdata / "us-constitution").glob("v*.md"))[1:]
    assert len(files) == 20
    commits = import_versions(files, "us-constitution", tmp_path / "repo", "constitution")
    steps = redlines(tmp_path / "repo", "us-constitution", commits, files)
    *amendments, (last, formatting, _) = steps
    for step, document, _ in amendments:
        assert wording_changes(document), f"{step} names no change"
    # v20 only turns "**Section. 1.**" run-in headings into "###" headings and numbers a list.
    assert last == "v19->v20"
    assert wording_changes(formatting) == [], "the formatting-only step changed wording"
    assert not formatting["summary"]["changes_wording"]
    report("us-constitution", steps, record_property, capsys)
