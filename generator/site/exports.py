"""Machine-readable data: each version as JSON (the feeds are in `feeds.py`).

Both are deterministic: keys in a fixed order, dates from the documents and git,
never the time of the build, so the same commit gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model.document import Clause, Document
from generator.model.history import DocumentHistory, PublishedVersion
from generator.model.in_force import in_force_json, in_force_ranges
from generator.model.numbering import number_document
from generator.site import urls
from generator.site.views.citation import citation, frozen_address

DATA_FORMAT_VERSION = 1


def version_json(
    published: PublishedVersion,
    versions: list[PublishedVersion],
    site_url: str | None,
    site_name: str = "",
    *,
    pdf: bool = True,
) -> str:
    """One adopted version (one of `versions`, its document's) as JSON: text, numbers,
    citations, when it was in force, decision record, links (its page, its PDF)."""
    doc = published.document
    numbers = number_document(doc)

    def cited(provision_id: str) -> dict[str, str]:
        address = frozen_address(site_url, doc.id, doc.version.text, provision_id)
        text = citation(
            site_name, doc.title, doc.version.text, published.date, numbers[provision_id], address
        )
        return {"address": address, "citation": text}

    def clause(c: Clause) -> dict[str, Any]:
        out: dict[str, Any] = {"id": c.id, "number": numbers[c.id].short, "text": c.text}
        out.update(cited(c.id))
        if c.clauses:
            out["clauses"] = [clause(s) for s in c.clauses]
        return out

    articles = []
    for article in doc.articles:
        item: dict[str, Any] = {
            "id": article.id,
            "number": numbers[article.id].short,
            "title": article.title,
            **cited(article.id),
            "clauses": [clause(c) for c in article.clauses],
        }
        if article.sections:
            item["sections"] = [
                {
                    "id": s.id,
                    "number": numbers[s.id].short,
                    "title": s.title,
                    **cited(s.id),
                    "clauses": [clause(c) for c in s.clauses],
                }
                for s in article.sections
            ]
        articles.append(item)
    page = urls.version(doc.id, doc.version.text)
    data: dict[str, Any] = {
        "format": DATA_FORMAT_VERSION,
        "id": doc.id,
        "kind": doc.kind,
        "title": doc.title,
        "version": doc.version.text,
        "status": doc.status,
        "adopted": published.date.isoformat(),
        "in_force": in_force_json(in_force_ranges(versions)[versions.index(published)]),
        "commit": published.commit,
        "url": _absolute(site_url, page),
        "summary": doc.summary,
        "decision": _decision(doc),
        "amendment_rule": _rule(doc),
        "preamble": doc.preamble,
        "articles": articles,
    }
    if pdf:  # a build without PDFs (a quick preview) names none
        data = _after(data, "url", "pdf", _absolute(site_url, urls.pdf(doc.id, doc.version.text)))
    if doc.charter is not None:
        data["charter"] = _charter(doc)
    # Compact: readable enough for tools, and written by json's fast C encoder.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _decision(doc: Document) -> dict[str, Any] | None:
    d = doc.decision
    if d is None:
        return None
    return {
        "adopted": d.adopted.isoformat(),
        "body": d.body,
        "votes": (
            {"for": d.votes.in_favour, "against": d.votes.against, "abstain": d.votes.abstaining}
            if d.votes
            else None
        ),
        "present": d.present,
        "proposal": d.proposal,
        "minutes": d.minutes,
        "summary": d.summary,
    }


def _rule(doc: Document) -> dict[str, Any] | None:
    r = doc.amendment_rule
    if r is None:
        return None
    return {
        "threshold": r.threshold.text,
        "quorum": r.quorum,
        "notice_days": r.notice_days,
        "decided_by": r.decided_by,
    }


def _charter(doc: Document) -> dict[str, Any]:
    t = doc.charter
    assert t is not None
    return {
        "constitution": t.constitution,
        "commissioning_body": t.commissioning_body,
        "service": {
            "name": t.service.name,
            "nature": t.service.nature,
            "description": t.service.description,
        },
        "network": {
            "type": t.network.kind,
            "area": t.network.area,
            "interest": t.network.interest,
            "members": t.network.members,
        },
        "power_transfer": [
            {"method": p.method, "formality": p.formality, "description": p.description}
            for p in t.power_transfer
        ],
        "participation": {
            "current": t.participation.current,
            "target": t.participation.target,
            "target_date": t.participation.target_date.isoformat()
            if t.participation.target_date
            else None,
            "how": t.participation.how,
        },
        "budget": {
            "amount": t.budget.amount,
            "currency": t.budget.currency,
            "period": t.budget.period,
            "funding": [
                {"source": f.source, "name": f.name, "amount": f.amount} for f in t.budget.funding
            ],
        },
        "review": {
            "next": t.review.next.isoformat(),
            "frequency": t.review.frequency,
            "last": t.review.last.isoformat() if t.review.last else None,
        },
        "accountability": t.accountability,
        "term": {
            "start": t.start.isoformat() if t.start else None,
            "end": t.end.isoformat() if t.end else None,
        },
    }


def _after(data: dict[str, Any], key: str, new: str, value: Any) -> dict[str, Any]:
    """`data` with `new` placed right after `key` (keys keep a fixed, readable order)."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        out[k] = v
        if k == key:
            out[new] = value
    return out


def _absolute(site_url: str | None, url: str) -> str:
    return f"{site_url}{url}" if site_url else f"/{url}"


def document_index(
    history: DocumentHistory, site_url: str | None, *, pdf: bool = True
) -> dict[str, Any]:
    """One document and its adopted versions with their in-force dates, as data."""
    latest = history.current.document if history.current else history.latest
    assert latest is not None
    spans = in_force_ranges(history.versions)
    versions = []
    for index, (published, span) in enumerate(zip(history.versions, spans, strict=True)):
        text = published.version.text
        row = {
            "version": text,
            "status": published.document.status,
            "adopted": published.date.isoformat(),
            "in_force": in_force_json(span),
            "url": _absolute(site_url, urls.version(history.id, text)),
            "data": _absolute(site_url, urls.data(history.id, text)),
            "changes": _absolute(site_url, urls.changes(history.id, text)) if index else None,
        }
        if pdf:
            row = _after(row, "data", "pdf", _absolute(site_url, urls.pdf(history.id, text)))
        versions.append(row)
    return {
        "id": history.id,
        "kind": latest.kind,
        "title": latest.title,
        "url": _absolute(site_url, urls.document(history.id)),
        "current_version": history.current.version.text if history.current else None,
        "feed": _absolute(site_url, urls.feed(history.id)) if history.current else None,
        "versions": versions,
    }


def index_json(document: dict[str, Any]) -> str:
    """A document's index file: its entry of the site index, with the data format."""
    return _dump({"format": DATA_FORMAT_VERSION, **document})


def site_index_json(
    histories: list[DocumentHistory], site_url: str | None, site_name: str, *, pdf: bool = True
) -> str:
    """Every document and every adopted version of the site, as data."""
    return _dump(
        {
            "format": DATA_FORMAT_VERSION,
            "community": site_name,
            "feed": _absolute(site_url, urls.SITE_FEED),
            "documents": [document_index(h, site_url, pdf=pdf) for h in histories],
        }
    )


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
