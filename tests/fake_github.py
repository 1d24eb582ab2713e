"""A local stand-in for api.github.com, serving recorded payloads (tests/fixtures/github).

It answers the REST calls the sticky-comment step makes and keeps the comments it
is sent, so running the step twice can be seen to update one comment.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

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
    # The files each pull request changes (GET .../pulls/N/files).
    files: dict[int, list[dict]] = field(
        default_factory=lambda: {7: [{"filename": "constitutions/kestrel-vale-constitution.yaml"}]}
    )
    requests: list[tuple[str, str, dict | None]] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)

    def comments(self) -> list[dict]:
        return [c for page in self.pages for c in page]

    def answer(self, method: str, target: str, body: dict | None):
        parts = urlsplit(target)
        path, query = parts.path, parse_qs(parts.query)
        if method == "GET" and path.startswith(f"{REPO}/pulls/") and path.endswith("/files"):
            number = int(path.split("/")[-2])
            return (200, self.files.get(number, []), {})
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


@contextmanager
def serve() -> Iterator[FakeGitHub]:
    """Run a FakeGitHub on 127.0.0.1 for the length of the block."""
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
