"""Read a document file into the model: parse safely, check structure, build dataclasses.

`read_document` is the load stage of the pipeline. It takes bytes (from the working
tree or from a git blob) and returns the `Document` or the problems that stopped
it. Structure is checked by the JSON Schema before any dataclass is built, so the
builder below can trust the shape of the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.load import schema, yamlsafe
from generator.model.document import (
    AmendmentRule,
    Article,
    Budget,
    CharterTerms,
    Clause,
    Decision,
    Document,
    Funding,
    Network,
    Participation,
    PowerTransfer,
    Review,
    Section,
    Service,
    Threshold,
    Version,
    Votes,
    Withdrawal,
)
from generator.model.problems import NodePath, Problem


@dataclass(slots=True)
class ReadResult:
    """A document, or the problems that kept it from being read (or both: warnings)."""

    file: str
    text: str | None
    document: Document | None
    problems: list[Problem]
    # The id the file declares, when it has one but could not be built into a document.
    declared_id: str | None = None
    data: Any = None  # the checked data the document was built from (cacheable plain data)


def read_document(raw: bytes, file: str) -> ReadResult:
    """Load, check and build one document from the bytes of a YAML file."""
    try:
        text = yamlsafe.decode(raw)
        data = yamlsafe.load(text)
    except yamlsafe.YamlError as err:
        problem = Problem(file, err.message, line=err.line or 1, column=err.column or 1)
        return ReadResult(file, None, None, [problem])
    declared = data.get("id") if isinstance(data, dict) else None
    declared_id = declared if isinstance(declared, str) else None
    problems = schema.check(data, file)
    if problems:
        return ReadResult(file, text, None, problems, declared_id)
    try:
        document = build(data, file)
    except ValueError as err:  # a value the schema cannot express, e.g. a threshold
        path, message = err.args if len(err.args) == 2 else ((), str(err))
        return ReadResult(file, text, None, [Problem(file, message, path=path)], declared_id)
    return ReadResult(file, text, document, [], data=data)


def build(data: dict[str, Any], file: str = "") -> Document:
    """Schema-valid data to a `Document`."""
    charter = _charter(data) if data["kind"] == "charter" else None
    return Document(
        kind=data["kind"],
        id=data["id"],
        title=data["title"],
        version=Version(data["version"]),
        status=data["status"],
        articles=tuple(_article(a, ("articles", i)) for i, a in enumerate(data["articles"])),
        preamble=data.get("preamble"),
        summary=data.get("summary"),
        decision=_decision(data["decision"]) if "decision" in data else None,
        amendment_rule=_rule(data["amendment_rule"]) if "amendment_rule" in data else None,
        charter=charter,
        former_ids=tuple(data.get("former_ids", ())),
        withdrawn=tuple(_withdrawal(w) for w in data.get("withdrawn", ())),
        source=file,
    )


def _withdrawal(data: dict[str, Any]) -> Withdrawal:
    return Withdrawal(
        version=data["version"],
        reason=data["reason"],
        decided=date.fromisoformat(data["decided"]),
        body=data["body"],
        minutes=data.get("minutes"),
    )


def _clauses(items: list[dict[str, Any]], path: NodePath) -> tuple[Clause, ...]:
    return tuple(
        Clause(
            id=item["id"],
            text=item["text"],
            clauses=_clauses(item.get("clauses", []), (*path, i, "clauses")),
            path=(*path, i),
        )
        for i, item in enumerate(items)
    )


def _article(data: dict[str, Any], path: NodePath) -> Article:
    sections = tuple(
        Section(
            id=s["id"],
            title=s["title"],
            clauses=_clauses(s["clauses"], (*path, "sections", i, "clauses")),
            path=(*path, "sections", i),
        )
        for i, s in enumerate(data.get("sections", []))
    )
    return Article(
        id=data["id"],
        title=data["title"],
        clauses=_clauses(data.get("clauses", []), (*path, "clauses")),
        sections=sections,
        path=path,
    )


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _decision(data: dict[str, Any]) -> Decision:
    votes = data.get("votes")  # optional: an old version's vote may not be recorded
    return Decision(
        adopted=date.fromisoformat(data["adopted"]),
        body=data["body"],
        votes=Votes(votes["for"], votes["against"], votes.get("abstain", 0))
        if votes is not None
        else None,
        present=data.get("present"),
        proposal=data.get("proposal"),
        minutes=data.get("minutes"),
        summary=data.get("summary"),
        path=("decision",),
    )


def _rule(data: dict[str, Any]) -> AmendmentRule:
    try:
        threshold = Threshold.parse(data["threshold"])
    except ValueError as err:
        raise ValueError(
            ("amendment_rule", "threshold"), f"'threshold' (in amendment_rule): {err}."
        ) from None
    return AmendmentRule(
        threshold=threshold,
        quorum=data.get("quorum"),
        notice_days=data.get("notice_days"),
        decided_by=data.get("decided_by"),
        path=("amendment_rule",),
    )


def _charter(data: dict[str, Any]) -> CharterTerms:
    service = data["service"]
    network = data["network"]
    participation = data["participation"]
    budget = data["budget"]
    review = data["review"]
    term = data.get("term", {})
    return CharterTerms(
        constitution=data["constitution"],
        commissioning_body=data["commissioning_body"],
        service=Service(service["name"], service["nature"], service.get("description")),
        network=Network(
            kind=network["type"],
            members=network["members"],
            area=network.get("area"),
            interest=network.get("interest"),
        ),
        power_transfer=tuple(
            PowerTransfer(p["method"], p["formality"], p["description"])
            for p in data["power_transfer"]
        ),
        participation=Participation(
            current=participation["current"],
            target=participation["target"],
            target_date=_date(participation.get("target_date")),
            how=participation.get("how"),
        ),
        budget=Budget(
            amount=budget["amount"],
            currency=budget["currency"],
            period=budget["period"],
            funding=tuple(
                Funding(f["source"], f["name"], f.get("amount")) for f in budget["funding"]
            ),
        ),
        review=Review(
            next=date.fromisoformat(review["next"]),
            frequency=review.get("frequency"),
            last=_date(review.get("last")),
        ),
        accountability=data["accountability"],
        start=_date(term.get("start")),
        end=_date(term.get("end")),
    )
