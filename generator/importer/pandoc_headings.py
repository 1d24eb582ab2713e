"""Write into LaTeX headings the numbers LaTeX prints for them.

A LaTeX source never writes its section numbers: `\\section{Membership}` is typeset
as "3 Membership" by counting. The readers of the PDF cite those numbers, so the
import keeps them as the document's own numbers: this pass, on pandoc's document
tree, puts each numbered heading's number before its words ("3. Membership",
"3.1 Classes"), the form the Markdown reader takes as a written number.
`\\section*` headings are unnumbered in LaTeX and stay so; after `\\appendix` the
top level counts A, B, ... and reads "Appendix A".
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer.pandoc_lists import Node, without_comments
from generator.model.document import NumberingLevel
from generator.model.numbering import format_value

_SECTIONING = re.compile(
    r"\\(?P<command>part|chapter|section|subsection|subsubsection|appendix)\b(?P<star>\*?)"
)


def number_latex_headings(tree: Node, source: str) -> Node:
    """Put LaTeX's printed numbers into the headings of `tree` (pandoc JSON)."""
    headers = [block for block in _walk(tree["blocks"]) if block.get("t") == "Header"]
    if not headers:
        return tree
    appendix_from = _appendix_start(source, len(headers))
    top = min(header["c"][0] for header in headers)
    counters: list[int] = []
    appendix = False
    for index, header in enumerate(headers):
        level, (_, classes, _), _ = header["c"]
        if appendix_from is not None and index == appendix_from:
            appendix, counters = True, []
        if "unnumbered" in classes:
            continue
        depth = level - top
        counters = (counters + [0] * (depth + 1))[: depth + 1]
        counters[depth] += 1
        header["c"][2] = [*_label(counters, appendix), {"t": "Space"}, *header["c"][2]]
    return tree


def _label(counters: list[int], appendix: bool) -> list[Node]:
    first = str(counters[0])
    if appendix:
        first = format_value(counters[0], NumberingLevel("upper-alpha"))
        if len(counters) == 1:
            return [{"t": "Str", "c": "Appendix"}, {"t": "Space"}, {"t": "Str", "c": f"{first}."}]
    if len(counters) == 1:
        return [{"t": "Str", "c": f"{first}."}]
    return [{"t": "Str", "c": ".".join([first, *(str(c) for c in counters[1:])])}]


def _appendix_start(source: str, header_count: int) -> int | None:
    """Index of the first heading after `\\appendix`, if the source's headings match the tree's."""
    found = None
    headings = 0
    for match in _SECTIONING.finditer(without_comments(source)):
        if match.group("command") == "appendix":
            found = headings if found is None else found
        else:
            headings += 1
    if found is None or headings != header_count:
        return None
    return found


def _walk(value: Any) -> list[Node]:
    """Every block in document order, into lists, quotes and divs."""
    found: list[Node] = []
    if isinstance(value, list):
        for item in value:
            found += _walk(item)
    elif isinstance(value, dict):
        found.append(value)
        if value.get("t") in ("Div", "BlockQuote", "BulletList", "OrderedList"):
            found += _walk(value.get("c"))
    return found
