"""A redline as JSON, for other tools. The shape is `schemas/redline.schema.json`
(`generator.schema.schema("redline")`), with a description of every field.

Texts are given as typed (this is data, not a page): a tool that shows them must
escape them itself. So that the output can still be pasted into an HTML page
safely, "<", ">" and "&" are written as \\u003c, \\u003e and \\u0026, which any JSON
reader turns back into the same characters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from generator.model.changes import DocumentDiff, Placement, Segment, Tally
from generator.model.document import Document

FORMAT = "charters-redline"
FORMAT_VERSION = 1


def to_data(
    diffs: Sequence[DocumentDiff], *, base: str | None = None, head: str | None = None
) -> dict[str, Any]:
    """The redline of several documents as plain JSON-ready data."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "base": base,
        "head": head,
        "documents": [_document(d) for d in diffs],
    }


def render_json(
    diffs: Sequence[DocumentDiff], *, base: str | None = None, head: str | None = None
) -> str:
    text = json.dumps(to_data(diffs, base=base, head=head), indent=2, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n"


def _document(diff: DocumentDiff) -> dict[str, Any]:
    old, new = diff.old_head, diff.new_head
    summary = diff.summary
    return {
        "id": diff.id,
        "kind": diff.kind,
        "title": diff.title,
        "change": diff.change,
        "old": _version(old),
        "new": _version(new),
        "summary": {
            "articles": _tally(summary.articles),
            "sections": _tally(summary.sections),
            "clauses": _tally(summary.clauses),
            "fields": summary.fields,
            "changes_wording": summary.changes_wording,
        },
        "fields": [
            {
                "key": f.key,
                "topic": f.topic,
                "label": f.label,
                "change": f.kind,
                "old": f.old,
                "new": f.new,
                "words": _words(f.words),
            }
            for f in diff.fields
        ],
        "provisions": [
            {
                "id": p.id,
                "level": p.level,
                "kind": p.kind,
                "moved": p.moved,
                "renumbered": p.renumbered,
                "old": _placement(p.old),
                "new": _placement(p.new),
                "old_text": p.old_text,
                "new_text": p.new_text,
                "words": _words(p.words),
            }
            for p in diff.changes
        ],
    }


def _version(doc: Document | None) -> dict[str, Any] | None:
    if doc is None:
        return None
    decision = doc.decision
    record = None
    if decision is not None:
        votes = decision.votes
        record = {
            "adopted": decision.adopted.isoformat(),
            "body": decision.body,
            "votes": (
                {"for": votes.in_favour, "against": votes.against, "abstain": votes.abstaining}
                if votes
                else None
            ),
            "present": decision.present,
            "proposal": decision.proposal,
        }
    return {
        "version": doc.version.text,
        "status": doc.status,
        "title": doc.title,
        "summary": doc.summary,
        "decision": record,
    }


def _tally(tally: Tally) -> dict[str, int]:
    counts = {
        "added": tally.added,
        "removed": tally.removed,
        "changed": tally.changed,
        "moved": tally.moved,
        "renumbered": tally.renumbered,
        "unchanged": tally.unchanged,
    }
    if tally.formatting:  # present only when some text changed in formatting alone
        counts["formatting"] = tally.formatting
    return counts


def _placement(placement: Placement | None) -> dict[str, Any] | None:
    if placement is None:
        return None
    return {
        "number": placement.number.short,
        "label": placement.number.label,
        "parent": placement.parent,
        "index": placement.index,
    }


def _words(segments: tuple[Segment, ...]) -> list[dict[str, str | bool]]:
    """Each segment; "attached" only where it continues the word before it (a mark)."""
    return [
        {"kind": s.kind, "text": s.text, **({"attached": True} if s.attached else {})}
        for s in segments
    ]
