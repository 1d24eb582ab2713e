"""Structure checks: the JSON Schemas shipped in the package, in volunteers' words.

The schemas (draft 2020-12) are files in `generator/schemas/`, so editors can use
them too. This module runs them with the `jsonschema` library and rewrites each
error into a sentence that names the key and says what to do, with the node path
so the problem can be shown at its line and column.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import marshal
import sys
from collections.abc import Callable
from datetime import date
from functools import cache, partial
from importlib import resources
from pathlib import Path
from types import CodeType
from typing import TYPE_CHECKING, Any

from generator.load.kept_checks import keeping
from generator.model.document import KINDS
from generator.model.problems import NodePath, Problem
from generator.support.cache import cache_root, read_signed, signing_key, write_signed

if TYPE_CHECKING:  # jsonschema is imported only when a file fails the quick check
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


def schema_text(kind: str) -> str:
    """The schema for one kind, exactly as shipped (for `charters schema` and the site)."""
    return resources.files("generator").joinpath("schemas", f"{kind}.schema.json").read_text()


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads(schema_text(kind))


@cache
def _validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(_inline_refs(schema(kind)), format_checker=FormatChecker(["date"]))


def _fast_validator(kind: str) -> Callable[[Any], bool]:
    return _quick_check(kind, keeping())  # `--no-cache`: compiled anew, kept nowhere


@cache
def _quick_check(kind: str, kept: bool) -> Callable[[Any], bool]:
    """A quick yes/no on the same schema, compiled to Python by fastjsonschema.

    Most files are valid, and a compiled check is about ten times faster than
    jsonschema's. When it says no (or is unsure), jsonschema runs and explains
    every problem, so the words and positions always come from jsonschema. The
    compiled check may be stricter than jsonschema, never laxer: a test feeds
    both the same valid and broken documents.
    """
    import fastjsonschema  # only a file read afresh is checked: a cached one was checked before

    definition = {**schema(kind), "$schema": "http://json-schema.org/draft-07/schema#"}
    formats: dict[str, Callable[[str], bool]] = {"date": _is_real_date, "uri": _any_address}
    if kept:
        compiled = kept_check(definition, formats, cache_root())
    else:
        compiled = _compiled_check(definition, formats)

    def valid(data: Any) -> bool:
        try:
            compiled(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return valid


def kept_check(
    definition: dict[str, Any], formats: dict[str, Callable[[str], bool]], root: Path
) -> Callable[[Any], Any]:
    """fastjsonschema's check of `definition`, its code kept compiled under `root`.

    Writing that code and compiling it took 60 to 80 ms a schema, in every process
    that checks a file: a fifth of `charters validate`. The code is kept signed with
    this user's key, like the build's caches, since it runs when loaded: a file
    planted or damaged there is removed and the check compiled afresh, never run.
    """
    name = _scope_name(definition)
    path = kept_check_path(definition, formats, root)
    try:
        key: bytes | None = signing_key(root)
    except OSError:  # no key, nothing kept: compiled in each process
        key = None
    code = _kept_code(path, key)
    if code is None:
        code = _check_code(definition, formats, name)
        if key is not None:
            write_signed(path, key, marshal.dumps(code))
    return _loaded_check(code, name, formats)


def _compiled_check(
    definition: dict[str, Any], formats: dict[str, Callable[[str], bool]]
) -> Callable[[Any], Any]:
    """fastjsonschema's check of `definition`, compiled here and kept nowhere."""
    name = _scope_name(definition)
    return _loaded_check(_check_code(definition, formats, name), name, formats)


def _scope_name(definition: dict[str, Any]) -> str:
    """The name of the function fastjsonschema's code for `definition` defines."""
    import fastjsonschema

    return fastjsonschema.RefResolver.from_schema(definition).get_scope_name()


def _check_code(
    definition: dict[str, Any], formats: dict[str, Callable[[str], bool]], name: str
) -> CodeType:
    import fastjsonschema

    source = fastjsonschema.compile_to_code(definition, formats=formats)
    return compile(source, f"<the schema check {name}>", "exec")


def _loaded_check(
    code: CodeType, name: str, formats: dict[str, Callable[[str], bool]]
) -> Callable[[Any], Any]:
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # code from fastjsonschema, or as this user's run kept it
    return partial(namespace[name], custom_formats=formats)


def kept_check_path(
    definition: dict[str, Any], formats: dict[str, Callable[[str], bool]], root: Path
) -> Path:
    """Where the compiled check of `definition` is kept: one file per schema, format
    names, fastjsonschema and Python (whose compiled code is its own)."""
    import fastjsonschema

    shape = json.dumps([fastjsonschema.VERSION, sys.version, sorted(formats), definition])
    return root / "checks" / f"{hashlib.sha256(shape.encode()).hexdigest()[:32]}.code"


def _kept_code(path: Path, key: bytes | None) -> CodeType | None:
    payload = read_signed(path, key) if key is not None else None
    try:
        code = marshal.loads(payload) if payload is not None else None
    except (EOFError, ValueError, TypeError):  # signed yet unreadable: compiled again
        return None
    return code if isinstance(code, CodeType) else None


def _any_address(_value: str) -> bool:
    """Web addresses are checked where they are shown (only https and http are linked)."""
    return True


def _is_real_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Keywords that only describe; anything else beside a "$ref" would need an allOf.
_ANNOTATIONS = frozenset({"description", "title", "$comment", "examples", "default"})


def _inline_refs(root: dict[str, Any], unroll: int = 2) -> dict[str, Any]:
    """The schema with each local "$ref" replaced by the definition it names.

    Following a "$ref" is the costliest step of jsonschema (about half the time
    on a 60-clause document), and the same few definitions (slug, text, clause)
    are followed thousands of times. Copying them in place means the same checks
    with no lookups. A definition that refers to itself (a clause holds clauses)
    is copied `unroll` levels deep, below which the "$ref" stays as it was.
    The shipped schema file is not changed; this copy is only used to validate.
    """
    definitions = root.get("$defs", {})

    def walk(node: Any, within: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, within) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else None
        if name in definitions and within.count(name) < unroll:
            target = walk(definitions[name], (*within, name))
            rest = {key: walk(value, within) for key, value in node.items() if key != "$ref"}
            if rest.keys() <= _ANNOTATIONS:
                return {**target, **rest}
            return {**rest, "allOf": [*rest.get("allOf", []), target]}
        return {key: walk(value, within) for key, value in node.items()}

    return walk(root, ())


def check(data: Any, file: str) -> list[Problem]:
    """Every structural problem in one parsed file."""
    if not isinstance(data, dict):
        return [
            Problem(
                file,
                "a document must be a set of keys such as 'kind:', 'id:' and 'title:', "
                f"but this file holds {_describe(data)}.",
                path=(),
            )
        ]
    kind = data.get("kind")
    if kind not in KINDS:
        hint = _did_you_mean(str(kind), KINDS) if isinstance(kind, str) else ""
        where: NodePath = ("kind",) if "kind" in data else ()
        said = "is missing" if kind is None else f"is {kind!r}"
        return [
            Problem(
                file,
                f"'kind' {said}; it must be 'constitution' or 'charter'.{hint}",
                path=where,
            )
        ]
    if _fast_validator(kind)(data):
        return []
    errors = []
    for error in _validator(kind).iter_errors(data):
        if error.context:  # anyOf / oneOf: explain the branch that came closest
            from jsonschema.exceptions import best_match

            error = best_match(error.context)
        errors.append(error)
    # A misspelt key is also a missing one; say it once, as the misspelling.
    misspelt = {
        (tuple(error.absolute_path), suggestion)
        for error in errors
        if error.validator == "additionalProperties"
        for _, suggestion in _unknown_keys(error)
        if suggestion
    }
    problems = []
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required" and any(
            (path, key) in misspelt for key in _missing_keys(error)
        ):
            continue
        problems.extend(_explain(error, file, kind))
    return problems


def _unknown_keys(error: ValidationError) -> list[tuple[str, str | None]]:
    """The keys an additionalProperties error is about, each with its closest allowed key."""
    allowed = list(error.schema.get("properties", {}))
    return [(str(key), _closest(str(key), allowed)) for key in error.instance if key not in allowed]


def _missing_key(error: ValidationError) -> str:
    """The key a `required` error is about."""
    return error.message.split("'")[1] if "'" in error.message else "?"


def _missing_keys(error: ValidationError) -> tuple[str, ...]:
    """The keys any one of which would mend a `required` error."""
    if error.validator_value in (["clauses"], ["sections"]):
        return _CLAUSES_OR_SECTIONS
    return (_missing_key(error),)


def _explain(error: ValidationError, file: str, kind: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    name = _name(path, kind)
    validator = error.validator
    instance = error.instance

    if validator == "additionalProperties":
        return [
            Problem(
                file,
                f"unknown key '{key}' in {name}.{_suggest(close)}",
                path=(*path, key),
                at="key",
            )
            for key, close in _unknown_keys(error)
        ]
    if validator == "required":
        missing = _missing_key(error)
        if _missing_keys(error) == _CLAUSES_OR_SECTIONS:
            return [Problem(file, f"{name} needs 'clauses' or 'sections'.", path=path)]
        return [
            Problem(file, f"{name} is missing '{missing}'.{_required_hint(missing)}", path=path)
        ]
    if validator == "type":
        return [
            Problem(file, _type_message(name, path, error.validator_value, instance), path=path)
        ]
    if validator in ("enum", "const"):
        options = error.validator_value if validator == "enum" else [error.validator_value]
        shown = ", ".join(str(o) for o in options)
        hint = _did_you_mean(str(instance), [str(o) for o in options])
        return [
            Problem(file, f"{name} is {instance!r}; it must be one of: {shown}.{hint}", path=path)
        ]
    if validator == "pattern":
        return [Problem(file, _pattern_message(name, path, instance), path=path)]
    if validator == "format":
        if error.validator_value == "date":
            msg = f"{name} is {instance!r}, which is not a real date; write dates as YYYY-MM-DD."
        else:
            msg = f"{name} is {instance!r}, which is not a web address starting with https://."
        return [Problem(file, msg, path=path)]
    if validator == "minItems":
        return [Problem(file, f"{name} is empty; it needs at least one entry.", path=path)]
    if validator == "maxItems":
        return [Problem(file, f"{name} has more than {error.validator_value} entries.", path=path)]
    if validator == "minLength":
        return [Problem(file, f"{name} is empty; write some text, or remove the key.", path=path)]
    if validator == "maxLength":
        limit = error.validator_value
        return [Problem(file, f"{name} is longer than {limit:,} characters.", path=path)]
    if validator == "minimum":
        return [
            Problem(
                file,
                f"{name} is {instance}; it cannot be below {error.validator_value}.",
                path=path,
            )
        ]
    return [Problem(file, f"{name}: {error.message}", path=path)]


# An article needs one of these (the schema's anyOf).
_CLAUSES_OR_SECTIONS = ("clauses", "sections")

_SINGULAR = {
    "articles": "article",
    "sections": "section",
    "clauses": "clause",
    "power_transfer": "power_transfer",
    "funding": "funding",
}


def _name(path: NodePath, kind: str) -> str:
    """A short, readable name for the node at `path`, e.g. "'title' (in article 3)"."""
    if not path:
        return f"this {kind}"
    labels: list[str] = []
    for step in path:
        if isinstance(step, int) and labels:
            labels[-1] = f"{_SINGULAR.get(labels[-1], labels[-1])} {step + 1}"
        else:
            labels.append(str(step))
    if isinstance(path[-1], str):
        context = f" (in {' > '.join(labels[:-1])})" if len(labels) > 1 else ""
        return f"'{path[-1]}'{context}"
    return " > ".join(labels)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a set of keys"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a set of keys",
    "array": "a list (lines starting with '- ')",
    "boolean": "true or false",
}


def _type_message(name: str, path: NodePath, expected: Any, instance: Any) -> str:
    wanted = expected if isinstance(expected, str) else expected[0]
    words = _TYPE_WORDS.get(wanted, wanted)
    message = f"{name} should be {words}, but it is {_describe(instance)}."
    if path and path[-1] == "version" and isinstance(instance, (int, float)):
        written = getattr(instance, "source", instance)
        message += f' Put the version in quotes, like version: "{written}".'
    elif wanted == "string" and isinstance(instance, (int, float, bool)):
        message += " Put it in double quotes."
    elif wanted == "string" and isinstance(instance, dict):
        message += " If the text contains ': ', put the whole text in double quotes."
    return message


def _pattern_message(name: str, path: NodePath, instance: Any) -> str:
    last = path[-1] if path else ""
    if last in ("id", "constitution"):
        return (
            f"{name} is {instance!r}, which is not a valid id: use only lowercase letters, "
            "digits and single hyphens, like 'general-meetings'."
        )
    if last == "version":
        return f'{name} is {instance!r}; write a version number like "1", "2.1" or "2.1.3".'
    if last == "currency":
        return f"{name} is {instance!r}; write a three-letter currency code such as GBP or EUR."
    if last in ("proposal", "minutes"):
        return f"{name} is {instance!r}; write a web address starting with https://."
    return f"{name} is {instance!r}, which is not in the expected form; write dates as YYYY-MM-DD."


_REQUIRED_HINTS = {
    "decision": " An adopted version needs its decision record: date adopted, body, and the "
    "votes if they were recorded.",
    "amendment_rule": " A constitution must say how it is amended (threshold, quorum).",
    "area": " A place-based network names its area.",
    "interest": " An interest-based network names the need or identity it gathers around.",
}


def _required_hint(key: str) -> str:
    return _REQUIRED_HINTS.get(key, "")


def _closest(word: str, options: Any) -> str | None:
    close = difflib.get_close_matches(word, [str(o) for o in options], n=1, cutoff=0.6)
    return close[0] if close else None


def _suggest(close: str | None) -> str:
    return f" Did you mean '{close}'?" if close else ""


def _did_you_mean(word: str, options: Any) -> str:
    return _suggest(_closest(word, options))
