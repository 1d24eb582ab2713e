"""How fast is the redline? A 2,000-clause document with 5% of its clauses amended.

Run from the repository root: `python bench/diff_speed.py`. It times, in one
process, the diff engine alone, the whole `charters diff` path for two files
(read YAML, diff, render Markdown), and as a baseline `git diff --no-index
--word-diff` over the same two YAML files. Results go to bench/results/diff.json.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.diff.as_markdown import render_markdown  # noqa: E402
from generator.diff.clauses import diff_documents  # noqa: E402
from generator.diff.view import redline_view  # noqa: E402
from generator.load.documents import read_document  # noqa: E402
from generator.review.diff_command import compare  # noqa: E402

ARTICLES, CLAUSES, CHANGED = 100, 20, 0.05
WORDS = [
    "the",
    "members",
    "board",
    "may",
    "shall",
    "meeting",
    "notice",
    "general",
    "quorum",
    "vote",
    "treasurer",
    "accounts",
    "days",
    "clear",
    "of",
    "and",
    "to",
    "in",
    "a",
    "secretary",
    "partnership",
    "decision",
    "resident",
    "charter",
    "budget",
    "service",
]


def document(rng: random.Random) -> dict:
    articles = []
    for a in range(ARTICLES):
        clauses = [
            {"id": f"clause-{a}-{c}", "text": " ".join(rng.choices(WORDS, k=rng.randint(15, 60)))}
            for c in range(CLAUSES)
        ]
        articles.append(
            {
                "id": f"article-{a}",
                "title": f"Article about {WORDS[a % len(WORDS)]}",
                "clauses": clauses,
            }
        )
    return {
        "kind": "constitution",
        "id": "big-constitution",
        "title": "A big constitution",
        "version": "1.0",
        "status": "adopted",
        "decision": {
            "adopted": "2024-01-01",
            "body": "General meeting",
            "votes": {"for": 30, "against": 2},
        },
        "amendment_rule": {"threshold": "2/3", "quorum": 20},
        "articles": articles,
    }


def amend(data: dict, rng: random.Random) -> dict:
    """5% of the clauses changed: three in five reworded, one in five inserted, one removed."""
    new = json.loads(json.dumps(data))
    new["version"], new["status"] = "1.1", "draft"
    del new["decision"]
    changes = int(ARTICLES * CLAUSES * CHANGED)
    for n in range(changes):
        clauses = rng.choice(new["articles"])["clauses"]
        kind = n % 5
        if kind < 3:
            clause = rng.choice(clauses)
            words = clause["text"].split()
            for _ in range(rng.randint(1, 3)):
                words[rng.randrange(len(words))] = "amended"
            clause["text"] = " ".join(words)
        elif kind == 3:
            text = " ".join(rng.choices(WORDS, k=30))
            clauses.insert(rng.randrange(len(clauses) + 1), {"id": f"new-{n}", "text": text})
        else:
            clauses.pop(rng.randrange(len(clauses)))
    return new


def timed(action: Callable[[], object], runs: int) -> dict[str, float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return {"median_ms": statistics.median(seconds) * 1000, "max_ms": max(seconds) * 1000}


def main() -> None:
    rng = random.Random(2024)
    old_data = document(rng)
    new_data = amend(old_data, rng)
    with tempfile.TemporaryDirectory() as folder:
        old_path, new_path = Path(folder) / "old.yaml", Path(folder) / "new.yaml"
        yaml = YAML()
        yaml.width = 88
        for path, data in ((old_path, old_data), (new_path, new_data)):
            with path.open("w") as out:
                yaml.dump(data, out)
        old = read_document(old_path.read_bytes(), str(old_path)).document
        new = read_document(new_path.read_bytes(), str(new_path)).document
        assert old is not None and new is not None
        diff = diff_documents(old, new)

        def whole_command() -> None:
            comparison = compare(str(old_path), str(new_path), Path("constitutions"))
            render_markdown([redline_view(d) for d in comparison.diffs])

        def git_word_diff() -> None:
            subprocess.run(
                [
                    "git",
                    "diff",
                    "--no-index",
                    "--word-diff=porcelain",
                    str(old_path),
                    str(new_path),
                ],
                capture_output=True,
                check=False,
            )

        results = {
            "clauses": ARTICLES * CLAUSES,
            "changed": diff.summary.clauses.changed,
            "inserted": diff.summary.clauses.added,
            "removed": diff.summary.clauses.removed,
            "diff_engine": timed(lambda: diff_documents(old, new), 20),
            "charters_diff_files_markdown": timed(whole_command, 5),
            "baseline_git_word_diff": timed(git_word_diff, 5),
        }
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "diff.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
