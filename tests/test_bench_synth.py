"""The benchmark's synthetic data is itself correct: valid documents whose versions really differ.

The benchmarks (bench/) are not run by pytest, but what they measure is only
meaningful if the generated repositories are what a real community would have:
documents `charters validate` accepts, with amendments that reword, insert,
remove and move clauses.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from conftest import run

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402
from generator.history.repository import read_history  # noqa: E402
from generator.load import yamlsafe  # noqa: E402


def test_a_synthetic_repository_validates_and_keeps_every_version(tmp_path: Path) -> None:
    repo = synth.community_repository(tmp_path / "repo", documents=3, versions=4, clauses=25)
    assert synth.amend_and_commit(repo, 1) == "1.4"

    result = run("validate", repo.documents, cwd=repo.root)
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output, result.output

    history = read_history(repo.documents)
    counts = {doc_id: len(entry.versions) for doc_id, entry in history.documents.items()}
    ids = [s.id for s in repo.series]
    assert counts == {ids[0]: 4, ids[1]: 5, ids[2]: 4}
    assert all(entry.proposed is None for entry in history.documents.values())
    versions = [v.version.text for v in history.documents[ids[1]].versions]
    assert versions == ["1.0", "1.1", "1.2", "1.3", "1.4"]


def test_versions_reword_insert_remove_and_move_clauses() -> None:
    docs = synth.single_history(versions=16, clauses=40, seed=11)
    assert [d["version"] for d in docs] == [f"1.{k}" for k in range(16)]
    adopted = [d["decision"]["adopted"] for d in docs]
    assert adopted == sorted(adopted) and len(set(adopted)) == len(adopted)
    assert 35 <= synth.clause_count(docs[0]) <= 45

    seen: set[str] = set(synth.clause_ids(docs[0]))
    moved = removed = 0
    for before, after in itertools.pairwise(docs):
        old, new = synth.clause_ids(before), synth.clause_ids(after)
        old_texts, new_texts = synth.texts(before), synth.texts(after)
        reworded = [i for i in old if i in new and old_texts[i] != new_texts[i]]
        inserted = set(new) - set(old)
        assert 2 <= len(reworded) <= 4
        assert 1 <= len(inserted) <= 2
        assert not inserted & seen, "an inserted clause must have a new id, never a reused one"
        assert len(set(old) - set(new)) <= 1
        removed += len(set(old) - set(new))
        moved += sum(1 for i in old if i in new and old[i] != new[i])
        seen |= inserted
    assert removed >= 3
    assert moved >= 1


def test_the_yaml_reads_back_as_the_document_and_is_deterministic() -> None:
    doc = synth.single_history(versions=3, clauses=30, seed=5)[-1]
    text = synth.to_yaml(doc)
    assert yamlsafe.load(text) == doc
    assert text == synth.to_yaml(synth.single_history(versions=3, clauses=30, seed=5)[-1])
    assert text != synth.to_yaml(synth.single_history(versions=3, clauses=30, seed=6)[-1])


def test_the_big_redline_rewords_the_share_asked_for() -> None:
    old, new, changed = synth.big_pair(clauses=400, changed=0.05)
    before, after = synth.texts(old), synth.texts(new)
    assert before.keys() == after.keys()
    differ = [i for i in before if before[i] != after[i]]
    assert sorted(differ) == sorted(changed)
    assert len(differ) == round(len(before) * 0.05)
