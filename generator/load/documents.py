"""Read a document file into the model: parse safely, check structure, build dataclasses.

`read_document` is the load stage of the pipeline. It takes bytes (from the working
tree or from a git blob) and returns the `Document` or the problems that stopped
it. Structure is checked by the JSON Schema before any dataclass is built, so the
builder below can trust the shape of the data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

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
    Numbering,
    NumberingLevel,
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
    # The parser and the schema are loaded on first use: a document found in a cache
    # (`generator.load.cached`) needs neither, and `charters diff` starts faster.
    from generator.load import schema, yamlsafe

    try:
        text = yamlsafe.decode(raw)
        data = yamlsafe.load(text)
    except yamlsafe.YamlError as err:
        problem = Problem(file, err.message, line=err.line or 1, column=err.column or 1)
        return ReadResult(file, None, None, [problem])
    declared = data.get("id") if isinstance(data, dict) else None
    declared_id = declared if isinstance(declared, str) else None
    problems = _control_characters(data, file) or schema.check(data, file)
    if problems:
        return ReadResult(file, text, None, problems, declared_id)
    try:
        document = build(data, file)
    except ValueError as err:  # a value the schema cannot express, e.g. a threshold
        path, message = err.args if len(err.args) == 2 else ((), str(err))
        return ReadResult(file, text, None, [Problem(file, message, path=path)], declared_id)
    return ReadResult(file, text, document, cut_texts(text, file), data=data)


# The keys whose values are prose, where a " #" is far more likely meant as text
# ("Room #3") than as a comment.
TEXT_KEYS = frozenset(
    {
        "title",
        "text",
        "preamble",
        "summary",
        "description",
        "commissioning_body",
        "accountability",
        "members",
        "area",
        "interest",
        "how",
        "body",
    }
)


def cut_texts(text: str, file: str) -> list[Problem]:
    """An error for each unquoted text that YAML cut short at a ` #` (read as a comment)."""
    from generator.load import yamlsafe

    problems = []
    for cut in yamlsafe.comments_after_text(text, TEXT_KEYS):
        key = cut.path[-1]
        whole = f"{cut.kept} {cut.lost}"
        quote = "'" if '"' in whole else '"'
        problems.append(
            Problem(
                file,
                f"YAML reads ' #' as the start of a comment, so this {key} ends at "
                f"{cut.kept[-30:]!r} and {cut.lost[:40]!r} is lost. Put the text in quotes: "
                f"{key}: {quote}{whole}{quote}",
                line=cut.line,
                column=cut.column,
                path=cut.path,
            )
        )
    return problems


# Control characters other than tab and line breaks (NEL, U+0085, is one in YAML):
# invisible on a page, and in a terminal (charters diff) they can move the cursor,
# retitle the window or hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _control_characters(data: Any, file: str) -> list[Problem]:
    """One problem per key or text holding a control character, at that value."""
    problems: list[Problem] = []
    pending: list[tuple[Any, NodePath]] = [(data, ())]
    while pending:
        value, path = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _CONTROL.search(key):
                    problems.append(_control_problem(file, key, (*path, key), "key"))
                pending.append((item, (*path, key)))
        elif isinstance(value, list):
            pending.extend((item, (*path, i)) for i, item in enumerate(value))
        elif isinstance(value, str) and _CONTROL.search(value):
            problems.append(_control_problem(file, value, path, "value"))
    return problems


def _control_problem(file: str, text: str, path: NodePath, at: str) -> Problem:
    found = _CONTROL.search(text)
    assert found is not None
    return Problem(
        file,
        f"this text holds an invisible control character (U+{ord(found.group()):04X}), "
        "usually pasted from another program; delete it.",
        path=path,
        at=at,  # type: ignore[arg-type]
    )


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
        numbering=_numbering(data["numbering"]) if "numbering" in data else None,
        former_ids=tuple(data.get("former_ids", ())),
        withdrawn=tuple(_withdrawal(w) for w in data.get("withdrawn", ())),
        language=data.get("language"),
        authoritative=tuple(data.get("authoritative", ())),
        source=file,
    )


def _numbering(data: dict[str, Any]) -> Numbering:
    def level(item: dict[str, Any] | None) -> NumberingLevel | None:
        if item is None:
            return None
        return NumberingLevel(
            style=item.get("style", "arabic"),
            start=item.get("start", 1),
            brackets=item.get("brackets", False),
            separator=item.get("separator", "."),
            word=item.get("word"),
        )

    return Numbering(
        articles=level(data.get("articles")),
        sections=level(data.get("sections")),
        clauses=level(data.get("clauses")),
        sub_clauses=tuple(lv for lv in map(level, data.get("sub_clauses", [])) if lv),
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
    # A plain loop, and no call for a clause without sub-clauses (most of them): this
    # runs once per provision of every version in a history.
    built = []
    for i, item in enumerate(items):
        here = (*path, i)
        subs = item.get("clauses")
        built.append(
            Clause(
                id=item["id"],
                text=item["text"],
                clauses=_clauses(subs, (*here, "clauses")) if subs else (),
                path=here,
                number=item.get("number"),
            )
        )
    return tuple(built)


def _article(data: dict[str, Any], path: NodePath) -> Article:
    sections = tuple(
        Section(
            id=s["id"],
            title=s["title"],
            clauses=_clauses(s["clauses"], (*path, "sections", i, "clauses")),
            path=(*path, "sections", i),
            number=s.get("number"),
            word=s.get("word"),
        )
        for i, s in enumerate(data.get("sections", []))
    )
    return Article(
        id=data["id"],
        title=data["title"],
        clauses=_clauses(data.get("clauses", []), (*path, "clauses")),
        sections=sections,
        path=path,
        number=data.get("number"),
        word=data.get("word"),
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
