"""What makes `charters diff` fast, asserted without a clock (issue 16, item 4).

The redline command starts without the site's and the validator's libraries, and
a document read and checked by an earlier diff is built from the signed cache
instead of being parsed and checked again. Timing itself is the benchmark's job
(`python bench/run.py --only D`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run
from redline_helpers import FIXTURES, fixture_repo

from generator.load.cached import CACHE_FILE, DocumentCache, blob_id
from generator.review.diff_command import compare

NAME = "larkfield-tenants-constitution.yaml"
# Libraries a redline of two files never needs: the site engine and its theme, the
# templates, git, the Markdown and HTML tools, and the full validator.
NEVER = ("mkdocs", "material", "zensical", "jinja2", "git", "markdown_it", "nh3", "jsonschema")
# What a cached read spares as well: the YAML parser and the compiled schema check.
CACHED = ("ruamel", "fastjsonschema")


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    shutil.copy(FIXTURES / "v1.0" / NAME, old)
    shutil.copy(FIXTURES / "v1.1" / NAME, new)
    return old, new


def imported(cache: Path, *args: str | Path, cwd: Path, **extra: str) -> tuple[set[str], str]:
    """The top-level packages `python -X importtime -m generator ARGS` loaded, and its output."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")},
        "CHARTERS_CACHE_DIR": str(cache),
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                modules.add(name.split(".")[0])
    return modules, result.stdout


def test_a_file_diff_loads_neither_site_nor_validator_and_a_second_one_no_parser(
    pair: tuple[Path, Path], tmp_path: Path
):
    old, new = pair
    cache = tmp_path / "cache"
    args = ("diff", old.name, new.name, "--format", "json")
    first, first_out = imported(cache, *args, cwd=tmp_path)
    assert "click" in first and "ruamel" in first  # the probe sees real imports
    assert not first & {*NEVER, "rich"}
    second, second_out = imported(cache, *args, cwd=tmp_path)
    assert not second & {*NEVER, *CACHED, "rich"}
    assert second_out == first_out
    # The text rendering, piped, is written without rich (`as_terminal.plain_output`);
    # for a terminal (FORCE_COLOR says there is one) it needs rich, and nothing else above.
    text, _ = imported(cache, "diff", old.name, new.name, "--format", "text", cwd=tmp_path)
    assert not text & {*NEVER, *CACHED, "rich"}
    coloured, _ = imported(
        cache, "diff", old.name, new.name, "--format", "text", cwd=tmp_path, FORCE_COLOR="1"
    )
    assert "rich" in coloured
    assert not coloured & {*NEVER, *CACHED}


def test_a_second_diff_of_the_same_files_is_built_from_the_cache(
    pair: tuple[Path, Path], tmp_path: Path
):
    old, new = pair
    folder = tmp_path / "cache" / "repo"
    first = DocumentCache(folder)
    before = compare(str(old), str(new), Path("constitutions"), cache=first)
    first.save()
    assert first.hits == 0
    assert (folder / CACHE_FILE).is_file()

    second = DocumentCache(folder)
    again = compare(str(old), str(new), Path("constitutions"), cache=second)
    assert second.hits == 2
    assert again.diffs == before.diffs

    new.write_text(new.read_text().replace("21 clear days'", "28 clear days'"))
    third = DocumentCache(folder)
    compare(str(old), str(new), Path("constitutions"), cache=third)
    assert third.hits == 1  # the changed file is new bytes: read and checked afresh


def test_a_file_with_a_problem_is_never_cached(tmp_path: Path):
    text = (FIXTURES / "v1.0" / NAME).read_text()
    broken = text.replace("title:", "title: Room #3 and", 1)  # a text cut short at " #"
    assert broken != text
    raw = broken.encode()
    folder = tmp_path / "cache" / "repo"
    cache = DocumentCache(folder)
    result = cache.read(raw, "broken.yaml")
    assert result.problems
    cache.save()
    again = DocumentCache(folder)
    assert again.read(raw, "broken.yaml").problems  # reported again, not hidden by a cache
    assert again.hits == 0


def test_documents_both_revisions_hold_unchanged_are_read_once(tmp_path: Path):
    fixture_repo(tmp_path)
    cache = DocumentCache(None)  # in memory only
    compare("v1.0", "v1.1", tmp_path / "constitutions", cache=cache)
    unchanged = [
        name
        for name in os.listdir(FIXTURES / "v1.0")
        if (FIXTURES / "v1.0" / name).read_bytes() == (FIXTURES / "v1.1" / name).read_bytes()
    ]
    assert cache.hits == len(unchanged)


def test_the_blob_id_is_gits(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"kind: constitution\n")
    hashed = subprocess.run(
        ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
    )
    assert blob_id(path.read_bytes()) == hashed.stdout.strip()


def test_no_cache_and_a_planted_cache_file(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    old, new = pair
    monkeypatch.setenv("CHARTERS_CACHE_DIR", str(tmp_path / "cache"))
    cached = run("diff", old, new, "--format", "json", cwd=tmp_path)
    fresh = run("diff", old, new, "--format", "json", "--no-cache", cwd=tmp_path)
    assert cached.exit_code == fresh.exit_code == 0
    assert json.loads(cached.stdout) == json.loads(fresh.stdout)
    (written,) = (tmp_path / "cache").rglob(CACHE_FILE)

    # A file not signed with the user's key is discarded with a warning, never unpickled.
    written.write_bytes(b"\0" * 32 + b"cos\nsystem\n(S'echo planted'\ntR.")
    planted = run("diff", old, new, "--format", "json", cwd=tmp_path)
    assert planted.exit_code == 0
    assert "Cache warning" in planted.stderr and "signature" in planted.stderr
    assert json.loads(planted.stdout) == json.loads(fresh.stdout)
    again = DocumentCache(written.parent)
    assert not again.damaged and len(again.blobs.entries) == 2  # written afresh, signed
