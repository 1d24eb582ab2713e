"""The versioned website, built for real from git repositories made in temp dirs."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from conftest import build, run
from gitrepo import DocRepo, amended, charter, constitution, find_clause, git

from generator.site import urls

CONSTITUTION = "riverside-constitution"
CHARTER = "riverside-youth-charter"


def page(site: Path, url: str) -> str:
    return (site / urls.page_output(url)).read_text()


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_every_url_of_the_site_contract_is_served(site: Path) -> None:
    expected = [
        urls.INDEX,
        urls.document(CONSTITUTION),
        urls.version(CONSTITUTION, "1.0"),
        urls.version(CONSTITUTION, "1.1"),
        urls.version(CONSTITUTION, "2.0"),
        urls.history(CONSTITUTION),
        urls.proposed(CONSTITUTION),
        urls.document(CHARTER),
        urls.version(CHARTER, "1.0"),
        urls.history(CHARTER),
        urls.changes(CONSTITUTION, "1.1"),
        urls.changes(CONSTITUTION, "2.0"),
        urls.since(CONSTITUTION, "1.0"),
        urls.since(CONSTITUTION, "1.1"),
    ]
    for url in expected:
        assert (site / url / "index.html").is_file(), url
    for version in ("1.0", "1.1", "2.0"):
        data = json.loads((site / urls.data(CONSTITUTION, version)).read_text())
        assert data["version"] == version and data["id"] == CONSTITUTION
    assert "<feed" in (site / urls.feed(CONSTITUTION)).read_text()
    for kind in ("constitution", "charter"):
        schema = json.loads((site / urls.schema(kind)).read_text())
        assert schema["$schema"].endswith("2020-12/schema")
    # A draft committed on the way to 1.1 is never published as a version.
    assert not (site / CONSTITUTION / "proposed" / "1.1").exists()


def test_the_drafted_version_is_published_with_its_adoption_text(site: Path) -> None:
    data = json.loads((site / urls.data(CONSTITUTION, "1.1")).read_text())
    assert data["status"] == "adopted"
    assert data["adopted"] == "2024-06-20"
    assert data["decision"]["proposal"] == "https://github.com/riverside/charters/pull/4"


def test_every_provision_has_an_anchor_in_every_version(site: Path) -> None:
    for url, ids in {
        urls.version(CONSTITUTION, "1.0"): [
            "name",
            "purpose-means",
            "means-money",
            "voting",
            "majority",
        ],
        urls.version(CONSTITUTION, "2.0"): ["quorum", "purpose-inclusion", "money", "accounts"],
        urls.document(CONSTITUTION): ["quorum", "accounts", "means-services"],
    }.items():
        html = page(site, url)
        for provision in ids:
            assert f'id="{provision}"' in html, (url, provision)
            assert f'href="#{provision}"' in html, (url, provision)  # the visible link mark


def test_numbers_are_derived_from_position(site: Path) -> None:
    old = page(site, urls.version(CONSTITUTION, "1.0"))
    new = page(site, urls.version(CONSTITUTION, "1.1"))
    # purpose-means was 2.2 and becomes 2.3 when purpose-inclusion is inserted before it.
    assert re.search(r'id="purpose-means">\s*<a class="charters-number"[^>]*>2\.2<', old)
    assert re.search(r'id="purpose-means">\s*<a class="charters-number"[^>]*>2\.3<', new)
    assert re.search(r'id="means-money">\s*<a class="charters-number"[^>]*>2\.3\(b\)<', new)
    # Sections continue the article's count: Section 3.2 holds clauses 3.2.1, 3.2.2.
    assert "Section 3.2. Voting" in new and ">3.2.1<" in new


def test_old_version_says_it_is_not_current_and_links_the_same_clause(site: Path) -> None:
    html = page(site, urls.version(CONSTITUTION, "1.0"))
    assert "This is not the current text." in html
    assert "Superseded on 20 June 2024 by version 1.1; the current text is version 2.0." in html
    assert "in force from 20 January 2024 until 20 June 2024." in html
    clause_block = html[html.index('id="quorum"') :]
    clause_block = clause_block[: clause_block.index('id="majority"')]
    assert 'href="../#quorum"' in clause_block
    # The clause's one control holds the link to the same clause in the current text;
    # closed, it is the clause's only tab stop (its links are reached by opening it).
    assert 'href="../#quorum">This clause in the current text</a>' in clause_block
    assert clause_block.count("<summary") == 1
    outside = re.sub(r"<details.*?</details>", "", clause_block, flags=re.S)
    assert outside.count("<a ") - outside.count('tabindex="-1"') == 0
    removed_block = html[html.index('id="majority"') :][:800]
    assert "Not in the current text" in removed_block
    current = page(site, urls.document(CONSTITUTION))
    assert "This is not the current text." not in current


def test_removed_clauses_keep_an_anchor_on_the_current_page(site: Path) -> None:
    current = page(site, urls.document(CONSTITUTION))
    item = current[current.index('<li id="majority"') :][:400]
    assert 'href="1.1/#majority"' not in item  # 1.1 no longer has it
    assert 'href="1.0/#majority"' in item and "version 1.0" in item


def test_version_selector_links_every_version_and_keeps_the_clause(site: Path) -> None:
    html = page(site, urls.version(CONSTITUTION, "1.1"))
    selector = html[html.index('class="charters-versionbar"') :]
    selector = selector[: selector.index("</nav>")]
    links = re.findall(
        r'<a href="([^"]+)" data-keep-anchor( aria-current="page")?>Version ([^<]+)<', selector
    )
    assert [(href, label) for href, _, label in links] == [
        ("../proposed/", "2.1 (proposed)"),
        ("../", "2.0 (current)"),
        ("./", "1.1"),
        ("../1.0/", "1.0"),
    ]
    assert [label for _, current, label in links if current] == ["1.1"]
    assert "<details" in selector and "<summary>" in selector  # keyboard, no JavaScript needed
    assert 'href="../history/"' in selector


def test_history_page_lists_every_version_with_its_decision(site: Path) -> None:
    html = page(site, urls.history(CONSTITUTION))
    for version in ("1.0", "1.1", "2.0"):
        assert f'id="version_{version}"' in html
    assert (
        html.index('id="version_2.0"')
        < html.index('id="version_1.1"')
        < html.index('id="version_1.0"')
    )
    assert "20 January 2024" in html and "20 June 2024" in html and "1 February 2025" in html
    assert "30 for, 2 against, 1 abstaining" in html
    assert 'href="../1.0/"' in html and 'href="../"' in html
    assert 'href="../proposed/"' in html  # an amendment is proposed


def test_proposed_page_has_a_banner_and_the_proposed_text(site: Path) -> None:
    html = page(site, urls.proposed(CONSTITUTION))
    assert "Proposed, not adopted." in html
    assert "Accounts are kept and published every year." in html
    assert "the adopted text is version 2.0" in html
    current = page(site, urls.document(CONSTITUTION))
    assert "Accounts are kept and published every year." not in current
    assert 'href="proposed/"' in current


def test_charter_panel_and_citations_link_the_version_in_force(site: Path) -> None:
    html = page(site, urls.document(CHARTER))
    assert "This charter at a glance" in html
    for words in (
        "1. Nature of the service",
        "Interest-based",
        "Participatory budgeting",
        "£12,000 a year",
    ):
        assert words in html
    assert "National Lottery: Awards for All" in html
    # The charter was adopted on 2024-03-01, when constitution 1.0 was in force.
    assert 'href="../riverside-constitution/1.0/#quorum"' in html
    assert "clause 3.2.1 of the Constitution of the Riverside" in html
    assert 'href="../riverside-constitution/1.0/"' in html  # "Made under ..."
    index = page(site, urls.INDEX)
    assert "Commissioning at a glance" in index
    assert "Involved now; aiming for Community-led by 1 January 2027" in index


def test_index_lists_every_document(site: Path) -> None:
    html = page(site, urls.INDEX)
    assert 'href="riverside-constitution/"' in html and 'href="riverside-youth-charter/"' in html
    assert "Constitution of the Riverside Residents&#39; Association" in html or (
        "Constitution of the Riverside Residents&#x27; Association" in html
    )
    table = html[html.index('class="charters-documents') :]
    row = table[table.index('href="riverside-constitution/"') :][:600]
    assert (
        "2.0" in row
        and "1 February 2025" in row
        and "Adopted" in row
        and 'class="charters-badge"' in row
        and "Amendment proposed" in row
    )
    # On phones each cell says what it is (the header row is hidden there).
    assert 'data-label="Current version">2.0<' in row


def test_old_versions_are_out_of_the_nav_and_the_search_index(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "riverside-constitution/" in locations
    assert "riverside-youth-charter/" in locations
    for hidden in (
        "riverside-constitution/1.0/",
        "riverside-constitution/proposed/",
        "riverside-constitution/history/",
    ):
        assert hidden not in locations
    nav = page(site, urls.document(CONSTITUTION))
    nav = nav[nav.index('class="md-nav md-nav--primary"') :]
    assert 'href="1.0/"' not in nav[: nav.index("</nav>")]


def test_the_same_commit_builds_identical_bytes(
    community: DocRepo, site: Path, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    assert build(community.root, again).exit_code == 0
    assert tree_digest(again) == tree_digest(site)


def test_a_failing_build_leaves_the_site_untouched(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    out = tmp_path / "site"
    assert build(repo.root, out).exit_code == 0
    before = tree_digest(out)
    (repo.docs / f"{CONSTITUTION}.yaml").write_text('kind: constitution\nid: "broken\n')
    result = build(repo.root, out)
    assert result.exit_code == 1
    assert "the site was not changed" in result.output
    assert (
        "riverside-constitution.yaml:2:5: error: this quoted text is never closed" in result.output
    )
    assert tree_digest(out) == before


def test_template_error_names_the_file_and_line(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    (repo.root / "templates" / "pages").mkdir(parents=True)
    (repo.root / "templates" / "pages" / "index.html").write_text("<h1>Hello</h1>\n\n{% if %}\n")
    out = tmp_path / "site"
    result = build(repo.root, out)
    assert result.exit_code == 1
    assert re.search(
        r"templates/pages/index\.html:3: the template could not be used", result.output
    )
    assert not out.exists()


def test_community_template_overrides_the_default(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    (repo.root / "templates" / "pages").mkdir(parents=True)
    (repo.root / "templates" / "pages" / "index.html").write_text(
        "# Our own home page\n\nHello {{ site_name }}.\n"
    )
    out = tmp_path / "site"
    assert build(repo.root, out).exit_code == 0
    assert "Our own home page" in page(out, urls.INDEX)
    assert "This is not the current text" not in page(
        out, urls.document(CONSTITUTION)
    )  # defaults still used


def test_text_that_looks_like_a_template_or_html_stays_literal(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    doc = constitution()
    find_clause(doc, "notice")["text"] = "Notice {{ 7*7 }} and {% include 'x' %} and <b>bold</b>."
    doc["title"] = 'The <i>Riverside</i> & "Friends" {{ 7*7 }} constitution'
    repo.save(doc, "Adopt", "2024-01-20")
    out = tmp_path / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    html = page(out, urls.document(CONSTITUTION))
    assert "Notice {{ 7*7 }} and {% include 'x' %} and &lt;b&gt;bold&lt;/b&gt;." in html
    assert "Notice 49" not in html and "49 constitution" not in html
    assert "<i>Riverside</i>" not in html and "<b>bold</b>" not in html
    assert "&lt;i&gt;Riverside&lt;/i&gt;" in html


def test_script_in_a_clause_stops_the_build(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    doc = constitution()
    find_clause(doc, "notice")["text"] = "Hi <script>alert(1)</script>"
    repo.save(doc, "Adopt", "2024-01-20")
    result = build(repo.root, tmp_path / "site")
    assert result.exit_code == 1
    assert "could run a script" in result.output
    assert not (tmp_path / "site").exists()


def test_shallow_clone_is_detected(community: DocRepo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{community.root}", str(clone))
    result = build(clone, tmp_path / "site")
    assert result.exit_code == 1
    assert "shallow clone" in result.output and "fetch-depth: 0" in result.output
    allowed = build(clone, tmp_path / "site", "--allow-shallow")
    assert allowed.exit_code == 0, allowed.output
    assert "shallow clone" in allowed.output
    assert (tmp_path / "site" / CONSTITUTION / "2.0" / "index.html").exists()
    assert not (tmp_path / "site" / CONSTITUTION / "1.0").exists()


def test_repository_without_commits_publishes_only_proposals(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.write(constitution())
    out = tmp_path / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    assert "Proposed, not adopted." in page(out, urls.proposed(CONSTITUTION))
    assert not (out / CONSTITUTION / "index.html").exists()
    assert "Proposed (not adopted)" in page(out, urls.INDEX)


def test_renamed_and_deleted_documents_keep_their_history(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    repo.save(charter(), "Charter", "2024-03-01")
    (repo.docs / "archive").mkdir()
    git(
        repo.root,
        "mv",
        f"constitutions/{CONSTITUTION}.yaml",
        f"constitutions/archive/{CONSTITUTION}.yaml",
    )
    repo.commit("Move the constitution into a folder", "2024-04-01")
    moved = amended(constitution(), "1.1", "2024-05-01")
    repo.write(moved, f"archive/{CONSTITUTION}")
    repo.commit("Adopt 1.1", "2024-05-01")
    (repo.docs / f"{CHARTER}.yaml").unlink()
    repo.commit("The charter ends", "2024-06-01")
    out = tmp_path / "site"
    # A published document that vanishes unrecorded is refused: its end must be on record.
    refused = build(repo.root, out)
    assert refused.exit_code == 1
    assert f"the document '{CHARTER}' was published (version 1.0" in refused.output
    assert "keep the file with status: repealed" in refused.output
    ended = {**charter(), "status": "repealed"}
    repo.save(ended, "The charter ends, on record", "2024-06-02")
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    assert (out / CONSTITUTION / "1.0" / "index.html").exists()  # from before the move
    assert (out / CONSTITUTION / "1.1" / "index.html").exists()
    assert (out / CHARTER / "index.html").exists()  # deleted from the tree, still online
    assert (out / CHARTER / "1.0.json").exists()


def test_history_with_merge_commits_and_a_detached_head(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    git(repo.root, "checkout", "-q", "-b", "amendment")
    v11 = amended(constitution(), "1.1", "2024-02-10")
    find_clause(v11, "notice")["text"] = "Members get 21 days' notice of a general meeting."
    repo.save(v11, "Adopt 1.1 on a branch", "2024-02-10")
    git(repo.root, "checkout", "-q", "main")
    git(
        repo.root,
        "merge",
        "-q",
        "--no-ff",
        "amendment",
        "-m",
        "Merge the amendment",
        date="2024-02-11",
    )
    git(repo.root, "checkout", "-q", "--detach", "HEAD")  # as CI checks out
    out = tmp_path / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    assert "21 days" in page(out, urls.document(CONSTITUTION))
    assert "14 days" in page(out, urls.version(CONSTITUTION, "1.0"))


def test_a_version_that_goes_backwards_is_an_error(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(version="2.0"), "Adopt 2.0", "2024-01-20")
    older = amended(constitution(), "1.5", "2024-02-01")
    find_clause(older, "notice")["text"] = "Members get 7 days' notice."
    repo.save(older, "Oops", "2024-02-01")
    result = build(repo.root, tmp_path / "site")
    assert result.exit_code == 1
    assert "comes after version 2.0 in the history, but its number is not higher" in result.output


def test_an_adopted_text_edited_without_a_new_number_is_an_error(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    first = repo.save(constitution(), "Adopt", "2024-01-20")
    edited = constitution()
    find_clause(edited, "notice")["text"] = "Members get 7 days' notice."
    change = repo.save(edited, "Quietly change the notice period", "2024-02-01")
    result = run("validate", repo.docs, cwd=repo.root)
    assert result.exit_code == 1
    assert (
        f"version 1.0 was adopted in commit {first[:10]}, but commit {change[:10]} changed its text"
        in result.output
    )
    # Restoring the adopted text fixes it; the slip stays in git history, not in the site.
    repo.save(constitution(), "Restore the adopted text", "2024-02-02")
    assert run("validate", repo.docs, cwd=repo.root).exit_code == 0


def test_changes_page_redlines_a_version_against_the_one_before(site: Path) -> None:
    html = page(site, urls.changes(CONSTITUTION, "1.1"))
    assert "What version 1.1 changed" in html
    assert "Decision record" in html and "https://github.com/riverside/charters/pull/4" in html
    # The quorum clause (3.2.1) was reworded: 20 became 25, shown with marks and words.
    block = html[html.index('id="quorum"') :][:1500]
    assert "Clause 3.2.1 amended" in block
    assert "<del>20</del>" in block and "<ins>25</ins>" in block
    assert 'href="../#quorum"' in block  # the clause in version 1.1's text
    assert "Clause 2.2 inserted" in html and "Everyone is welcome." in html
    assert "removed" in html[html.index('id="majority--removed"') :][:600]
    assert not (site / urls.changes(CONSTITUTION, "1.0")).exists()  # the first version has none


def test_since_page_redlines_an_old_version_against_the_current_text(site: Path) -> None:
    html = page(site, urls.since(CONSTITUTION, "1.0"))
    assert "Changes since version 1.0" in html
    assert "Article 4 inserted" in html and "Accounts are kept." in html
    assert 'href="../../#accounts"' in html  # into the current text
    history = page(site, urls.history(CONSTITUTION))
    assert 'href="../1.0/since/"' in history and 'href="../1.1/changes/"' in history


def test_proposed_page_shows_its_redline_against_the_current_text(site: Path) -> None:
    html = page(site, urls.proposed(CONSTITUTION))
    redline = html[html.index('id="redline"') :]
    # "kept" stands in both texts: only the full stop is struck, never the word.
    assert "kept</span><del>.</del> <ins>and published every year.</ins>" in redline
    assert "Clause 4.1 amended" in redline
    assert 'id="redline--accounts"' in redline
    assert html.count('id="accounts"') == 1  # the text's anchor stays unique


def test_a_build_that_would_break_published_urls_is_refused(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    repo.save(constitution(), "Adopt", "2024-01-20")
    v11 = amended(constitution(), "1.1", "2024-05-01")
    find_clause(v11, "notice")["text"] = "Members get 21 days' notice."
    repo.save(v11, "Adopt 1.1", "2024-05-01")
    out = tmp_path / "site"
    assert build(repo.root, out).exit_code == 0
    before = tree_digest(out)
    git(repo.root, "reset", "-q", "--hard", "HEAD~1")  # history rewritten: 1.1 is gone
    refused = build(repo.root, out)
    assert refused.exit_code == 1
    assert "would stop serving addresses the site served before" in refused.output
    assert "riverside-constitution/1.1.json" in refused.output
    assert tree_digest(out) == before
    assert build(repo.root, out, "--allow-removed-urls").exit_code == 0
    assert not (out / "riverside-constitution" / "1.1").exists()


def test_decision_record_says_whether_the_vote_met_the_rule_of_the_version_amended(
    site: Path,
) -> None:
    html = page(site, urls.version(CONSTITUTION, "2.0"))
    assert "<dt>Members present</dt><dd>35</dd>" in html and "Quorum</dt>" not in html
    assert (
        "Met the 2/3 rule of version 1.1: 30 of 32 votes cast, 94%; quorum of 20 met, "
        "35 present." in html
    )
    first = page(site, urls.version(CONSTITUTION, "1.0"))
    assert "Met the 2/3 rule of this version: 30 of 32 votes cast, 94%" in first


def test_proposed_page_leads_with_what_it_would_change(site: Path) -> None:
    html = page(site, urls.proposed(CONSTITUTION))
    assert (
        html.index('id="redline"')
        < html.index('id="proposed_text"')
        < html.index("charters-clause")
    )
    # The version's details fold under one line (opened on wide screens by script).
    assert '<details class="charters-meta">' in html and "<summary>About this version: " in html


def test_not_found_page_helps_the_reader_on(site: Path) -> None:
    html = (site / "404.html").read_text()
    assert "This page is not here" in html and "moved" in html
    assert "search" in html
    # A link to each document, against the <base> the page sets so it works on any sub-path.
    assert re.search(r'href="/?riverside-constitution/"', html)
    assert "Residents&#x27; Association" in html and "&amp;#x27;" not in html
