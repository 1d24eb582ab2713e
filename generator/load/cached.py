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

`charters build` keeps the working tree's files the same way (`CHECKED_FILE`): a
second build of an unchanged repository parses and checks no file again, and the
history stage takes each committed copy whose bytes the load stage has checked.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from generator.load.documents import ReadResult, build, read_document
from generator.support.cache import BlobCache

CACHE_FILE = "redline-documents.pickle"
# The build's: the files of the working tree, checked by the load stage. The history
# stage looks here too, by blob id, before parsing a committed copy of a file.
CHECKED_FILE = "checked-documents.pickle"
# The warning when the build's file was damaged (or not signed by this user) and discarded.
CHECKED_DISCARDED = (
    "the cache of documents already checked was damaged and has been discarded; "
    "every document was read and checked again"
)


def blob_id(raw: bytes) -> str:
    """The id git gives these bytes (`git hash-object`), the same for a file and its blob."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


class DocumentCache:
    """Read documents through a signed cache of their checked data; `hits` counts reuses."""

    def __init__(self, folder: Path | None, name: str = CACHE_FILE) -> None:
        self.blobs = BlobCache(folder, name)

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
        found = self.lookup(raw, file)
        if found is not None:
            return found
        result = read_document(raw, file)
        self.keep(raw, result)
        return result

    def lookup(self, raw: bytes, file: str) -> ReadResult | None:
        """The document in these bytes if they were read and checked before (no text)."""
        return self.lookup_blob(blob_id(raw), file)

    def lookup_blob(self, blob: str, file: str) -> ReadResult | None:
        """As `lookup`, by the git blob id of the bytes (as `git log --raw` names them)."""
        data = self.blobs.get(blob)
        if data is None:
            return None
        return ReadResult(file, None, build(data, file), [], data=data)

    def keep(self, raw: bytes, result: ReadResult) -> None:
        """Keep `result`, read from `raw`, if it was read without any problem."""
        if result.document is not None and not result.problems and result.data is not None:
            self.keep_data(raw, result.data)

    def keep_data(self, raw: bytes, data: Any) -> None:
        """Keep the checked data of `raw`, read without any problem."""
        self.blobs.put(blob_id(raw), data)

    def save(self) -> None:
        """Keep what this run read; the cache only saves time, so a failure is silent."""
        self.blobs.save()
