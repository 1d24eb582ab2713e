"""The published record: manifests, withdrawn versions, renamed documents and `verify`.

Real git repositories and real builds; the end-to-end publish path over HTTP is
in test_publish_path.py.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import build, run
from gitrepo import DocRepo, amended, constitution, find_clause, git

from generator.site import urls
from generator.site.record import canonical_content

DOC = "riverside-constitution"
SITE_URL = "https://riverside.example.org/charters/"


def three_versions(root: Path, committed: str = "2024-01-20") -> DocRepo:
    """A constitution adopted as 1.0, 1.1 and 2.0 (the first committed on `committed`)."""
    repo = DocRepo(root)
    v1 = constitution()
    repo.save(v1, "Adopt", committed)
    v11 = amended(v1, "1.1", "2024-05-01")
    find_clause(v11, "notice")["text"] = "Members get 21 days' notice of a general meeting."
    repo.save(v11, "Adopt 1.1", "2024-05-01")
    v2 = amended(v11, "2.0", "2025-02-01")
    find_clause(v2, "quorum")["text"] = "The quorum is 15 members."
    repo.save(v2, "Adopt 2.0", "2025-02-01")
    return repo


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[DocRepo, Path]:
    """A repository and the site it published (with a site_url)."""
    root = tmp_path_factory.mktemp("published")
    repo = three_versions(root / "repo")
    out = root / "site"
    result = build(repo.root, out, "--site-url", SITE_URL, "--no-previous")
    assert result.exit_code == 0, result.output
    return repo, out


def manifest(site: Path) -> dict:
    return json.loads((site / "manifest.json").read_text())


# --- the manifest ---------------------------------------------------------------------


def test_manifest_lists_every_address_and_each_version_with_hash_and_commit(published) -> None:
    repo, site = published
    data = manifest(site)
    assert data["site_url"] == SITE_URL
    assert data["commit"] == git(repo.root, "rev-parse", "HEAD")
    for address in data["addresses"]:
        served = site / (
            urls.page_output(address) if address.endswith("/") or not address else address
        )
        assert served.is_file(), address
    for expected in (
        "",
        f"{DOC}/",
        f"{DOC}/1.0/",
        f"{DOC}/1.0.json",
        f"{DOC}/1.1/changes/",
        f"{DOC}/1.0/since/",
        f"{DOC}/history/",
        f"{DOC}/feed.xml",
        "schema/constitution.schema.json",
    ):
        assert expected in data["addresses"]
    assert not any(a.startswith("assets/") for a in data["addresses"])  # theme files change
    versions = data["versions"][DOC]
    assert sorted(versions) == ["1.0", "1.1", "2.0"]
    commits = git(repo.root, "log", "--format=%H").splitlines()
    assert [versions[v]["commit"] for v in ("2.0", "1.1", "1.0")] == commits
    assert len({v["sha256"] for v in versions.values()}) == 3


def test_each_versions_hash_is_that_of_its_published_json(published) -> None:
    """The render stage hashes each version's JSON as it writes it; the record keeps that."""
    _repo, site = published
    versions = manifest(site)["versions"][DOC]
    for version, entry in versions.items():
        published_json = (site / urls.data(DOC, version)).read_text(encoding="utf-8")
        canonical = canonical_content(published_json)
        assert entry["sha256"] == hashlib.sha256(canonical).hexdigest(), version


def test_recording_a_decision_does_not_change_a_versions_hash(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    doc = constitution()
    del doc["decision"]["votes"]
    repo.save(doc, "Adopt, vote not yet recorded", "2024-01-20")
    out = tmp_path / "site"
    assert build(repo.root, out, "--no-previous").exit_code == 0
    before = manifest(out)["versions"][DOC]["1.0"]
    repo.save(constitution(), "Record the vote", "2024-01-25")
    result = build(repo.root, out)  # compared with the local site/: accepted
    assert result.exit_code == 0, result.output
    after = manifest(out)["versions"][DOC]["1.0"]
    assert after["sha256"] == before["sha256"] and after["commit"] != before["commit"]


# --- a previous manifest that cannot be used --------------------------------------------


def previous_case(published, tmp_path: Path, name: str) -> Path:
    _repo, site = published
    text = (site / "manifest.json").read_text()
    target = tmp_path / "previous.json"
    if name == "truncated":
        target.write_text(text[: len(text) // 2])
    elif name == "not JSON":
        target.write_text("<html><body>Welcome to our site</body></html>\n")
    elif name == "not a manifest":
        target.write_text(json.dumps({"pages": 3}))
    elif name == "another site":
        data = json.loads(text)
        data["site_url"] = "https://elsewhere.example.net/"
        target.write_text(json.dumps(data))
    return target


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("missing", "there is no previous manifest at"),
        ("truncated", "is not valid JSON (line"),
        ("not JSON", "is not valid JSON (line 1, column 1"),
        ("not a manifest", "it is not a charters site manifest"),
        ("another site", "is from another site (https://elsewhere.example.net/)"),
    ],
)
def test_an_unusable_previous_manifest_is_a_clear_error(published, tmp_path, case, words) -> None:
    repo, _site = published
    previous = previous_case(published, tmp_path, case)
    out = tmp_path / "out"
    result = build(repo.root, out, "--site-url", SITE_URL, "--previous", previous)
    assert result.exit_code == 1
    assert words in result.output
    assert "--no-previous" in result.output and "Traceback" not in result.output
    assert not out.exists()
    # Knowingly: the same build goes ahead without it.
    assert build(repo.root, out, "--site-url", SITE_URL, "--no-previous").exit_code == 0


def test_a_deployed_site_without_a_manifest_is_a_clear_error(published, tmp_path) -> None:
    repo, _site = published
    result = build(repo.root, tmp_path / "out", "--site-url", "http://127.0.0.1:9/")
    assert result.exit_code == 1
    assert "could not be fetched from http://127.0.0.1:9/manifest.json" in result.output
    assert "--no-previous" in result.output


def test_a_site_url_that_is_not_an_address_is_refused(published, tmp_path) -> None:
    repo, _site = published
    result = build(repo.root, tmp_path / "out", "--site-url", "javascript:alert(1)")
    assert result.exit_code == 2
    assert "must start with https://" in result.output


# --- frozen versions and withdrawals ----------------------------------------------------


def test_a_reworded_version_is_refused_and_a_withdrawal_on_record_is_shown(
    published, tmp_path: Path
) -> None:
    _repo, site = published
    repo = DocRepo(tmp_path / "repo")
    v1 = constitution()
    repo.save(v1, "Adopt", "2024-01-20")
    v11 = amended(v1, "1.1", "2024-05-01")
    find_clause(v11, "notice")["text"] = "Members get 7 days' notice of a general meeting."
    repo.save(v11, "Adopt 1.1, reworded", "2024-05-01")
    out = tmp_path / "out"
    refused = build(repo.root, out, "--site-url", SITE_URL, "--previous", site)
    assert refused.exit_code == 1
    assert f"would change under the same version number ({DOC} 1.1)" in refused.output
    assert f"published versions would disappear ({DOC} 2.0)" in refused.output
    assert f"{DOC}/2.0/" in refused.output
    assert not out.exists()
    # The community decides: 1.1 as published is withdrawn, and so is 2.0.
    v11["withdrawn"] = [
        {
            "version": "1.1",
            "reason": "The meeting that adopted it was not quorate.",
            "decided": "2025-03-01",
            "body": "Special general meeting",
        },
        {
            "version": "2.0",
            "reason": "Adopted without notice <script>alert(1)</script>.",
            "decided": "2025-03-01",
            "body": "Special general meeting",
            "minutes": "https://riverside.example.org/minutes/2025-03-01",
        },
    ]
    repo.save(v11, "Withdraw 1.1 and 2.0 by decision", "2025-03-02")
    accepted = build(repo.root, out, "--site-url", SITE_URL, "--previous", site)
    assert accepted.exit_code == 0, accepted.output
    record = manifest(out)
    assert record["withdrawn"][DOC]["2.0"]["reason"].startswith("Adopted without notice")
    notice = (out / urls.page_output(urls.version(DOC, "2.0"))).read_text()
    assert "version 2.0 was withdrawn" in notice
    assert "Special general meeting withdrew this version on 2025-03-01" in notice
    assert "&lt;script&gt;" in notice and "<script>alert" not in notice
    assert json.loads((out / urls.data(DOC, "2.0")).read_text())["withdrawn"]["body"]
    # 1.1 is withdrawn too: its address says so instead of showing the reworded text.
    assert (
        "version 1.1 was withdrawn"
        in (out / urls.page_output(urls.version(DOC, "1.1"))).read_text()
    )


def test_allow_removed_urls_does_not_allow_rewording(published, tmp_path: Path) -> None:
    _repo, site = published
    repo = DocRepo(tmp_path / "repo")
    v1 = constitution()
    find_clause(v1, "quorum")["text"] = "The quorum is 2 members."
    repo.save(v1, "Adopt, reworded", "2024-01-20")
    result = build(repo.root, tmp_path / "out", "--previous", site, "--allow-removed-urls")
    assert result.exit_code == 1
    assert f"({DOC} 1.0)" in result.output


# --- renamed documents ------------------------------------------------------------------


def renamed(repo: DocRepo, new_id: str = "riverside-rules") -> None:
    data = json.loads((repo.docs / f"{DOC}.yaml").read_text())
    data["id"] = new_id
    data["former_ids"] = [DOC]
    git(repo.root, "mv", f"constitutions/{DOC}.yaml", f"constitutions/{new_id}.yaml")
    repo.write(data)
    repo.commit("Rename the constitution", "2025-04-01")


def test_a_renamed_document_redirects_every_old_address(published, tmp_path: Path) -> None:
    _repo, site = published
    repo = three_versions(tmp_path / "repo")
    renamed(repo)
    out = tmp_path / "out"
    result = build(repo.root, out, "--site-url", SITE_URL, "--previous", site)
    assert result.exit_code == 0, result.output
    before = manifest(site)
    after = manifest(out)
    assert after["renamed"] == {DOC: "riverside-rules"}
    old_addresses = [a for a in before["addresses"] if a.startswith(f"{DOC}/")]
    assert len(old_addresses) >= 12
    for address in old_addresses:
        new_address = "riverside-rules/" + address.removeprefix(f"{DOC}/")
        if address == f"{DOC}/2.0/since/":  # since the current version: the current text
            new_address = "riverside-rules/"
        assert after["redirects"][address] == new_address
        if address.endswith("/"):
            text = (out / urls.page_output(address)).read_text()
            link = urls.relative(address, new_address)
            assert f'<link rel="canonical" href="{SITE_URL}{new_address}">' in text
            assert f'<meta http-equiv="refresh" content="0; url={link}">' in text
            assert f'<a href="{link}">' in text
            assert (out / address).joinpath(link, "index.html").resolve().is_file()
        else:  # data and feed: the same bytes, naming the new address
            assert (out / address).read_bytes() == (out / new_address).read_bytes()
    # The old document is not listed again, nor served as a document of its own.
    home = (out / "index.html").read_text()
    assert home.count("Constitution of the Riverside Residents") == 1
    assert json.loads((out / "riverside-rules" / "1.0.json").read_text())["id"] == "riverside-rules"


def test_former_ids_can_never_be_reused(tmp_path: Path) -> None:
    repo = three_versions(tmp_path / "repo")
    renamed(repo)
    newcomer = constitution(DOC)  # a new document under the old id
    newcomer["title"] = "Another constitution"
    repo.save(newcomer, "Reuse the old id", "2025-05-01")
    result = run("validate", repo.docs, cwd=repo.root)
    assert result.exit_code == 1
    assert (
        "constitutions/riverside-rules.yaml:" in result.output
        and f"the former id '{DOC}' is the id of another document" in result.output
    )


def test_a_redirect_that_would_loop_is_refused(tmp_path: Path) -> None:
    repo = DocRepo(tmp_path / "repo")
    doc = constitution()
    doc["former_ids"] = [DOC]
    repo.save(doc, "Adopt", "2024-01-20")
    result = run("validate", repo.docs, cwd=repo.root)
    assert result.exit_code == 1
    assert f"'{DOC}' is this document's own id" in result.output
    assert "redirect to themselves" in result.output


def test_two_documents_cannot_claim_one_former_id(tmp_path: Path) -> None:
    repo = three_versions(tmp_path / "repo")
    renamed(repo)
    other = constitution("riverside-other")
    other["former_ids"] = [DOC]
    repo.save(other, "Claim it too", "2025-05-01")
    result = run("validate", repo.docs, cwd=repo.root)
    assert result.exit_code == 1
    assert f"'{DOC}' is already a former id of riverside-" in result.output
    assert "an old address can redirect to only one document" in result.output
    assert ".yaml:" in result.output.splitlines()[0]  # file, line and column of the claim


def test_a_published_id_that_vanishes_unrecorded_is_reported(tmp_path: Path) -> None:
    repo = three_versions(tmp_path / "repo")
    data = json.loads((repo.docs / f"{DOC}.yaml").read_text())
    data["id"] = "riverside-rules"  # renamed, but the old id not recorded
    git(repo.root, "mv", f"constitutions/{DOC}.yaml", "constitutions/riverside-rules.yaml")
    repo.write(data)
    result = run("validate", repo.docs, cwd=repo.root)
    assert result.exit_code == 1
    assert f"the document '{DOC}' was published (version 2.0" in result.output
    assert "add 'riverside-constitution' to the new document's former_ids" in result.output


def test_a_redirect_that_points_nowhere_is_refused(tmp_path: Path) -> None:
    from generator.model.staging import StagedSite
    from generator.site.record import RecordError, _check_redirects

    docs = tmp_path / "docs"
    (docs / "new").mkdir(parents=True)
    (docs / "new" / "1.0.md").write_text("text")
    staged = StagedSite(tmp_path, docs, tmp_path / "overrides")
    _check_redirects({"old/1.0/": "new/1.0/"}, staged.docs)  # lands on a page: fine
    with pytest.raises(RecordError, match="which the site does not serve"):
        _check_redirects({"old/2.0/": "new/2.0/"}, staged.docs)
    with pytest.raises(RecordError, match="must not loop or chain"):
        _check_redirects({"old/1.0/": "new/1.0/", "new/1.0/": "old/1.0/"}, staged.docs)


# --- verify -----------------------------------------------------------------------------


def verify(repo: DocRepo, target: Path | str, *extra: str):
    return run("verify", str(target), "--source", repo.docs, *extra, cwd=repo.root)


def test_verify_passes_on_the_published_site(published) -> None:
    repo, site = published
    result = verify(repo, site)
    assert result.exit_code == 0, result.output
    assert "Verified 7 pages and data files" in result.output


def hand_edited(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    return copy


def test_verify_finds_a_page_edited_by_hand(published, tmp_path: Path) -> None:
    repo, site = published
    copy = hand_edited(site, tmp_path)
    page = copy / urls.page_output(urls.version(DOC, "1.1"))
    text = page.read_text()
    assert text.count("21 days") == 1
    page.write_text(text.replace("21 days", "28 days"))
    result = verify(repo, copy)
    assert result.exit_code == 1
    assert f"mismatch /{DOC}/1.1/: its text differs" in result.output
    assert "28 days" in result.output
    assert "1 of 7 pages and data files" in result.output


def test_verify_finds_a_json_with_one_changed_word(published, tmp_path: Path) -> None:
    repo, site = published
    copy = hand_edited(site, tmp_path)
    data_file = copy / urls.data(DOC, "1.0")
    data = json.loads(data_file.read_text())
    data["articles"][2]["sections"][0]["clauses"][0]["text"] = "The quorum is 2 members."
    data_file.write_text(json.dumps(data))
    result = verify(repo, copy)
    assert result.exit_code == 1
    assert f"mismatch /{DOC}/1.0.json: its data differs" in result.output
    assert "articles[2].sections[0].clauses[0].text" in result.output


def test_verify_names_a_site_built_from_another_commit(published, tmp_path: Path) -> None:
    _repo, site = published
    other = three_versions(tmp_path / "other", "2024-01-21")  # the same texts, other commits
    result = verify(other, site)
    assert result.exit_code == 1
    assert "was built from commit" in result.output
    assert "Traceback" not in result.output


def test_verify_of_a_folder_that_is_not_there_is_a_clear_error(published, tmp_path) -> None:
    repo, _site = published
    result = verify(repo, tmp_path / "nothing")
    assert result.exit_code == 1
    assert "there is no site folder at" in result.output


# --- the site's address from the deployment ---------------------------------------------


def test_site_url_from_the_deployment_is_used_on_a_project_sub_path(published) -> None:
    _repo, site = published
    sitemap = (site / "sitemap.xml").read_text()
    assert f"<loc>{SITE_URL}{DOC}/1.0/</loc>" in sitemap
    page = (site / urls.page_output(urls.version(DOC, "1.0"))).read_text()
    assert f'<link rel="canonical" href="{SITE_URL}{DOC}/1.0/">' in page
    feed = (site / urls.feed(DOC)).read_text()
    assert f"<id>{SITE_URL}{DOC}/</id>" in feed
    assert f"<id>{SITE_URL}{DOC}/1.1/</id>" in feed
    not_found = (site / "404.html").read_text()
    assert 'href="/charters/assets/stylesheets/main.' in not_found
    assert "<base " not in not_found  # the address is known: nothing to guess


def test_a_former_id_dropped_from_the_record_and_reused_is_refused(tmp_path: Path) -> None:
    repo = three_versions(tmp_path / "repo")
    renamed(repo)
    first = tmp_path / "first"
    assert build(repo.root, first, "--no-previous").exit_code == 0
    data = json.loads((repo.docs / "riverside-rules.yaml").read_text())
    del data["former_ids"]  # the old id forgotten...
    repo.write(data)
    newcomer = amended(constitution(DOC), "3.0", "2025-05-01")  # ...and given to a new text
    newcomer["title"] = "Another constitution"
    repo.save(newcomer, "Reuse the old id", "2025-05-01")
    assert run("validate", repo.docs, cwd=repo.root).exit_code == 0  # git history allows it
    result = build(repo.root, tmp_path / "second", "--previous", first)
    assert result.exit_code == 1
    assert f"former ids would be used again for a document ({DOC})" in result.output
