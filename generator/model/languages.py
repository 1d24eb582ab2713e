"""Which files are translations: `<id>.<language>.yaml` beside the document `<id>.yaml`.

Shared by the load stage (a translation is not a document of its own) and the
history stage (a translation's versions are kept apart from the original's). A
document id is a slug and holds no dot, so a second suffix that looks like a
language code marks a translation; whether the code names a real language is
the validate stage's question.
"""

from __future__ import annotations

import re
from pathlib import PurePath

# The shape of a BCP 47 tag as files are named: "cy", "en-GB", "gd".
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_SUFFIXES = (".yaml", ".yml")


def translation_language(path: str | PurePath) -> str | None:
    """The language code in a translation's file name, or None for an original document."""
    name = PurePath(path).name
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        return None
    base, dot, code = stem.rpartition(".")
    if not dot or not base or not _CODE.match(code):
        return None
    return code


def original_name(path: str | PurePath) -> str:
    """The file name of the document a translation translates: `a.cy.yaml` -> `a.yaml`."""
    pure = PurePath(path)
    code = translation_language(pure)
    if code is None:
        return pure.name
    return pure.name.replace(f".{code}.", ".", 1)
