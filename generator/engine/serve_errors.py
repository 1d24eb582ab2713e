"""A failed rebuild, shown on every page `charters serve` sends until the next good build.

While a community edits its documents, an error only in the terminal is easy to
miss: the browser keeps showing the last good site as if the edit had worked.
So the server puts a notice at the top of every HTML page it sends, naming each
problem as the command line does (`file:line:col: error: message`). The text
quotes the documents, which may come from a stranger, so every character is
escaped: nothing in it can become markup or script.

The notice carries a small poller of its own, because the page shown before
anything was ever built is not one of MkDocs' pages and has no live reload.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.model.problems import Problem

# Where the notice's poller asks which build the server is on. Document ids are
# lowercase letters, digits and hyphens, so no page of the site can have this address.
STATUS_PATH = "/__charters__/build"
NOTICE_ID = "charters-build-error"
# A hostile file can hold thousands of problems; the terminal has them all.
MAX_SHOWN = 50

_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_EMPTY_PAGE = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
    b"<title>The site could not be built</title></head><body></body></html>"
)

StartResponse = Callable[..., Any]
_NO_STORE = ("Cache-Control", "no-store")
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True, slots=True)
class Failure:
    """Why the last build failed: the command line's closing sentence and its problems."""

    message: str
    problems: tuple[Problem, ...] = ()


class BuildStatus:
    """The outcome of the newest build, shared by the build thread and the page requests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failure: Failure | None = None
        self._built_once = False
        self._generation = 0

    def failed(self, message: str, problems: Sequence[Problem] = ()) -> None:
        with self._lock:
            self._failure = Failure(message, tuple(problems))
            self._generation += 1

    def succeeded(self) -> None:
        with self._lock:
            self._failure = None
            self._built_once = True
            self._generation += 1

    def snapshot(self) -> tuple[Failure | None, bool, int]:
        """The failure (None after a good build), whether any build succeeded, the generation."""
        with self._lock:
            return self._failure, self._built_once, self._generation


def notice_html(failure: Failure, built_once: bool, generation: int) -> str:
    """The notice: fixed at the top of the page, above the site's own header and search."""
    shown = failure.problems[:MAX_SHOWN]
    items = "".join(_problem_item(problem) for problem in shown)
    more = len(failure.problems) - len(shown)
    if more:
        items += f"<li>... and {more} more (the terminal lists them all)</li>"
    below = (
        "The page below is the last good build, not your latest edit."
        if built_once
        else "Nothing has been built yet."
    )
    return (
        f'<div id="{NOTICE_ID}" role="alert" style="position:fixed;inset:0 0 auto 0;'
        "z-index:2147483647;max-height:60vh;overflow:auto;box-sizing:border-box;"
        "margin:0;padding:1rem 1.25rem;background:#fff;color:#1a1a1a;"
        "border-bottom:.35rem solid #b00020;box-shadow:0 .25rem 1rem rgba(0,0,0,.35);"
        'font:1rem/1.5 system-ui,sans-serif;text-align:left">'
        '<p style="margin:0 0 .5rem;font-weight:700;color:#b00020;font-size:1.15rem">'
        f"{_text(failure.message)}</p>"
        + (
            '<ul style="margin:0 0 .5rem;padding-left:1.25rem;'
            "font-family:ui-monospace,monospace;font-size:.9rem;white-space:pre-wrap;"
            f'overflow-wrap:anywhere">{items}</ul>'
            if items
            else ""
        )
        + f'<p style="margin:0">{below} Fix the file and save it: this notice goes away '
        "by itself after the next good build.</p>"
        f"<script>{_poller(generation)}</script></div>"
    )


def with_build_errors(app: WsgiApp, status: BuildStatus) -> WsgiApp:
    """`app`, with the newest build's failure put at the top of every HTML page it sends."""

    def middleware(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == STATUS_PATH:
            body = str(status.snapshot()[2]).encode()
            headers = [
                ("Content-Type", "text/plain"),
                ("Content-Length", str(len(body))),
                _NO_STORE,
            ]
            start_response("200 OK", headers)
            return [body]
        held: list[Any] = []

        def hold(status_line: str, headers: list[tuple[str, str]], *exc: Any) -> None:
            held[:] = [status_line, headers, *exc]

        chunks = app(environ, hold)
        # Asked after the page is ready: MkDocs holds a page back while a build runs.
        failure, built_once, generation = status.snapshot()
        status_line, headers, *exc = held
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if failure is None or not content_type.startswith("text/html"):
            start_response(status_line, headers, *exc)
            return chunks
        try:
            page = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        page = insert_notice(page, notice_html(failure, built_once, generation))
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-length", "cache-control")]
        start_response(status_line, [*kept, ("Content-Length", str(len(page))), _NO_STORE], *exc)
        return [page]

    return middleware


def not_found_page(site_dir: Path, status: BuildStatus) -> Callable[[int], bytes | None]:
    """The site's own 404 page; before any good build, an empty page to carry the notice."""

    def page(code: int) -> bytes | None:
        if code != 404:
            return None
        own = site_dir / "404.html"
        if own.is_file():
            return own.read_bytes()
        failure, _, _ = status.snapshot()
        return _EMPTY_PAGE if failure is not None else None

    return page


def insert_notice(page: bytes, notice: str) -> bytes:
    """`page` with `notice` first in its body, so it is the first thing read and tabbed to."""
    found = _BODY_TAG.search(page)
    at = found.end() if found else 0
    return page[:at] + notice.encode("utf-8") + page[at:]


def _problem_item(problem: Problem) -> str:
    location = f"{problem.file}:{problem.line or 1}:{problem.column or 1}"
    return (
        f'<li style="margin:.25rem 0"><code style="font-weight:700">{_text(location)}</code>: '
        f"{_text(problem.severity)}: {_text(problem.message)}</li>"
    )


def _text(text: str) -> str:
    """Text for an HTML element: every character that could start markup, escaped."""
    return html.escape(text, quote=True)


def _poller(generation: int) -> str:
    """Reload when the server has finished another build (good or bad)."""
    return (
        f"(function(){{var seen='{generation}';function ask(){{"
        f"fetch('{STATUS_PATH}',{{cache:'no-store'}})"
        ".then(function(r){return r.text()}).then(function(t){"
        "if(t.trim()!==seen){location.reload()}else{setTimeout(ask,1000)}})"
        ".catch(function(){setTimeout(ask,2000)})}setTimeout(ask,1000)})();"
    )
