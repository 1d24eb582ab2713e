"""Citing a provision: the citation text, its frozen address, number anchors (issue 14)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.site import urls

CONSTITUTION = "riverside-constitution"
TITLE = "Constitution of the Riverside Residents' Association"


def page(site: Path, url: str) -> str:
    return (site / urls.page_output(url)).read_text()


def clause_block(html: str, provision: str) -> str:
    start = html.index(f'id="{provision}"')
    return html[start : html.index("</details>", start)]


def citations(site: Path, version: str) -> dict[str, str]:
    """Every provision's citation in a version's JSON, by id."""
    found: dict[str, str] = {}

    def walk(items: list[dict]) -> None:
        for item in items:
            found[item["id"]] = item["citation"]
            walk(item.get("clauses", []))
            walk(item.get("sections", []))

    walk(json.loads((site / urls.data(CONSTITUTION, version)).read_text())["articles"])
    return found


def test_a_renumbered_clause_is_cited_by_its_number_in_each_version(site: Path) -> None:
    # purpose-means is 2.2 in 1.0 and 2.3 from 1.1, when a clause is inserted before it.
    for version, number, adopted in (
        ("1.0", "2.2", "20 January 2024"),
        ("1.1", "2.3", "20 June 2024"),
    ):
        address = f"/{CONSTITUTION}/{version}/#purpose-means"
        expected = (
            f"Community constitution, {TITLE}, version {version} (adopted {adopted}), "
            f"clause {number}, {address}"
        )
        assert citations(site, version)["purpose-means"] == expected
        block = clause_block(page(site, urls.version(CONSTITUTION, version)), "purpose-means")
        assert expected.replace("'", "&#39;") in block
        assert 'class="charters-cite-link" href="./#purpose-means"' in block


def test_articles_and_sections_are_cited_too(site: Path) -> None:
    cited = citations(site, "2.0")
    assert cited["money"].endswith(
        f"version 2.0 (adopted 1 February 2025), Article 4, /{CONSTITUTION}/2.0/#money"
    )
    assert ", Section 3.2, " in cited["voting"]


def test_the_current_page_cites_the_frozen_address_never_the_moving_one(site: Path) -> None:
    html = page(site, urls.document(CONSTITUTION))
    block = clause_block(html, "quorum")
    assert (
        f"version 2.0 (adopted 1 February 2025), clause 3.2.1, /{CONSTITUTION}/2.0/#quorum" in block
    )
    assert 'href="2.0/#quorum"' in block  # the permanent link goes to the frozen page
    assert f"/{CONSTITUTION}/#quorum" not in block


def test_a_proposal_offers_a_link_but_no_citation(site: Path) -> None:
    block = clause_block(page(site, urls.proposed(CONSTITUTION)), "accounts")
    assert "cannot be cited" in block and "(adopted" not in block


def test_each_provision_has_one_tab_stop(site: Path) -> None:
    html = page(site, urls.version(CONSTITUTION, "1.0"))
    block = html[html.index('id="quorum"') :]
    block = block[: block.index('id="majority"')]
    # The number is a link for the mouse, not a tab stop; the only stop is the control.
    assert re.search(r'class="charters-number"[^>]*tabindex="-1"', block)
    outside = re.sub(r"<details.*?</details>", "", block, flags=re.S)
    outside = re.sub(r'<a [^>]*tabindex="-1">', "", outside)
    assert "<a " not in outside and "<button" not in outside
    assert block.count("<summary") == 1


def test_number_anchors_resolve_in_frozen_versions_only(site: Path) -> None:
    def owner(html: str, anchor: str) -> str:
        """The id of the provision whose block holds the number anchor."""
        at = html.index(f'id="{anchor}"')
        return re.findall(r'class="charters-clause" id="([^"]+)"', html[:at])[-1]

    old = page(site, urls.version(CONSTITUTION, "1.0"))
    new = page(site, urls.version(CONSTITUTION, "1.1"))
    assert owner(old, "clause-2.2") == "purpose-means"
    assert owner(new, "clause-2.3") == "purpose-means"
    assert owner(new, "clause-2.3(b)") == "means-money"
    assert 'id="article-4"' in page(site, urls.version(CONSTITUTION, "2.0"))
    assert 'id="section-3.2"' in new
    # At the moving address a number could change meaning, so it has no number anchors.
    current = page(site, urls.document(CONSTITUTION))
    assert 'id="clause-' not in current and 'id="article-' not in current
