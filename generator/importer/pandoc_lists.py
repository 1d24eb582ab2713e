"""Keep the labels of numbered lists that Markdown cannot number: "(a)", "iv.", "A.".

GitHub-flavoured Markdown numbers every ordered list "1.", "2.", so a list that the
source labels "(a)", "(b)" (reStructuredText, HTML `type="a"`, OpenDocument list
styles, LaTeX's `enumerate`) would lose its labels on the way through pandoc and be
published with the tool's own numbers. This pass works on pandoc's document tree
(its JSON form) between reading and writing: every ordered list that is not plain
"1." is written as a list whose items start with their label, the form the
Markdown reader already takes as a written number ("* (a) text").

LaTeX does not write its labels at all: `enumerate` numbers its items when the
document is typeset, "1." then "(a)" then "i." then "A." by depth, unless the
`enumerate`/`enumitem` option of that list says otherwise. Those are the numbers
readers of the PDF saw and cite, so they are the numbers kept.
"""

from __future__ import annotations

import re
from typing import Any

from generator.model.document import NumberingLevel
from generator.model.numbering import format_value

Node = dict[str, Any]

# LaTeX's standard classes: \labelenumi .. \labelenumiv.
_LATEX_DEPTH_STYLES = [
    ("Decimal", "Period"),
    ("LowerAlpha", "TwoParens"),
    ("LowerRoman", "Period"),
    ("UpperAlpha", "Period"),
]
# enumitem's label=... counters, and the style each stands for.
_ENUMITEM_COUNTERS = {
    r"\arabic*": "Decimal",
    r"\alph*": "LowerAlpha",
    r"\Alph*": "UpperAlpha",
    r"\roman*": "LowerRoman",
    r"\Roman*": "UpperRoman",
}
_BEGIN_ENUMERATE = re.compile(r"\\begin\s*\{enumerate\}(?:\s*\[([^\]\n]*)\])?")
_LABEL_OPTION = re.compile(r"(?:^|,)\s*label\s*=\s*\{?([^,}]*)\}?")
_START_OPTION = re.compile(r"(?:^|,)\s*start\s*=\s*(\d{1,4})")
# The label shapes kept as written: "(a)", "a.", "a)", "[a]", "a:" ("{}" is the counter).
_TEMPLATE = re.compile(r"^[(\[]?\{\}[.):\]]?$")


def keep_list_labels(tree: Node, reader: str, source: str) -> Node:
    """Rewrite `tree` (pandoc JSON) so every ordered list's labels survive GFM."""
    options = _latex_list_options(source) if reader == "latex" else []
    lists = _ordered_lists(tree["blocks"], 0)
    # The nth `\begin{enumerate}` is the nth ordered list only if pandoc kept them all.
    if len(options) != len(lists):
        options = [None] * len(lists)
    for (node, depth), option in zip(lists, options, strict=True):
        _label_items(node, depth, reader, option)
    return tree


def _ordered_lists(value: Any, depth: int) -> list[tuple[Node, int]]:
    """Every ordered list in document order, with its depth among ordered lists."""
    found: list[tuple[Node, int]] = []
    if isinstance(value, list):
        for item in value:
            found += _ordered_lists(item, depth)
    elif isinstance(value, dict):
        if value.get("t") == "OrderedList":
            found.append((value, depth))
            for blocks in value["c"][1]:
                found += _ordered_lists(blocks, depth + 1)
        elif "c" in value:
            found += _ordered_lists(value["c"], depth)
    return found


def _latex_list_options(source: str) -> list[tuple[str | None, str | None, int | None] | None]:
    """Per `\\begin{enumerate}`, in order: (style, delimiter template, start) from its option."""
    found: list[tuple[str | None, str | None, int | None] | None] = []
    for match in _BEGIN_ENUMERATE.finditer(without_comments(source)):
        option = match.group(1)
        if option is None:
            found.append(None)
            continue
        label = _LABEL_OPTION.search(option)
        start = _START_OPTION.search(option)
        style = template = None
        if label:
            for counter, name in _ENUMITEM_COUNTERS.items():
                if counter in label.group(1):
                    style, template = name, label.group(1).replace(counter, "{}").strip()
                    if not _TEMPLATE.match(template):  # words or commands round it: style only
                        template = None
                    break
        found.append((style, template, int(start.group(1)) if start else None))
    return found


def without_comments(source: str) -> str:
    return re.sub(r"(?<!\\)%.*", "", source)


def _label_items(
    node: Node,
    depth: int,
    reader: str,
    option: tuple[str | None, str | None, int | None] | None,
) -> None:
    (start, style_node, delim_node), items = node["c"]
    style, delim = style_node["t"], delim_node["t"]
    template = None
    if option is not None:
        style = option[0] or style
        template = option[1]
        start = option[2] or start
    if style == "DefaultStyle" and reader == "latex":
        style, default_delim = _LATEX_DEPTH_STYLES[min(depth, len(_LATEX_DEPTH_STYLES) - 1)]
        if delim == "DefaultDelim":
            delim = default_delim
    plain = style in ("Decimal", "DefaultStyle", "Example") and delim in ("Period", "DefaultDelim")
    if template is None and plain:
        node["c"][0] = [start, {"t": "Decimal"}, {"t": "Period"}]
        return  # "1." is what Markdown writes anyway
    for offset, blocks in enumerate(items):
        label = _label(start + offset, style, delim, template)
        _prefix(blocks, label)
    node["t"] = "BulletList"
    node["c"] = items


def _label(value: int, style: str, delim: str, template: str | None) -> str:
    counter = _counter(value, style)
    if template is not None:
        return template.replace("{}", counter)
    if delim == "TwoParens":
        return f"({counter})"
    if delim == "OneParen":
        return f"{counter})"
    return f"{counter}."


_STYLES = {
    "LowerAlpha": "lower-alpha",
    "UpperAlpha": "upper-alpha",
    "LowerRoman": "lower-roman",
    "UpperRoman": "upper-roman",
}


def _counter(value: int, style: str) -> str:
    return format_value(value, NumberingLevel(_STYLES.get(style, "arabic")))  # type: ignore[arg-type]


def _prefix(blocks: list[Node], label: str) -> None:
    """Put `label` before the item's first words, or alone when the item opens with a block."""
    words = [{"t": "Str", "c": label}, {"t": "Space"}]
    if blocks and blocks[0].get("t") in ("Plain", "Para"):
        blocks[0]["c"] = words + blocks[0]["c"]
    else:
        blocks.insert(0, {"t": "Plain", "c": words[:1]})
