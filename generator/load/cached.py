"""Documents read once: the checked data of a file, kept under the git blob id of its bytes.

`charters diff` reads the same long documents again and again (each push to a pull
request, each look at a redline), and parsing the YAML and checking it against the
schema is most of its time. The same bytes always give the same data, so a file
read and checked before is built straight from that data: no parser, no schema.

The entries live in the build's cache folder (outside the repository), in a file
of their own signed with the user's key (`generator.support.cache.BlobCache`): an
entry is trusted only because this user's own run wrote it after the full checks.
Only files that were read without any problem are kept, so a file with an error or
a warning is read afresh and reports it every time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.load.documents import ReadResult, build, read_document
from generator.support.cache import BlobCache

CACHE_FILE = "redline-documents.pickle"


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes (`git hash-object`), the same for a file and its blob."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


class DocumentCache:
    """Read documents through a signed cache of their checked data; `hits` counts reuses."""

    def __init__(self, folder: Path | None) -> None:
        self.blobs = BlobCache(folder, CACHE_FILE)

    @property
    def hits(self) -> int:
        return self.blobs.hits

    @property
    def damaged(self) -> str | None:
        """Why the cache file was discarded, if it was (for a warning)."""
        return self.blobs.damaged

    def read(self, raw: bytes, file: str) -> ReadResult:
        """As `read_document`; from the cache when these bytes were read before.

        A result from the cache has no text (`text` is None): nothing was parsed.
        """
        key = blob_id(raw)
        data = self.blobs.get(key)
        if data is not None:
            return ReadResult(file, None, build(data, file), [], data=data)
        result = read_document(raw, file)
        if result.document is not None and not result.problems:
            self.blobs.put(key, result.data)
        return result

    def save(self) -> None:
        """Keep what this run read; the cache only saves time, so a failure is silent."""
        self.blobs.save()
