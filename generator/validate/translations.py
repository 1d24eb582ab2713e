"""A document in two languages: the translation beside it must be the same document, reworded.

A translation (`<id>.<language>.yaml`) holds the same ids in the same places, the
same kind, version and status, and the same numbers, dates, votes, links and
codes as its original; only prose (titles, texts, names, summaries) differs. The
original says which languages are authoritative. A translation that lags behind
may stand only as a draft, which the site shows as such.

The rule that both languages are amended together needs the versions before
(`amended_in_one_language`, run by `check.py` when history is read).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from babel import Locale, UnknownLocaleError

from generator.load import yamlsafe
from generator.load.documents import TEXT_KEYS
from generator.model.document import Document
from generator.model.history import RepositoryHistory
from generator.model.languages import original_name, translation_language
from generator.model.problems import NodePath, Problem

# Keys whose values are wording, translated; every other value must match the original.
PROSE = TEXT_KEYS | {"decided_by", "name", "reason", "word"}
# Compared on their own, with their own words, before the tree is walked.
_OWN_RULES = frozenset({"kind", "version", "status", "language", "authoritative"})
_LEVEL = {"articles": "article", "sections": "section", "clauses": "clause"}


def language_problem(code: str) -> str | None:
    """Why `code` is not a language code Babel knows, or None when it is one."""
    try:
        Locale.parse(code.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return f"'{code}' is not a language code: write a code such as en (English) or cy (Welsh)."
    return None


@dataclass(frozen=True, slots=True)
class Pair:
    """A translation and the original it translates."""

    original: Document
    translation: Document
    language: str


def check_translations(
    originals: Sequence[Document],
    translations: Sequence[Document],
    texts: dict[str, str],
    files: Sequence[str] = (),
) -> list[Problem]:
    """Every problem of every translation against its original, and of the originals' fields.

    `files` are all the files found, so that a translation that could not be read
    still counts as there (and one of the wrong kind is named as such).
    """
    problems: list[Problem] = []
    by_id = {doc.id: doc for doc in originals}
    for doc in originals:
        problems += _own_language(doc)
    for translation in translations:
        original = by_id.get(translation.id)
        found = _translation_alone(translation, original)
        problems += found
        if original is None or any(p.is_error for p in found):
            continue
        language = translation.language or translation_language(translation.source) or ""
        problems += _against_original(Pair(original, translation, language), texts)
    read = {t.source for t in translations}
    unread = [f for f in files if translation_language(f) is not None and f not in read]
    for file in unread:
        problems += _wrong_kind(file, texts.get(file), by_id)
    beside = _translated(files or [t.source for t in translations])
    for doc in originals:
        problems += _authoritative(doc, beside.get(doc.id, set()))
    languages = {code.lower() for codes in beside.values() for code in codes}
    problems += [_named_as_language(doc) for doc in originals if doc.id in languages]
    return problems


def _named_as_language(doc: Document) -> Problem:
    """A document whose id is a language the site is published in: the two would share /<id>/."""
    return Problem(
        doc.source,
        f"the id '{doc.id}' is the code of a language this site is translated into, and the "
        f"pages in that language are published under /{doc.id}/; choose another id.",
        path=("id",),
    )


def _translated(files: Sequence[str]) -> dict[str, set[str]]:
    """The languages each document is translated into, by the file names found."""
    out: dict[str, set[str]] = {}
    for file in files:
        code = translation_language(file)
        if code is not None:
            out.setdefault(PurePath(original_name(file)).stem, set()).add(code)
    return out


def _wrong_kind(file: str, text: str | None, by_id: dict[str, Document]) -> list[Problem]:
    """A translation that failed its schema because it is of another kind than its original."""
    if text is None:
        return []
    try:
        data = yamlsafe.load(text)
    except yamlsafe.YamlError:
        return []  # already reported where it was read
    if not isinstance(data, dict):
        return []
    original = by_id.get(data.get("id")) if isinstance(data.get("id"), str) else None
    kind = data.get("kind")
    if original is None or not isinstance(kind, str) or kind == original.kind:
        return []
    return [_kind_problem(file, kind, original)]


def _kind_problem(file: str, kind: str, original: Document) -> Problem:
    return Problem(
        file,
        f"this translation is a {kind} but its original, {original.source}, is a "
        f"{original.kind}; a translation is the same document in another language.",
        path=("kind",),
    )


def _own_language(doc: Document) -> list[Problem]:
    problems = []
    if doc.language is not None and (why := language_problem(doc.language)):
        problems.append(Problem(doc.source, why, path=("language",)))
    for i, code in enumerate(doc.authoritative):
        if why := language_problem(code):
            problems.append(Problem(doc.source, why, path=("authoritative", i)))
    return problems


def _translation_alone(doc: Document, original: Document | None) -> list[Problem]:
    """What is wrong with a translation before it is compared: its language and original."""
    file = doc.source
    named = translation_language(file) or ""
    if why := language_problem(named):
        return [Problem(file, f"the file name says this is a translation, but {why}", line=1)]
    if doc.language is None:
        return [
            Problem(
                file,
                f"a translation must say its language: add 'language: {named}' below 'status'.",
                path=("id",),
                at="key",
            )
        ]
    if why := language_problem(doc.language):
        return [Problem(file, why, path=("language",))]
    if doc.language.replace("_", "-").lower() != named.replace("_", "-").lower():
        return [
            Problem(
                file,
                f"this file is named as the '{named}' translation but says 'language: "
                f"{doc.language}'; make the two the same.",
                path=("language",),
            )
        ]
    base = PurePath(original_name(file)).stem
    if base != doc.id:
        return [
            Problem(
                file,
                f"the id '{doc.id}' does not match the file name '{PurePath(file).name}'; a "
                f"translation is named after its document's id: '{doc.id}.{named}.yaml'.",
                path=("id",),
            )
        ]
    if original is None:
        return [
            Problem(
                file,
                f"this translation has the id '{doc.id}', but no document beside it has that "
                f"id; a translation needs its original, {doc.id}.yaml.",
                path=("id",),
            )
        ]
    problems = []
    if original.language is None:
        problems.append(
            Problem(
                file,
                f"the original, {original.source}, does not say its language; add "
                "'language: en' (or its language) to it, so readers know which is which.",
                path=("id",),
            )
        )
    elif original.language == doc.language:
        problems.append(
            Problem(
                file,
                f"this translation and its original are both in '{doc.language}'.",
                path=("language",),
            )
        )
    if doc.authoritative:
        problems.append(
            Problem(
                file,
                "only the original says which languages are authoritative; "
                "remove 'authoritative' from the translation.",
                path=("authoritative",),
                at="key",
            )
        )
    return problems


def _authoritative(doc: Document, translated: set[str]) -> list[Problem]:
    """Each authoritative language is the original's own or one it is translated into."""
    known = {doc.language, *translated}
    return [
        Problem(
            doc.source,
            f"'{code}' is named as authoritative, but this document is not written in "
            f"'{code}' and has no '{code}' translation beside it ({doc.id}.{code}.yaml).",
            path=("authoritative", i),
        )
        for i, code in enumerate(doc.authoritative)
        if code not in known and language_problem(code) is None
    ]


def _against_original(pair: Pair, texts: dict[str, str]) -> list[Problem]:
    original, translation = pair.original, pair.translation
    file = translation.source
    if original.kind != translation.kind:
        return [_kind_problem(file, translation.kind, original)]
    if translation.status == "draft" and original.status != "draft":
        lag = Problem(
            file,
            f"this {pair.language} translation is a draft, so the site shows it as an unofficial "
            f"draft beside version {original.version} until it is adopted with the same version.",
            "warning",
            path=("status",),
        )
        if translation.version != original.version:
            return [lag]  # a lagging draft: compared once it catches up
        problems = [lag]
    else:
        problems = []
        if translation.version != original.version:
            problems.append(
                Problem(
                    file,
                    f"this translation is version {translation.version} but its original is "
                    f"version {original.version}; a translation carries the same version (or, "
                    "while it is being caught up, 'status: draft').",
                    path=("version",),
                )
            )
        if translation.status != original.status:
            problems.append(
                Problem(
                    file,
                    f"this translation is '{translation.status}' but its original is "
                    f"'{original.status}'; give them the same status.",
                    path=("status",),
                )
            )
    problems += _ids(original, translation)
    original_data = _data(original, texts)
    translation_data = _data(translation, texts)
    if original_data is not None and translation_data is not None:
        moved = original.ids() & translation.ids()
        problems += _compare(original_data, translation_data, (), file, moved)
    return problems


def _data(doc: Document, texts: dict[str, str]) -> Any:
    text = texts.get(doc.source)
    if text is None:
        return None
    try:
        return yamlsafe.load(text)
    except yamlsafe.YamlError:  # already read once: cannot fail now
        return None


def _ids(original: Document, translation: Document) -> list[Problem]:
    """An error for each id in one language only, where the translation holds it (or should)."""
    file = translation.source
    theirs = {p.id: p for p in original.provisions()}
    ours = {p.id: p for p in translation.provisions()}
    problems = []
    for ident, node in theirs.items():
        if ident not in ours:
            kind = _level(node.path)
            parent = _where_missing(node.path, original, translation)
            problems.append(
                Problem(
                    file,
                    f"the {kind} '{ident}' of the original is missing from this translation; "
                    f"add it with the same id, in the same place.",
                    path=parent,
                    at="key",
                )
            )
    for ident, node in ours.items():
        if ident not in theirs:
            problems.append(
                Problem(
                    file,
                    f"the {_level(node.path)} '{ident}' is not in the original, "
                    f"{original.source}; a translation has exactly the original's ids.",
                    path=(*node.path, "id"),
                )
            )
    return problems


def _where_missing(path: NodePath, original: Document, translation: Document) -> NodePath:
    """Where a provision missing from the translation belongs: its parent's list there."""
    parents = {p.path: p.id for p in original.provisions()}
    in_translation = {p.id: p.path for p in translation.provisions()}
    parent = parents.get(path[:-2])
    if parent is not None and parent in in_translation:
        return (*in_translation[parent], path[-2])
    return ("articles",)


def _level(path: NodePath) -> str:
    for step in reversed(path):
        if isinstance(step, str) and step in _LEVEL:
            return _LEVEL[step]
    return "provision"


def _compare(ours: Any, theirs: Any, path: NodePath, file: str, both: set[str]) -> list[Problem]:
    """Walk the original (`ours`) and the translation (`theirs`) side by side."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return list(_compare_maps(ours, theirs, path, file, both))
    if isinstance(ours, list) and isinstance(theirs, list):
        if all(isinstance(i, dict) and "id" in i for i in (*ours, *theirs)) and (ours or theirs):
            return list(_compare_provisions(ours, theirs, path, file, both))
        if len(ours) != len(theirs):
            return [
                Problem(
                    file,
                    f"'{_name(path)}' has {len(theirs)} entries here and {len(ours)} in the "
                    "original; a translation has the same entries, in the same order.",
                    path=path,
                )
            ]
        problems = []
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            problems += _compare(a, b, (*path, i), file, both)
        return problems
    if ours != theirs or type(ours) is not type(theirs):
        return [
            Problem(
                file,
                f"'{_name(path)}' is {_shown(theirs)} here but {_shown(ours)} in the original. "
                "Only wording (titles, texts, names) is translated; numbers, dates, votes, "
                "links and codes stay exactly as in the original.",
                path=path,
            )
        ]
    return []


def _compare_maps(
    ours: dict[str, Any], theirs: dict[str, Any], path: NodePath, file: str, both: set[str]
) -> Iterator[Problem]:
    for key in ours:
        if path == () and key in _OWN_RULES:
            continue
        if key not in theirs:
            where = path if path else ("id",)
            yield Problem(
                file,
                f"'{key}' is in the original here but missing from this translation; "
                "translate it or copy it across.",
                path=where,
                at="key",
            )
    for key in theirs:
        if path == () and key in _OWN_RULES:
            continue
        if key not in ours:
            yield Problem(
                file,
                f"'{key}' is in this translation but not in the original; a translation "
                "holds only what the original holds.",
                path=(*path, key),
                at="key",
            )
        elif key not in PROSE:
            yield from _compare(ours[key], theirs[key], (*path, key), file, both)


def _compare_provisions(
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    path: NodePath,
    file: str,
    both: set[str],
) -> Iterator[Problem]:
    """Articles, sections or clauses, matched by id; missing or extra ids are reported apart."""
    here = {item["id"]: i for i, item in enumerate(ours)}
    there = {item["id"]: i for i, item in enumerate(theirs)}
    kind = _LEVEL.get(str(path[-1]) if path else "", "provision")
    for ident, i in there.items():
        if ident not in here and ident in both:
            yield Problem(
                file,
                f"the {kind} '{ident}' is in a different place from the original; "
                "a translation keeps every provision where the original has it.",
                path=(*path, i, "id"),
            )
    common_ours = [k for k in here if k in there]
    common_theirs = [k for k in there if k in here]
    if common_ours != common_theirs:
        first = next(a for a, b in zip(common_theirs, common_ours, strict=True) if a != b)
        yield Problem(
            file,
            f"the {kind}s here are in a different order from the original, starting at "
            f"'{first}'; keep the original's order.",
            path=(*path, there[first], "id"),
        )
    for ident in common_theirs:
        yield from _compare(
            ours[here[ident]], theirs[there[ident]], (*path, there[ident]), file, both
        )


def _name(path: NodePath) -> str:
    names = [str(step) for step in path if isinstance(step, str)]
    return names[-1] if names else "this value"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict | list):
        return "a list" if isinstance(value, list) else "a group of fields"
    return str(value)


def amended_in_one_language(
    history: RepositoryHistory, originals: Sequence[Document], translations: Sequence[Document]
) -> list[Problem]:
    """An error for each provision amended in one language but not the other in a new version.

    The working-tree original and translation, at the same new version, are each
    compared with their own text of the version before; a provision whose wording
    changed in one and not the other is named. Without the earlier translation
    (it is new, or history is not available) there is nothing to compare.
    """
    problems: list[Problem] = []
    by_id = {doc.id: doc for doc in originals}
    for translation in translations:
        original = by_id.get(translation.id)
        language = translation.language
        if original is None or language is None or translation.status == "draft":
            continue
        if translation.version != original.version:
            continue
        entry = history.documents.get(original.id)
        earlier = [v for v in entry.versions if v.version < original.version] if entry else []
        if not earlier:
            continue
        before = earlier[-1].document
        lagged = history.translations.get((original.id, language))
        before_translated = lagged.version(before.version.text) if lagged else None
        if before_translated is None:
            continue
        problems += _one_sided(before, original, before_translated.document, translation, language)
    return problems


def _one_sided(
    before: Document, after: Document, before_t: Document, after_t: Document, language: str
) -> list[Problem]:
    old, new = _wording(before), _wording(after)
    old_t, new_t = _wording(before_t), _wording(after_t)
    located = {p.id: p.path for p in after_t.provisions()}
    problems = []
    for ident, (path, wording) in new.items():
        if ident not in new_t or ident not in old or ident not in old_t:
            continue  # added or removed: the id rules speak for it
        changed, changed_t = old[ident][1] != wording, old_t[ident][1] != new_t[ident][1]
        if changed == changed_t:
            continue
        kind = _level(path)
        if changed:
            message = (
                f"the {kind} '{ident}' is amended in {after.source} in version {after.version} "
                f"but not in this {language} translation; amend both in the same version."
            )
        else:
            message = (
                f"the {kind} '{ident}' is amended in this {language} translation in version "
                f"{after.version} but not in the original, {after.source}; amend both in the "
                "same version."
            )
        problems.append(Problem(after_t.source, message, path=(*located[ident], "id")))
    return problems


def _wording(doc: Document) -> dict[str, tuple[NodePath, str]]:
    """Each provision's own words (a title, or a clause's text), by id."""
    out = {}
    for node in doc.provisions():
        words = getattr(node, "text", None) or getattr(node, "title", "")
        out[node.id] = (node.path, words)
    return out
