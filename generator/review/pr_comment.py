"""The sticky pull-request comment: one redline comment per pull request, updated on each push.

This runs in the privileged half of the review workflow (`workflow_run`, with a
token that may write comments), on data made by the unprivileged half (the
`pull_request` run, which a fork controls). So everything it reads from that run
is treated as untrusted data:

* the pull-request number must be a plain integer, and the pull request it names
  must have as its head the very commit the run was for; otherwise nothing is
  posted (a fork cannot steer the comment onto another pull request);
* the body is only ever sent as text, is cut to GitHub's size limit, and has its
  @mentions broken, so it cannot notify people on the repository's behalf;
* the comment to update is found by a hidden marker *and* by its author being
  this workflow's bot, so a comment someone else wrote with the marker in it is
  never edited;
* whether the pull request changes the site's code (templates, assets,
  mkdocs.yml) is asked of GitHub here, not read from the artifact: a pull
  request can rewrite its own workflow to leave the warning out, but not this.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from generator.diff.as_markdown import SITE_CODE_END, SITE_CODE_START, site_code_notice
from generator.history.changes import site_code
from generator.support import i18n
from generator.support.i18n import gettext as _

MARKER = "<!-- charters-redline -->"
BOT_LOGIN = "github-actions[bot]"
# GitHub refuses comment bodies longer than 65,536 characters.
MAX_BODY = 65_536
_NUMBER = re.compile(r"^[1-9][0-9]{0,9}$")
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")


class CommentError(Exception):
    """The comment cannot be posted; the message says why."""


@dataclass(frozen=True, slots=True)
class Target:
    repository: str  # owner/name
    number: int
    head_sha: str | None  # the commit the redline was made for, when known


@dataclass(frozen=True, slots=True)
class Outcome:
    action: Literal["created", "updated", "skipped"]
    comment_id: int | None
    reason: str = ""


class GitHub:
    """The few REST calls needed, over urllib (no dependency, easy to point at a test server)."""

    def __init__(self, api_url: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token

    def call(
        self, method: str, path_or_url: str, body: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, str]]:
        url = path_or_url if path_or_url.startswith("http") else self.api_url + path_or_url
        if not url.startswith(self.api_url + "/"):
            raise CommentError(f"refusing to follow a link away from the API: {url}")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", "charters-redline")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = json.loads(response.read() or b"null")
                return payload, dict(response.headers.items())
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace")[:300]
            raise CommentError(f"GitHub answered {err.code} to {method} {url}: {detail}") from None
        except urllib.error.URLError as err:
            raise CommentError(f"cannot reach {url}: {err.reason}") from None


def target_from_event(event: dict[str, Any], number_text: str | None) -> Target:
    """Which pull request to comment on, from the event payload and the uploaded number.

    In a `workflow_run` event the payload lists the pull request for branches of
    this repository, but not for forks; then the number comes from the artifact,
    and is checked against the pull request's head commit before anything is posted.
    """
    repository = _get(event, "repository", "full_name")
    if not isinstance(repository, str) or not re.fullmatch(r"[\w.-]+/[\w.-]+", repository):
        raise CommentError("the event payload names no repository.")
    run = event.get("workflow_run")
    if isinstance(run, dict):
        head_sha = run.get("head_sha")
        listed = [p.get("number") for p in run.get("pull_requests") or [] if isinstance(p, dict)]
        number = _number(number_text) if number_text is not None else None
        if listed and number is not None and number not in listed:
            raise CommentError(
                f"the uploaded pull-request number {number} is not the run's pull request "
                f"({', '.join(map(str, listed))}); not posting."
            )
        if number is None:
            if len(listed) != 1 or not isinstance(listed[0], int):
                raise CommentError("no pull-request number: the run uploaded none.")
            number = listed[0]
        return Target(repository, number, head_sha if isinstance(head_sha, str) else None)
    if "pull_request" in event:
        number = event.get("number")
        if not isinstance(number, int):
            raise CommentError("the pull_request event has no number.")
        return Target(repository, number, _get(event, "pull_request", "head", "sha"))
    raise CommentError("this is neither a workflow_run nor a pull_request event.")


def _number(text: str) -> int:
    cleaned = text.strip()
    if not _NUMBER.fullmatch(cleaned):
        raise CommentError(
            f"the uploaded pull-request number is not a number: {cleaned[:40]!r}; not posting."
        )
    return int(cleaned)


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def prepare_body(text: str) -> str:
    """The comment text: marker first, mentions broken, within GitHub's limit."""
    text = _MENTION.sub("@\u200b", text.replace(MARKER, ""))
    body = f"{MARKER}\n{text}"
    if len(body) > MAX_BODY:
        words = _(
            "The redline is too long for one comment and was cut here; "
            "run `charters diff` or download the redline artifact to read all of it."
        )
        note = f"\n\n*{words}*\n"
        body = body[: MAX_BODY - len(note)] + note
    return body


def post_redline(
    github: GitHub, target: Target, text: str, *, bot_login: str = BOT_LOGIN
) -> Outcome:
    """Create the redline comment, or update the one this bot made before."""
    base = f"/repos/{target.repository}"
    if target.head_sha is not None:
        pull, _ = github.call("GET", f"{base}/pulls/{target.number}")
        head = _get(pull, "head", "sha")
        if head != target.head_sha:
            return Outcome(
                "skipped",
                None,
                f"pull request #{target.number} is at {str(head)[:10]}, but this redline was "
                f"made for {target.head_sha[:10]}; a newer run will post its own.",
            )
    files = _changed_files(github, f"{base}/pulls/{target.number}/files")
    body = prepare_body(with_site_notice(text, site_code(files)))
    existing = _find_comment(github, f"{base}/issues/{target.number}/comments", bot_login)
    if existing is not None:
        github.call("PATCH", f"{base}/issues/comments/{existing}", {"body": body})
        return Outcome("updated", existing)
    created, _ = github.call("POST", f"{base}/issues/{target.number}/comments", {"body": body})
    return Outcome("created", _get(created, "id"))


def with_site_notice(text: str, site_files: list[str]) -> str:
    """`text` with its own site-code notice (untrusted) replaced by one made from `site_files`."""
    pattern = re.compile(
        re.escape(SITE_CODE_START) + ".*?" + re.escape(SITE_CODE_END) + "\n?", re.S
    )
    text = pattern.sub("", text)
    text = text.replace(SITE_CODE_START, "").replace(SITE_CODE_END, "")
    notice = site_code_notice(site_files)
    if not notice:
        return text
    heading, newline, rest = text.partition("\n")
    if heading.startswith("## "):
        return (
            f"{heading}\n\n{notice}{rest.lstrip(chr(10))}" if newline else f"{heading}\n\n{notice}"
        )
    return notice + "\n" + text


def _changed_files(github: GitHub, path: str) -> list[str]:
    """Every file the pull request changes, as GitHub lists them (it lists at most 3,000)."""
    names: list[str] = []
    url: str | None = f"{path}?per_page=100"
    while url:
        files, headers = github.call("GET", url)
        for item in files or []:
            for key in ("filename", "previous_filename"):
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    names.append(item[key])
        url = _next_link(headers.get("Link") or headers.get("link") or "")
    return names


def _find_comment(github: GitHub, path: str, bot_login: str) -> int | None:
    url: str | None = f"{path}?per_page=100"
    while url:
        comments, headers = github.call("GET", url)
        for comment in comments or []:
            body = comment.get("body") or ""
            if MARKER in body and _get(comment, "user", "login") == bot_login:
                return int(comment["id"])
        url = _next_link(headers.get("Link") or headers.get("link") or "")
    return None


def _next_link(header: str) -> str | None:
    """The rel="next" address of a paginated answer (GitHub's Link header)."""
    for part in header.split(","):
        match = re.match(r'\s*<([^>]+)>\s*;\s*rel="next"', part)
        if match:
            return match.group(1)
    return None


def post_from_files(
    event_path: Path,
    body_file: Path,
    number_file: Path | None,
    environ: Mapping[str, str],
    *,
    bot_login: str = BOT_LOGIN,
    language: str = i18n.SOURCE_LANGUAGE,
) -> tuple[Target, Outcome]:
    """`charters pr-comment`: post the redline in `body_file` on the pull request of an event.

    The token and API address come from `environ` (GITHUB_TOKEN, GITHUB_API_URL), as
    in a GitHub Actions run; `number_file` holds the pull request's number when the
    event is not the pull request's own. The words this step adds (the site-code
    warning, the note on a cut redline) are in `language`, the site's.
    """
    token = environ.get("GITHUB_TOKEN")
    if not token:
        raise CommentError("GITHUB_TOKEN is not set; the comment cannot be posted.")
    api_url = environ.get("GITHUB_API_URL", "https://api.github.com")
    try:
        event = json.loads(event_path.read_text(encoding="utf-8"))
        number = number_file.read_text(encoding="utf-8") if number_file else None
        target = target_from_event(event, number)
        text = body_file.read_text(encoding="utf-8", errors="replace")
        with i18n.use_language(language):
            outcome = post_redline(GitHub(api_url, token), target, text, bot_login=bot_login)
    except ValueError as err:  # e.g. an event file that is not JSON
        raise CommentError(str(err)) from None
    return target, outcome
