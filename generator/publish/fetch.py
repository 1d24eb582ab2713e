"""Reading a deployed site over the web, as untrusted input.

The server at the other end may be anyone's: it may answer slowly forever, send
more than any site file could be, break off in the middle, or answer with
something that is not HTTP at all. Each read therefore has a time limit for the
whole answer (not only between two packets), a size limit, and every way it can
fail becomes one `FetchError` that says why in words.
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 20  # for the whole answer to one request
MAX_BYTES = 64 * 1024 * 1024  # a site of 100,000 pages has a manifest of about 5 MB
_CHUNK = 256 * 1024


class FetchError(Exception):
    """An address could not be read; `status` is the HTTP status when there was one."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


def fetch(address: str, limit: int = MAX_BYTES, deadline: float = TIMEOUT_SECONDS) -> bytes:
    """The bytes served at `address`, read within `deadline` seconds and `limit` bytes."""
    request = urllib.request.Request(address, headers={"User-Agent": "charters"})
    until = time.monotonic() + deadline
    try:
        with urllib.request.urlopen(request, timeout=deadline) as response:
            return _read(response, limit, until)
    except urllib.error.HTTPError as err:
        raise FetchError(f"HTTP {err.code}", err.code) from None
    except urllib.error.URLError as err:
        raise FetchError(str(err.reason)) from None
    except (TimeoutError, OSError) as err:
        raise FetchError(str(err) or type(err).__name__) from None
    except http.client.HTTPException as err:  # not HTTP, or an answer broken off
        raise FetchError(f"the server's answer is not valid HTTP ({type(err).__name__})") from None


def _read(response: http.client.HTTPResponse, limit: int, until: float) -> bytes:
    body = bytearray()
    while True:
        if time.monotonic() > until:
            raise FetchError("the server took too long to send it")
        chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
        if not chunk:
            if getattr(response, "length", None):  # fewer bytes than Content-Length promised
                raise FetchError("the server broke off its answer, which is not valid HTTP")
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise FetchError(f"it is larger than {limit // 2**20} MB, so it is not read")
