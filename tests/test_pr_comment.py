"""The sticky redline comment, against recorded GitHub payloads and a local stand-in API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_github import RECORDED, REPO, FakeGitHub, recorded, serve

from generator.cli.main import main
from generator.review.pr_comment import (
    MARKER,
    MAX_BODY,
    CommentError,
    _next_link,
    target_from_event,
)


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with serve() as fake:
        yield fake


def post(github: FakeGitHub, tmp_path: Path, event: str, number: str | None, body: str):
    (tmp_path / "redline.md").write_text(body, encoding="utf-8")
    args = [
        "pr-comment",
        "--event",
        str(RECORDED / event),
        "--body-file",
        str(tmp_path / "redline.md"),
    ]
    if number is not None:
        (tmp_path / "number").write_text(number)
        args += ["--number-file", str(tmp_path / "number")]
    env = {"GITHUB_TOKEN": "test-token", "GITHUB_API_URL": github.url}
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def test_the_bots_earlier_comment_is_updated_and_no_one_elses(github, tmp_path):
    result = post(github, tmp_path, "workflow_run-fork.json", "7\n", "## Amendment redline\n")
    assert result.exit_code == 0, result.output
    assert "Updated the redline comment 1004 on pull request #7." in result.output
    assert [(m, p) for m, p, _ in github.requests] == [
        ("GET", f"{REPO}/pulls/7"),
        ("GET", f"{REPO}/pulls/7/files?per_page=100"),
        ("GET", f"{REPO}/issues/7/comments?per_page=100"),
        ("GET", f"{REPO}/issues/7/comments?per_page=100&page=2"),
        ("PATCH", f"{REPO}/issues/comments/1004"),
    ]
    assert github.writes()[0][2] == {"body": f"{MARKER}\n## Amendment redline\n"}
    assert github.tokens == {"Bearer test-token"}
    resident = next(c for c in github.comments() if c["id"] == 1002)
    assert resident["body"].startswith("Quoting the bot:")


def test_one_comment_is_created_then_updated_on_every_push(github, tmp_path):
    github.pages[-1] = [c for c in github.pages[-1] if c["id"] != 1004]  # no redline yet
    first = post(github, tmp_path, "workflow_run-fork.json", "7", "first push")
    assert first.exit_code == 0, first.output
    assert "Created the redline comment" in first.output
    second = post(github, tmp_path, "workflow_run-fork.json", "7", "second push")
    assert second.exit_code == 0, second.output
    assert "Updated the redline comment" in second.output
    ours = [
        c
        for c in github.comments()
        if MARKER in c["body"] and c["user"]["login"] == "github-actions[bot]"
    ]
    assert len(ours) == 1 and ours[0]["body"] == f"{MARKER}\nsecond push"
    assert [m for m, _, _ in github.writes()] == ["POST", "PATCH"]


def test_a_branch_run_takes_the_number_from_the_event(github, tmp_path):
    result = post(github, tmp_path, "workflow_run-branch.json", None, "redline")
    assert result.exit_code == 0, result.output
    assert github.writes()[0][1] == f"{REPO}/issues/comments/1004"


@pytest.mark.parametrize("number", ["7; curl evil.example", "seven", "-7", "0", "", "7 8"])
def test_a_number_that_is_not_a_plain_integer_is_refused_before_any_request(
    github, tmp_path, number
):
    result = post(github, tmp_path, "workflow_run-fork.json", number, "redline")
    assert result.exit_code == 1
    assert "not a number" in result.output
    assert github.requests == []


def test_a_number_naming_another_pull_request_posts_nothing(github, tmp_path):
    other = recorded("pull-7.json")
    other["number"] = 8
    other["head"]["sha"] = "99999999990000000000aaaaaaaaaabbbbbbbbbb"
    github.pulls[8] = other
    result = post(github, tmp_path, "workflow_run-fork.json", "8", "redline")
    assert result.exit_code == 0, result.output
    assert "::warning::Redline comment not posted" in result.output
    assert github.writes() == []


def test_a_number_contradicting_the_event_is_refused(github, tmp_path):
    result = post(github, tmp_path, "workflow_run-branch.json", "9", "redline")
    assert result.exit_code == 1
    assert "not the run's pull request" in result.output
    assert github.requests == []


def test_the_body_cannot_forge_the_marker_or_mention_anyone(github, tmp_path):
    body = f"{MARKER}\nHi @kestrel-vale/board and @everyone {MARKER}"
    assert post(github, tmp_path, "workflow_run-fork.json", "7", body).exit_code == 0
    sent = github.writes()[0][2]["body"]
    assert sent.count(MARKER) == 1 and sent.startswith(MARKER)
    assert "@kestrel-vale" not in sent and "@\u200bkestrel-vale/board" in sent


def test_a_body_too_long_for_github_is_cut_with_a_note(github, tmp_path):
    assert post(github, tmp_path, "workflow_run-fork.json", "7", "word " * 20_000).exit_code == 0
    sent = github.writes()[0][2]["body"]
    assert len(sent) <= MAX_BODY and "too long for one comment" in sent


def test_without_a_token_nothing_is_attempted(github, tmp_path):
    (tmp_path / "redline.md").write_text("x")
    result = CliRunner().invoke(
        main,
        [
            "pr-comment",
            "--event",
            str(RECORDED / "workflow_run-fork.json"),
            "--body-file",
            str(tmp_path / "redline.md"),
        ],
        env={"GITHUB_TOKEN": "", "GITHUB_API_URL": github.url},
    )
    assert result.exit_code == 1 and "GITHUB_TOKEN is not set" in result.output
    assert github.requests == []


def test_a_fork_event_without_a_number_is_refused():
    with pytest.raises(CommentError, match="no pull-request number"):
        target_from_event(recorded("workflow_run-fork.json"), None)


def test_pagination_follows_only_the_next_link():
    header = (
        '<https://api.github.com/x?page=2>; rel="next", '
        '<https://api.github.com/x?page=5>; rel="last"'
    )
    assert _next_link(header) == "https://api.github.com/x?page=2"
    assert _next_link('<https://api.github.com/x?page=1>; rel="prev"') is None


def test_the_words_the_comment_step_adds_follow_the_sites_language(github, tmp_path, monkeypatch):
    """The workflow posts from a checkout of the default branch: its mkdocs.yml says the
    site, and so the warning about site code and the note on a cut redline, are Welsh."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "mkdocs.yml").write_text("site_name: Partneriaeth\ntheme:\n  language: cy\n")
    monkeypatch.chdir(checkout)
    github.files[7] = [{"filename": "templates/overrides/main.html"}]
    assert post(github, tmp_path, "workflow_run-fork.json", "7", "word " * 20_000).exit_code == 0
    sent = github.writes()[0][2]["body"]
    assert "Mae'r cais tynnu hwn yn newid sut mae'r wefan yn gweithio" in sent
    assert "Mae'r gymhariaeth yn rhy hir i un sylw" in sent
    assert "This pull request changes" not in sent and "too long" not in sent
