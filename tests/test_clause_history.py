"""Each provision's own history page, built from a real multi-version git history (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build
from gitrepo import DocRepo, amended, clause, constitution, find_clause

from generator.site import urls

DOC = "riverside-constitution"


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Quorum amended in 1.1 (and renumbered by an insertion) and again in 2.0."""
    repo = DocRepo(tmp_path_factory.mktemp("twice"))
    v1 = constitution()
    repo.save(v1, "Adopt", "2024-01-20")
    v11 = amended(v1, "1.1", "2024-06-20", for_=31, against=4, proposal="https://example.org/pr/4")
    find_clause(v11, "quorum")["text"] = "The quorum is 25 members."
    v11["articles"][2]["sections"][0]["clauses"].insert(0, clause("notice-first", "Notice."))
    repo.save(v11, "Adopt 1.1", "2024-06-20")
    v2 = amended(v11, "2.0", "2025-02-01", for_=28, against=9, proposal="https://example.org/pr/9")
    find_clause(v2, "quorum")["text"] = "The quorum is 15 members."
    repo.save(v2, "Adopt 2.0", "2025-02-01")
    out = tmp_path_factory.mktemp("twice-site") / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    return out


def section(site: Path, provision: str) -> str:
    html = (site / urls.page_output(urls.clauses(DOC))).read_text()
    start = html.index(f'<section class="charters-clause-history" id="{provision}"')
    return html[start : html.index("</section>", start)]


def test_a_clause_amended_twice_lists_both_amendments_with_their_votes(twice: Path) -> None:
    block = section(twice, "quorum")
    events = re.findall(r"<strong>Version ([\d.]+)</strong></a> · ([^<]+)</p>", block)
    assert [v for v, _ in events] == ["1.0", "1.1", "2.0"]
    assert "Amended, renumbered from clause 3.2.1 to clause 3.2.2" in events[1][1]
    assert events[2][1].endswith("Amended")
    assert "31 for, 4 against, 1 abstaining" in block and "https://example.org/pr/4" in block
    assert "28 for, 9 against, 1 abstaining" in block and "https://example.org/pr/9" in block
    assert "<del>20</del> <ins>25</ins>" in block and "<del>25</del> <ins>15</ins>" in block


def test_insertions_and_removals_are_named(site: Path) -> None:
    inserted = section(site, "purpose-inclusion")
    assert "Inserted as clause 2.2" in inserted and "Version 1.1" in inserted
    removed = section(site, "majority")
    assert "(removed)" in removed and "Removed (it was clause 3.2.2)" in removed


def test_every_provision_links_its_own_history(site: Path) -> None:
    html = (site / urls.page_output(urls.version(DOC, "1.0"))).read_text()
    block = html[html.index('id="quorum"') :]
    assert 'href="../clauses/#quorum"' in block[: block.index("</details>")]
