"""A deployed site's server is untrusted: whatever it answers, reading it ends in words.

Real servers on 127.0.0.1, each answering in one hostile way: forever and slowly,
too much, broken off, not HTTP at all, redirecting to itself. `charters build
--previous <address>` and `charters verify <address>` read through the same
`publish/fetch.py`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import main
from generator.publish.fetch import FetchError, fetch
from generator.publish.manifest import ManifestError, read_previous

Answer = Callable[[socket.socket], None]


def _serve(answer: Answer) -> Iterator[str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def loop() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=_answer, args=(answer, connection), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join()
        listener.close()


def _answer(answer: Answer, connection: socket.socket) -> None:
    with connection:
        try:
            connection.recv(65536)  # the request
            answer(connection)
        except OSError:  # the reader gave up and closed: as it should
            pass


def drip_forever(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n")
    while True:
        connection.sendall(b"x")
        time.sleep(0.05)


def far_too_much(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
    for _ in range(64):
        connection.sendall(b"x" * 65536)


def broken_off(connection: socket.socket) -> None:
    connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"format"')


def not_http(connection: socket.socket) -> None:
    connection.sendall(b"HELLO THERE\r\n\r\n")


def endless_header(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 100_000 + b"\r\n\r\n")


def redirect_to_itself(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n")


def not_found(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    yield from _serve(request.param)


@pytest.mark.parametrize(
    ("server", "reason"),
    [
        (drip_forever, "took too long"),
        (far_too_much, "larger than 1 MB"),
        (broken_off, "not valid HTTP"),
        (not_http, "not valid HTTP"),
        (endless_header, "not valid HTTP"),
        (redirect_to_itself, "HTTP 302"),
        (not_found, "HTTP 404"),
    ],
    indirect=["server"],
)
def test_every_hostile_answer_ends_in_a_reason(server: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        fetch(server + "manifest.json", limit=2**20, deadline=2)


@pytest.mark.parametrize("server", [broken_off, not_http, endless_header], indirect=True)
def test_a_previous_manifest_from_such_a_server_is_refused_in_words(server: str) -> None:
    with pytest.raises(ManifestError, match=r"could not be fetched .* not valid HTTP"):
        read_previous(server)


@pytest.mark.parametrize("server", [not_http, broken_off], indirect=True)
def test_verify_against_such_a_server_says_it_cannot(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "constitutions").mkdir()
    result = CliRunner().invoke(main, ["verify", server])
    assert result.exit_code == 1
    assert "Cannot verify" in result.output
    assert "not valid HTTP" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
