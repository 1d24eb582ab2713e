"""Unexpected errors in plain words: what went wrong and what the reader can do about it.

The command line catches every error no other part turned into a message, and
asks here for one sentence. Known causes (a full disk, a read-only folder, a
damaged git repository) get advice; anything else is named briefly, and
`charters --debug` shows the traceback.
"""

from __future__ import annotations

import errno


def explain(err: BaseException) -> str:
    """One short sentence about `err` for the person at the terminal."""
    if isinstance(err, OSError):
        return _os_error(err)
    if isinstance(err, RecursionError):
        return "a file is nested too deeply to read."
    if isinstance(err, MemoryError):
        return "the machine ran out of memory; a file may be far larger than a document."
    git_problem = _git_error(err)
    if git_problem:
        return git_problem
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"unexpected {type(err).__name__}{': ' + text[:300] if text else ''}."


def _os_error(err: OSError) -> str:
    where = f" ({err.filename})" if err.filename else ""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full{where}; free some space and run the command again."
    if err.errno == errno.EROFS:
        return f"the folder is on a read-only disk{where}; nothing can be written there."
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied{where}; check that you can write to that folder."
    if err.errno == errno.ENOENT:
        return f"a file or folder is missing{where}."
    return f"the system refused: {err.strerror or err}{where}."


def _git_error(err: BaseException) -> str | None:
    """Errors from git or GitPython: the repository is damaged or not what was expected."""
    module = type(err).__module__ or ""
    if not (module.startswith(("git.", "gitdb")) or "git" in type(err).__name__.lower()):
        return None
    detail = str(err).strip().splitlines()
    last = detail[-1].strip(" '\"") if detail else type(err).__name__
    return (
        f"git could not read this repository ({last[:200]}); it may be damaged. "
        "Run 'git fsck' to check it, or clone it again."
    )
