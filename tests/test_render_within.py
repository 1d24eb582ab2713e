"""One document rendered alone shares its versions between processes, and writes the
same pages, in the same order, as one process does (`Renderer.jobs_within`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_site import tree_digest

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synth
from generator.build import BuildError, build_site
from generator.diff.stage import document_redlines
from generator.history.repository import read_history
from generator.load.settings import read_settings
from generator.site.render import plan_site


@pytest.fixture(scope="module")
def long_amended(tmp_path_factory: pytest.TempPathFactory) -> synth.SynthRepo:
    """One constitution of 90 clauses in 12 versions: enough to share its versions."""
    return synth.community_repository(tmp_path_factory.mktemp("one") / "repo", 1, 12, 90)


def _rendered(repo: synth.SynthRepo, staging: Path, jobs: int):
    settings, _problems = read_settings(repo.root)
    history = read_history(repo.documents)
    (doc_id,) = history.documents
    renderer = plan_site(settings, history, staging, jobs=jobs, pdfs=True)
    assert renderer.plan() == [doc_id]
    redlines = document_redlines(history.documents[doc_id])
    within = renderer.jobs_within(doc_id)
    return renderer.render_document(doc_id, redlines, within), within


def test_a_documents_versions_on_two_processes_write_what_one_process_writes(
    long_amended: synth.SynthRepo, tmp_path: Path
) -> None:
    one, alone = _rendered(long_amended, tmp_path / "one", jobs=1)
    two, shared = _rendered(long_amended, tmp_path / "two", jobs=2)
    assert (alone, shared) == (1, 2)  # the second really ran on two processes
    assert two.files == one.files  # the same files, listed in the same order
    assert two.nav == one.nav and two.keys == one.keys and two.hashes == one.hashes
    assert two.pages == one.pages > 12 * 3
    assert len(two.keys) == two.pages and set(two.keys) <= set(two.files)  # every page keyed
    assert tree_digest(tmp_path / "two") == tree_digest(tmp_path / "one")


def test_the_site_and_its_cache_are_the_same_however_many_processes(
    long_amended: synth.SynthRepo, tmp_path: Path, own_cache: Path
) -> None:
    repo, docs = long_amended.root, long_amended.documents

    def built(name: str, jobs: int, cache: bool) -> list[str]:
        said: list[str] = []
        build_site(repo, docs, tmp_path / name, jobs=jobs, cache=cache, pdfs=False,
                   no_previous=True, progress=said.append)  # fmt: skip
        return said

    rendering = "Rendering 1 of 1 documents"
    assert rendering in built("one", 1, cache=False)
    assert rendering in built("two", 2, cache=False)
    assert tree_digest(tmp_path / "two") == tree_digest(tmp_path / "one")
    # What the shared rendering kept, a later build restores whole: no document to
    # render, the same site.
    assert rendering in built("filled", 2, cache=True)
    assert not [m for m in built("from-cache", 1, cache=True) if m.startswith("Rendering")]
    assert tree_digest(tmp_path / "from-cache") == tree_digest(tmp_path / "one")


def test_a_template_error_in_a_worker_is_reported_and_publishes_nothing(
    long_amended: synth.SynthRepo, tmp_path: Path, own_cache: Path
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(long_amended.root, broken)
    (broken / "templates" / "pages").mkdir(parents=True)
    (broken / "templates" / "pages" / "version.html").write_text("{% if %}broken{% endif %}")
    site = tmp_path / "site"
    with pytest.raises(BuildError, match="the site was not changed") as raised:
        build_site(broken, broken / "constitutions", site, jobs=2, pdfs=False, no_previous=True)
    assert "pages/version.html" in str(raised.value)
    assert not site.exists()
