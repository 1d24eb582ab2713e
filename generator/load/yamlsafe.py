"""Read YAML that may come from a stranger's pull request, safely and fast.

Why it is written this way:

* Only plain data comes out: strings, numbers, booleans, null, lists and mappings.
  Any explicit tag (``!!python/object``, ``!include``...) is refused; nothing is
  ever constructed from a tag, so loading cannot run code.
* Dates stay as the text that was written; whether a date is real is checked later
  with a position, instead of crashing the loader on 2025-02-30.
* Limits on file size, number of values, nesting depth and the size after aliases
  are expanded stop "billion laughs" files, deep nesting and 190,000 empty
  mappings from exhausting the machine; together they bound the time too. The C
  composer (ruamel.yaml.clib) is fast but recurses on the C stack and crashes on
  absurd nesting, so a cheap scan of the text decides whether to count first: a
  suspicious or large file is walked as parse events (a loop in C) that stop at
  the first value too deep or too many, and only then composed.
* Speed: libyaml's composer (PyYAML's C loader, which MkDocs already needs) is
  about three times faster than ruamel's and is used when it cannot differ from
  it: no explicit tags or directives (its YAML 1.1 reading of those is not ours),
  no 1.1-only line breaks, and plain scalars typed by ruamel's own YAML 1.2 rules.
  Anything libyaml refuses is composed again by ruamel, whose errors we explain.
* Positions: the composed node tree is turned into data in one iterative pass
  and then dropped. When a problem needs a line and column, `SourceMap` parses
  that file again (only then) and walks to the node. Valid files, the common
  case, never pay for positions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

try:  # libyaml, through PyYAML (a dependency of MkDocs); ruamel alone without it
    from yaml import CSafeLoader as _LibyamlLoader
    from yaml import YAMLError as _LibyamlError
    from yaml import compose as _libyaml_compose
    from yaml import nodes as _libyaml_nodes
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _LibyamlLoader = None

from generator.model.problems import NodePath

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_EXPANDED_NODES = 200_000
# Values in one file (aliases counted once). Bytes alone do not bound the work: 570 kB
# of "{}," is 190,000 mappings. A 5,000-clause document has about 25,000.
MAX_NODES = 100_000
# The C composer recurses on the C stack; below this estimated depth it is safe.
_C_PARSER_SAFE_DEPTH = 1_000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}

_BLOCK_PREFIX = re.compile(r"^[ \t?:-]*", re.MULTILINE)
# What libyaml would read otherwise than ruamel does: a tag ("!!str", "!x"), a
# directive ("%YAML 1.1"), or a line break only YAML 1.1 has. An exclamation mark in
# prose is followed by a space, a quote or punctuation, so it keeps the fast path.
_NOT_FOR_LIBYAML = re.compile(r"![^\s\"'),.;:?!]|^%|[\x85\u2028\u2029]", re.MULTILINE)
_PLAIN_CITATION = re.compile(r"\[\[[a-z0-9-]*#[a-z0-9-]+\]\]")


@dataclass(frozen=True, slots=True)
class YamlError(Exception):
    """A problem that stops a file from being read at all, with its position."""

    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        return self.message


def decode(raw: bytes) -> str:
    """Bytes to text, refusing non-UTF-8 with the position of the first bad byte."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(
            f"this file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes. "
            "Split the document, or check that the right file was added."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        # Editors count characters, not bytes; the text before the bad byte is valid UTF-8.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise YamlError(
            f"this file is not saved as UTF-8 text (byte 0x{raw[err.start]:02x} here). "
            "Save it again as UTF-8 in your editor.",
            line,
            column,
        ) from None
    return text.removeprefix("\ufeff")


def load(text: str) -> Any:
    """Parse one YAML document into plain data, or raise `YamlError`."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise YamlError(
            f"this file is larger than the limit of {MAX_FILE_BYTES:,} bytes. "
            "Split the document, or check that the right file was added."
        )
    root = _compose(text, fast=True)
    if root is None:
        raise YamlError("this file is empty: a document needs at least kind, id and title.", 1, 1)
    return _to_data(root)


def _compose(text: str, fast: bool = False) -> Node | None:
    """The node tree of `text`; with `fast`, libyaml's when it reads `text` as ruamel does."""
    suspicious = _estimated_depth(text) >= _C_PARSER_SAFE_DEPTH
    # Fewer characters than MAX_NODES cannot hold more than MAX_NODES values, so only
    # larger files pay for counting them before the (much slower) composing.
    count = suspicious or len(text) > MAX_NODES
    try:
        if count:
            # The C parser's events come from a loop, not recursion, and counting stops
            # at the first value too deep or too many: fast on any file. After that the
            # nesting is known to be shallow, so the C composer is safe too.
            _check_shape(_yaml(pure=False), text)
        if fast:
            composed = _compose_with_libyaml(text)
            if composed is not _REFUSED:
                return composed
        return _yaml(pure=False).compose(text)
    except MarkedYAMLError as err:
        raise _friendly(err, text) from None
    except ReaderError as err:  # a character YAML does not allow anywhere
        line, column = _line_column(text, err.position)
        raise YamlError(
            f"this file contains a character YAML does not allow (U+{err.character:04X}, "
            "usually an invisible control character pasted from another program); delete it.",
            line,
            column,
        ) from None
    except YAMLError as err:
        raise YamlError(f"this is not valid YAML: {err}") from None


def _yaml(pure: bool) -> YAML:
    """A safe parser; the C one unless only the pure-Python one is installed."""
    try:
        return YAML(typ="safe", pure=pure)
    except (ImportError, NotImplementedError):  # pragma: no cover - no ruamel.yaml.clib
        return YAML(typ="safe", pure=True)


_REFUSED = object()  # libyaml cannot be trusted with this text, or refused it


def _compose_with_libyaml(text: str) -> Any:
    """libyaml's node tree of `text`, or `_REFUSED` for ruamel to compose (and explain)."""
    if _LibyamlLoader is None or _NOT_FOR_LIBYAML.search(text):
        return _REFUSED
    try:
        return _libyaml_compose(text, Loader=_LibyamlLoader)
    except (_LibyamlError, ValueError, TypeError):
        return _REFUSED


def _yaml_12_tag(value: str) -> str:
    """The tag ruamel gives a plain scalar under YAML 1.2 ("yes" is text, "true" a boolean)."""
    for tag, pattern in _YAML_12_RULES.get(value[:1], ()):
        if pattern.match(value):
            return str(tag)
    return _STR


# ruamel's own YAML 1.2 rules for plain scalars, by first character ("" for empty).
_YAML_12_RULES = VersionedResolver(version=(1, 2)).versioned_resolver
# Node types of either composer.
_SCALARS: tuple[type, ...] = (ScalarNode,)
_SEQUENCES: tuple[type, ...] = (SequenceNode,)
_MAPPINGS: tuple[type, ...] = (MappingNode,)
if _LibyamlLoader is not None:
    _SCALARS += (_libyaml_nodes.ScalarNode,)
    _SEQUENCES += (_libyaml_nodes.SequenceNode,)
    _MAPPINGS += (_libyaml_nodes.MappingNode,)


def _check_shape(yaml: YAML, text: str) -> None:
    """Refuse nesting deeper than `MAX_DEPTH`, or more than `MAX_NODES` values.

    Composing recurses once per level, so a file nested thousands deep would
    exhaust the stack; and composing 190,000 values takes seconds and gigabytes.
    Parse events come from a loop and stop at the first value over a limit.
    Depths are counted as `_to_data` counts them (the top mapping is level 1).
    """
    depth = 0
    nodes = 0
    for event in yaml.parse(text):
        if isinstance(event, (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                raise _too_many(event.start_mark)
            if depth + 1 > MAX_DEPTH:
                raise _too_deep(depth + 1, event.start_mark)
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            depth -= 1


def _too_deep(depth: int, mark: Any) -> YamlError:
    return YamlError(
        f"this value is nested {depth} levels deep; the limit is {MAX_DEPTH}.",
        mark.line + 1,
        mark.column + 1,
    )


def _too_many(mark: Any) -> YamlError:
    return YamlError(
        f"this file holds more than {MAX_NODES:,} values; a document is far smaller, so "
        "this looks like an attempt to exhaust the machine and the file is refused.",
        mark.line + 1,
        mark.column + 1,
    )


def _estimated_depth(text: str) -> int:
    """An upper bound on nesting depth, cheap enough to run on every file.

    Flow nesting cannot exceed the number of opening brackets; block nesting
    cannot exceed the length of the indentation-and-indicator prefix of a line.
    """
    brackets = text.count("[") + text.count("{")
    if brackets >= _C_PARSER_SAFE_DEPTH:
        # Citations hold two brackets each, and a document may have hundreds. A plain
        # citation ([[doc#clause]]: no spaces, quotes or brackets inside) is a closed
        # pair that YAML reads as at most two levels, so all of them together add at
        # most two levels wherever they are.
        plain = _PLAIN_CITATION.sub("", text)
        brackets = plain.count("[") + plain.count("{") + 2
    if brackets < _C_PARSER_SAFE_DEPTH:
        block = max((len(m.group()) for m in _BLOCK_PREFIX.finditer(text)), default=0)
        return max(brackets, block)
    return brackets


def _friendly(err: MarkedYAMLError, text: str) -> YamlError:
    """Turn the parser's wording into words a volunteer can act on.

    The C parser and the pure-Python one word the same problem differently, so
    both wordings are matched, and the character at a mark is read from `text`
    (the C parser's marks do not carry the text).
    """
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    start = err.context_mark
    opened = f" (it opens on line {start.line + 1})" if start else ""
    mark = err.problem_mark or start
    if mark is not None and start is not None and not text[mark.index :].strip():
        # The parser only noticed at the end of the file; point where the trouble began.
        mark = start
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    char = _char_at(text, mark)

    def error(message: str) -> YamlError:
        return YamlError(message, line, column)

    if char == "\t" or "tab character" in problem:
        return error(
            "a tab is used for indentation here; YAML needs spaces. Replace the tab with spaces."
        )
    if "quoted scalar" in context:
        if ("escape" in problem or "hexdecimal" in problem) and mark is not None:
            # Point at the backslash itself (the parsers disagree on where they notice).
            backslash = text.rfind("\\", mark.index - mark.column, mark.index + 1)
            return YamlError(
                "a backslash (\\) inside double quotes starts a special code such as \\n. "
                "Write \\\\ for a backslash, or put the text in single quotes instead.",
                *(_line_column(text, backslash) if backslash >= 0 else (line, column)),
            )
        quote = _char_at(text, start) if start else '"'
        return error(
            f"this quoted text is never closed{opened if mark is not start else ''}: "
            f"add the closing {quote} where the text ends."
        )
    runaway = _runaway_quote(text, mark)
    if runaway is not None:
        return runaway
    if "flow sequence" in context or "flow mapping" in context:
        bracket, closer = ("[", "]") if "sequence" in context else ("{", "}")
        where = opened if mark is not start else ""
        return error(
            f"the {bracket} here{where} is not closed with {closer}, or its items are not "
            f"separated by commas. If the value is text that starts with {bracket}, put it in "
            "double quotes."
        )
    if "cannot start any token" in problem or context in (
        "while scanning an alias",
        "while scanning an anchor",
    ):
        if context != "while scanning for the next token" and start is not None:
            line, column, char = start.line + 1, start.column + 1, _char_at(text, start)
        return error(
            f"the character {char!r} cannot start a value here; "
            "put the whole value in double quotes."
        )
    if "could not find expected ':'" in problem and start is not None:
        return YamlError(
            "YAML cannot find the colon on this line. Write 'key: value' with a space after "
            "the colon; if the line continues the text above, indent it further.",
            start.line + 1,
            start.column + 1,
        )
    if "mapping values are not allowed" in problem:
        return error(
            "a colon followed by a space here makes YAML read a new key. Either put the whole "
            "text in double quotes, or check the indentation of this line."
        )
    if (
        "did not find expected key" in problem
        or "expected <block end>" in problem
        or "did not find expected '-' indicator" in problem
    ):
        return error(
            "the indentation of this line does not line up with the lines above it. Lines that "
            "belong together start in the same column, and each item of a list starts with '- '."
        )
    if "found undefined alias" in problem:
        alias = re.match(r"\*[^\s,\[\]{}]*", text[mark.index :]) if mark else None
        name = f" '{alias.group()}'" if alias else ""
        return error(
            f"the alias{name} here has no anchor: an alias (*name) needs an anchor (&name) "
            "earlier in the file."
        )
    if "another document" in problem or "<document start>" in problem:
        return error(
            "a second document starts here; a file holds exactly one document. Remove the "
            "'---' or '...' line, or move what follows into a file of its own."
        )
    words = problem or context or "this is not valid YAML"
    return error(f"this is not valid YAML: {words}")


def _char_at(text: str, mark: Any) -> str:
    """The character at a parser mark (marks count characters), or "?" past the end."""
    if mark is None or not 0 <= mark.index < len(text):
        return "?"
    return text[mark.index]


def _runaway_quote(text: str, mark: Any) -> YamlError | None:
    """A quote that closes a text opened on an earlier line: the usual missing closing quote.

    When a quoted text is not closed on its own line, YAML reads on, across lines,
    to the next quote mark of the same kind and fails just after it. If the line
    where it failed has an odd number of that quote mark before the failure, the
    first of them closes a text opened earlier: point at where that text opened.
    """
    if mark is None:
        return None
    line_start = mark.index - mark.column
    before = text[line_start : mark.index].rstrip()
    if not before or before[-1] not in "\"'" or before.count(before[-1]) % 2 == 0:
        return None
    quote = before[-1]
    opening = text.rfind(quote, 0, line_start)
    if opening < 0:
        return None
    line, column = _line_column(text, opening)
    return YamlError(
        f"this quoted text is never closed, so YAML reads on to the next {quote} on line "
        f"{mark.line + 1}: add the closing {quote} where the text ends.",
        line,
        column,
    )


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset, counting breaks as YAML does."""
    lines = text[:index].splitlines(keepends=True)
    if not lines:
        return 1, 1
    last = lines[-1]
    if last.splitlines() != [last]:  # ends with a line break: the offset starts a line
        return len(lines) + 1, 1
    return len(lines), len(last) + 1


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _to_data(root: Node) -> Any:
    """Turn composed nodes into plain data, iteratively, enforcing the limits.

    Aliases share the already-built value (as YAML means), but every use counts
    towards `MAX_EXPANDED_NODES`, so a billion-laughs file fails fast instead of
    being expanded later by whoever walks the data.
    """
    built: dict[int, Any] = {}
    expanded_size: dict[int, int] = {}
    in_progress: set[int] = set()
    # Each frame: (node, depth, phase). Phase 0 = enter, 1 = leave (children built).
    stack: list[tuple[Node, int, int]] = [(root, 1, 0)]
    while stack:
        node, depth, phase = stack.pop()
        key = id(node)
        if phase == 0:
            if key in built:
                continue
            if key in in_progress:
                raise YamlError("an alias (*name) refers to itself here.", *_position(node))
            if depth > MAX_DEPTH:
                raise _too_deep(depth, node.start_mark)
            if isinstance(node, _SCALARS):
                built[key] = _scalar(node)
                expanded_size[key] = 1
                continue
            in_progress.add(key)
            stack.append((node, depth, 1))
            children = _children(node)
            for child in reversed(children):
                stack.append((child, depth + 1, 0))
            continue
        in_progress.discard(key)
        children = _children(node)
        size = 1 + sum(expanded_size[id(child)] for child in children)
        if size > MAX_EXPANDED_NODES:
            raise YamlError(
                f"aliases (*name) here expand to more than {MAX_EXPANDED_NODES:,} values; "
                "this looks like an attempt to exhaust memory, so the file is refused.",
                *_position(node),
            )
        expanded_size[key] = size
        built[key] = _collection(node, built)
    return built[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, _SEQUENCES):
        return list(node.value)
    if isinstance(node, _MAPPINGS):
        out: list[Node] = []
        for key_node, value_node in node.value:
            out.append(key_node)
            out.append(value_node)
        return out
    return []


def _collection(node: Node, built: dict[int, Any]) -> Any:
    if isinstance(node, _SEQUENCES):
        if node.tag != _SEQ:
            raise _tag_error(node)
        return [built[id(child)] for child in node.value]
    if node.tag != _MAP:
        raise _tag_error(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = built[id(key_node)]
        if isinstance(key, (list, dict)):
            raise YamlError(
                "a key here is a list or mapping; keys must be words.", *_position(key_node)
            )
        if key in mapping:
            raise YamlError(
                f"the key '{key}' appears twice in the same mapping; remove or rename one.",
                *_position(key_node),
            )
        mapping[key] = built[id(value_node)]
    return mapping


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    if type(node) is not ScalarNode:  # libyaml's, typed by YAML 1.1: type it as ruamel does
        tag = _STR if node.style else _yaml_12_tag(node.value)
    value = node.value
    if tag not in _PLAIN_TAGS:
        raise _tag_error(node)
    if tag in (_STR, _TIMESTAMP):
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        return _int(value, node)
    number = _float(value)
    if not math.isfinite(number):
        raise YamlError(
            f"the number {value} is too large (or not a number at all); write an ordinary "
            "number, or put the value in quotes if it is text.",
            *_position(node),
        )
    return number


def _int(text: str, node: Node) -> int:
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    cleaned = cleaned.lstrip("+-")
    if len(cleaned) > 30:
        raise YamlError("this number is too long.", *_position(node))
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if cleaned.lower().startswith(prefix):
            return sign * int(cleaned[2:], base)
    return sign * int(cleaned, 10)


class SourceFloat(float):
    """A float that remembers how it was written, so "version: 1.10" can be quoted back."""

    __slots__ = ("source",)
    source: str


def _float(text: str) -> float:
    value = _parse_float(text)
    out = SourceFloat(value)
    out.source = text
    return out


def _parse_float(text: str) -> float:
    lowered = text.replace("_", "").lower()
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    if lowered == ".nan":
        return float("nan")
    return float(lowered)


def _tag_error(node: Node) -> YamlError:
    tag = node.tag or "?"
    if tag == _MERGE:
        return YamlError(
            "YAML merge keys (<<) are not supported; write the values out.", *_position(node)
        )
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return YamlError(
        f"the YAML tag '{shown}' is not allowed; documents may hold only plain text, "
        "numbers, lists and mappings.",
        *_position(node),
    )


class SourceMap:
    """Finds the line and column of a node path, by parsing the text again on demand."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: Node | None = None
        self._parsed = False

    def _tree(self) -> Node | None:
        if not self._parsed:
            self._parsed = True
            try:
                self._root = _compose(self._text)
            except YamlError:
                self._root = None
        return self._root

    def locate(self, path: NodePath, at: str = "value") -> tuple[int, int]:
        """The (line, column) of the deepest node on `path` that exists, 1-based."""
        node = self._tree()
        if node is None:
            return 1, 1
        position = _position(node)
        for step in path:
            found = _step(node, step)
            if found is None:
                break
            key_node, value_node = found
            node = value_node
            position = _position(key_node if at == "key" and step == path[-1] else value_node)
        return position


def _step(node: Node, step: str | int) -> tuple[Node, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(step):
                return key_node, value_node
        return None
    if isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        item = node.value[step]
        return item, item
    return None


# Lines where something other than a comment is followed by " #": only such files can
# hold a comment that cut a plain text short, so only they are parsed a second time.
_MAYBE_TRAILING_COMMENT = re.compile(r"^[ \t]*[^ \t#\n][^\n]*[ \t]#", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class CutText:
    """A plain (unquoted) text value followed on its line by what YAML reads as a comment."""

    path: NodePath
    line: int  # 1-based, of the '#'
    column: int  # 1-based, of the '#'
    kept: str  # the text YAML kept
    lost: str  # the comment: the words that were cut off


def comments_after_text(text: str, keys: frozenset[str]) -> list[CutText]:
    """Plain values under `keys` that a ` #` on the same line cut short.

    YAML reads " #" as the start of a comment, so `text: Room #3 of the hall`
    means "Room" and nothing else: the rest is silently dropped. A comment after a
    quoted or block value is the writer's own and is left alone.
    """
    if not _MAYBE_TRAILING_COMMENT.search(text):
        return []
    try:
        root = _compose(text)
    except YamlError:
        return []
    lines = text.split("\n")
    found: list[CutText] = []
    stack: list[tuple[Node, NodePath]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else None
                if not isinstance(key, str):
                    continue
                if (
                    key in keys
                    and isinstance(value_node, ScalarNode)
                    and not value_node.style  # plain: None or "" by parser
                    and value_node.tag == _STR
                ):
                    cut = _cut(value_node, lines, (*path, key))
                    if cut is not None:
                        found.append(cut)
                else:
                    stack.append((value_node, (*path, key)))
        elif isinstance(node, SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
    return sorted(found, key=lambda c: (c.line, c.column))


def _cut(node: ScalarNode, lines: list[str], path: NodePath) -> CutText | None:
    end = node.end_mark
    if end.line >= len(lines):
        return None
    rest = lines[end.line][end.column :]
    match = re.match(r"[ \t]+#", rest)
    if match is None:
        return None
    column = end.column + match.end()  # 1-based column of the '#'
    return CutText(path, end.line + 1, column, node.value, rest[match.end() - 1 :].strip())
