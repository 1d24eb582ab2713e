"""Measures of how faithfully an imported history keeps what its sources say.

Kept apart from the importer on purpose: the number a source writes is read
here from the raw file (headings and leading labels by pattern, ordered-list
numbers from markdown-it's own list tokens), not from the importer's outline, so
the measure does not grade the importer with its own reading.

Run as a script to print the figures: `python tests/fidelity.py ../shared/realdata`.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt

from generator.importer.importing import Settings, import_outline
from generator.importer.sources import read_outline
from generator.model.document import Clause, Document
from generator.model.numbering import number_document

_LABEL_WORDS = r"(?:article|art|section|sec|§|chapter|part|appendix|annex|schedule|rule|clause)"
_HEADING = re.compile(
    rf"^\s*#{{1,6}}\s+(?:\*\*)?(?:{_LABEL_WORDS})\.?\s*([0-9]+(?:\.[0-9]+)*|[IVXLCDM]+|[A-Z])\b",
    re.IGNORECASE,
)
_BARE_HEADING = re.compile(r"^\s*#{1,6}\s+(?:\*\*)?([0-9]+(?:\.[0-9]+)+|[0-9]+)[.)]?\s")
_RUN_IN = re.compile(
    rf"^\s*\*\*(?:{_LABEL_WORDS})\.?\s*([0-9]+(?:\.[0-9]+)*|[IVXLCDM]+|[A-Z])\b", re.IGNORECASE
)
_LABEL = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*)?(\([0-9a-zA-Z]{1,4}\)|[0-9]{1,3}(?:\.[0-9]{1,3})+|[a-zA-Z]{1,4}[.)]|[0-9]{1,3}\))\s"
)
# A label still at the start of a clause's text: the tool's number and the source's both shown.
DOUBLED = re.compile(r"^(?:\\?\()?(?:[0-9]{1,3}|[a-z]|[ivx]{1,5}|[A-Z])(?:\\?\)|\\?\.)\s")


@dataclass
class Figures:
    name: str
    written: int = 0  # provisions whose source writes a number
    matching: int = 0  # ... whose displayed number is that number
    doubled: int = 0  # clause texts that still start with a label
    swaps: int = 0  # pairs of ids with identical text that changed order between versions
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.matching / self.written if self.written else 1.0

    def line(self) -> str:
        return (
            f"{self.name}: numbers kept {self.matching}/{self.written} ({self.share:.1%}), "
            f"doubled labels {self.doubled}, id swaps between identical texts {self.swaps}"
        )


def written_numbers(text: str) -> dict[int, str]:
    """Source line (1-based) -> the number a reader of the source sees there."""
    found: dict[int, str] = {}
    lines = text.split("\n")
    for index, line in enumerate(lines, start=1):
        for pattern in (_HEADING, _BARE_HEADING, _RUN_IN, _LABEL):
            match = pattern.match(line)
            if match:
                found[index] = _bare(match.group(1))
                break
    tokens = MarkdownIt("commonmark").parse(text)
    counters: list[int | None] = []
    for token in tokens:
        if token.type == "ordered_list_open":
            counters.append(int(token.attrs.get("start", 1) or 1))  # type: ignore[arg-type]
        elif token.type == "bullet_list_open":
            counters.append(None)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            counters.pop()
        elif token.type == "list_item_open" and counters and counters[-1] is not None:
            assert token.map is not None
            found.setdefault(token.map[0] + 1, str(counters[-1]))
            counters[-1] += 1
    return found


def _bare(number: str) -> str:
    return number.strip().strip("()").rstrip(".)")


def last_part(short: str) -> str:
    """ "4.1(c)" -> "c", "2.1" -> "1", "IV" -> "IV": what one level writes."""
    parts = [p for p in re.split(r"[.()]", short) if p]
    return parts[-1] if parts else ""


def measure(name: str, files: list[Path]) -> Figures:
    """Import `files` as one history and measure the result."""
    figures = Figures(name)
    previous: Document | None = None
    taken: set[str] = set()
    for file in files:
        result = import_outline(read_outline(file), Settings(doc_id="doc"), previous, taken)
        doc = result.document
        numbers = number_document(doc)
        written = written_numbers(file.read_text(encoding="utf-8"))
        judged: set[int] = set()
        for provision in doc.provisions():
            line = result.lines.get(provision.id)
            if line is None or line not in written or line in judged:
                continue  # a run-in heading and its text share a line: the number is the heading's
            judged.add(line)
            figures.written += 1
            want = written[line]
            shown = numbers[provision.id].short
            if last_part(shown) == want or shown == want:
                figures.matching += 1
            else:
                figures.misses.append(f"{file.name}:{line}: wrote {want}, shows {shown}")
            if isinstance(provision, Clause) and shown and DOUBLED.match(provision.text):
                figures.doubled += 1
        if previous is not None:
            figures.swaps += id_swaps(previous, doc)
        taken |= doc.ids()
        previous = doc
    return figures


def id_swaps(old: Document, new: Document) -> int:
    """Pairs of clauses with the same text in both versions whose ids changed order."""

    def by_text(doc: Document) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for provision in doc.provisions():
            if isinstance(provision, Clause):
                out[provision.text].append(provision.id)
        return out

    before, after = by_text(old), by_text(new)
    swaps = 0
    for text, ids_before in before.items():
        ids_after = after.get(text, [])
        if len(ids_before) < 2 or len(ids_after) < 2:
            continue
        common = [i for i in ids_before if i in ids_after]
        order = [ids_after.index(i) for i in common]
        swaps += sum(
            1 for a in range(len(order)) for b in range(a + 1, len(order)) if order[a] > order[b]
        )
    return swaps


HISTORIES = {
    "us-constitution": "v*.md",
    "openjs-cpc-charter": "v*.md",
    "hive13-bylaws": "v09*.md",
}


def history_files(realdata: Path, name: str) -> list[Path]:
    files = sorted((realdata / name).glob(HISTORIES[name]))
    if name == "hive13-bylaws":  # Markdown from v09 on
        files = sorted(f for f in (realdata / name).glob("v*.md") if f.name >= "v09")
    return files


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realdata")
    for history in HISTORIES:
        result = measure(history, history_files(root, history))
        print(result.line())
        for miss in result.misses[:15]:
            print("   ", miss)
