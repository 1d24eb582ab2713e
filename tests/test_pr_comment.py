"""The sticky redline comment, against recorded GitHub payloads and a local stand-in API.

A small HTTP server on 127.0.0.1 plays api.github.com: it serves the recorded pull
request and pages of comments, and keeps the comments it is sent, so that running
the step twice can be seen to update one comment rather than add a second.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pr_comment import MARKER, MAX_BODY, CommentError, _next_link, target_from_event

RECORDED = Path(__file__).parent / "fixtures" / "github"
REPO = "/repos/kestrel-vale/charters"


def recorded(name: str):
    return json.loads((RECORDED / name).read_text())


@dataclass
class FakeGitHub:
    """The REST endpoints the comment step uses, with the recorded answers."""

    url: str = ""
    pulls: dict[int, dict] = field(default_factory=lambda: {7: recorded("pull-7.json")})
    pages: list[list[dict]] = field(
        default_factory=lambda: [
            recorded("comments-7-page-1.json"),
            recorded("comments-7-page-2.json"),
        ]
    )
    requests: list[tuple[str, str, dict | None]] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)

    def comments(self) -> list[dict]:
        return [c for page in self.pages for c in page]

    def answer(self, method: str, target: str, body: dict | None):
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if method == "GET" and path.startswith(f"{REPO}/pulls/"):
            pull = self.pulls.get(int(path.rsplit("/", 1)[1]))
            return (200, pull, {}) if pull else (404, {"message": "Not Found"}, {})
        if method == "GET" and path == f"{REPO}/issues/7/comments":
            page = int(query.get("page", ["1"])[0])
            headers = {}
            if page < len(self.pages):
                headers["Link"] = (
                    f'<{self.url}{path}?per_page=100&page={page + 1}>; rel="next", '
                    f'<{self.url}{path}?per_page=100&page={len(self.pages)}>; rel="last"'
                )
            return 200, self.pages[page - 1], headers
        if method == "POST" and path == f"{REPO}/issues/7/comments":
            comment = {
                "id": 3001 + len(self.comments()),
                "body": body["body"],
                "user": {"login": "github-actions[bot]", "type": "Bot"},
            }
            self.pages[-1].append(comment)
            return 201, comment, {}
        if method == "PATCH" and path.startswith(f"{REPO}/issues/comments/"):
            comment_id = int(path.rsplit("/", 1)[1])
            comment = next(c for c in self.comments() if c["id"] == comment_id)
            comment["body"] = body["body"]
            return 200, comment, {}
        return 404, {"message": "Not Found"}, {}

    def writes(self) -> list[tuple[str, str, dict | None]]:
        return [r for r in self.requests if r[0] != "GET"]


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def handle_one(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            fake.tokens.add(self.headers.get("Authorization", ""))
            fake.requests.append((self.command, self.path, body))
            status, payload, headers = fake.answer(self.command, self.path, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = handle_one

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


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
