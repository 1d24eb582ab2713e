"""Checks on the interface catalogues: every string shipped, every placeholder intact.

Run by the tests (so by `.ci/run`). The strings expected are those Babel's
extractors find in the Python code and the templates, as `babel.cfg` maps them;
a catalogue is a `.po` file. Each problem names the catalogue's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

# %(name)s, and anything else a `%` could start (a broken or unnamed placeholder).
_PLACEHOLDER = re.compile(r"%\((?P<name>[A-Za-z_][A-Za-z0-9_]*)\)s|%%|%.?.?")
_TAG = re.compile(r"</?([a-z][a-z0-9]*)\b[^>]*>")


def extracted(root: Path) -> dict[str, str]:
    """Every interface string in the code and templates under `root`, with where it is."""
    with (root / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, str] = {}
    for file, line, message, _comments, _context in extract_from_dir(
        str(root), method_map, options_map
    ):
        text = message if isinstance(message, str) else message[0]
        if text:
            found.setdefault(text, f"{file}:{line}")
    return found


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def catalogue_problems(
    path: Path, expected: dict[str, str], translated: bool, shown: str | None = None
) -> list[str]:
    """Problems of one catalogue, as `file:line:col: message`, every one in one run.

    `translated`: the catalogue is of another language than the source, so every
    message needs a translation (the English one holds the messages untranslated).
    """
    name = shown or str(path)
    try:
        catalog = read_catalogue(path)
    except Exception as err:
        return [f"{name}:1:1: this catalogue cannot be read: {err}"]
    problems = []
    # A plural message is held under its singular, as it is extracted.
    held = {_singular(message.id) for message in catalog if message.id}
    for text, where in sorted(expected.items()):
        if text not in held:
            problems.append(
                f"{name}:1:1: the string {text!r} ({where}) is missing from this catalogue; "
                "extract and update the catalogues (see generator/locales/README.md)."
            )
    for message in catalog:
        if not message.id:
            continue
        problems += [
            f"{name}:{message.lineno}:1: {p}" for p in _message_problems(message, translated)
        ]
    return problems


def _singular(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _message_problems(message: Message, translated: bool) -> Iterator[str]:
    """A message's problems; each plural form of a translation is checked as a translation."""
    text = _singular(message.id)
    strings = [message.string] if isinstance(message.string, str) else list(message.string)
    if translated and (not all(strings) or message.fuzzy):
        yield f"{text!r} has no translation" + (" (it is marked fuzzy)" if message.fuzzy else "")
        return
    for string in dict.fromkeys(strings):
        if string:
            yield from _translation_problems(text, string)


def _translation_problems(text: str, string: str) -> Iterator[str]:
    wanted, got = _placeholders(text), _placeholders(string)
    broken = [p for p in got if not _is_placeholder(p)]
    if broken:
        yield f"the translation of {text!r} has a broken placeholder {broken[0]!r}; write %(name)s."
    elif sorted(wanted) != sorted(got):
        yield (
            f"the translation of {text!r} has the placeholders {sorted(got)} but the original "
            f"has {sorted(wanted)}; keep each %(name)s exactly as it is."
        )
    if sorted(_TAG.findall(text)) != sorted(_TAG.findall(string)):
        yield (
            f"the translation of {text!r} has other HTML tags than the original; keep each "
            "tag (such as <a href=...>) and translate only the words."
        )


def _placeholders(text: str) -> list[str]:
    return [m.group() for m in _PLACEHOLDER.finditer(text) if m.group() != "%%"]


def _is_placeholder(text: str) -> bool:
    return bool(re.fullmatch(r"%\([A-Za-z_][A-Za-z0-9_]*\)s", text))
