"""Domain rules: what a constitution or charter must satisfy beyond its structure.

Each rule returns problems as values; nothing here raises. Rules about one
document are in `check_document`; rules that need every document of the
repository (unique ids, citations, a charter's constitution) are in
`check_repository`. History rules (versions along git history) live with the
history stage.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import PurePath

from generator.model import markup
from generator.model.document import (
    PARTICIPATION_LADDER,
    PUBLISHED_STATUSES,
    AmendmentRule,
    Clause,
    Document,
)
from generator.model.problems import NodePath, Problem
from generator.validate import integrity, numbering_rules

MAX_SUBCLAUSE_DEPTH = 3
# Document ids become the first part of a web address; these are taken by the site.
RESERVED_DOCUMENT_IDS = frozenset(
    {
        "schema",
        "assets",
        "search",
        "stylesheets",
        "javascripts",
        "feeds",
        "changes",
        "404",
        "index",
        "readme",  # index.md and README.md are the home page of a folder
    }
)


def check_document(doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    problems += _unique_ids(doc)
    problems += _nesting(doc)
    problems += _empty_containers(doc)
    problems += _text_safety(doc)
    problems += _charter_sense(doc)
    problems += numbering_rules.check_numbering(doc)
    problems += integrity.check_document(doc, text_fields(doc))
    if doc.id in RESERVED_DOCUMENT_IDS:
        problems.append(
            Problem(
                doc.source,
                f"the id '{doc.id}' is reserved for the website's own pages; choose another.",
                path=("id",),
            )
        )
    return problems


def check_repository(docs: list[Document], unreadable: Collection[str] = ()) -> list[Problem]:
    """Rules across documents. `docs` are the documents that loaded without errors.

    `unreadable` holds the ids of documents whose files have errors of their own.
    A reference to one of them is not reported: it may well be right, and saying
    "there is no such document" about a file the volunteer can see would mislead.
    The errors in that file fail the run already.
    """
    problems: list[Problem] = []
    by_id: dict[str, Document] = {}
    for doc in docs:
        file_name = PurePath(doc.source).name
        if PurePath(doc.source).stem != doc.id:
            problems.append(
                Problem(
                    doc.source,
                    f"the id '{doc.id}' does not match the file name '{file_name}'; "
                    f"rename the file to '{doc.id}.yaml' or change the id.",
                    path=("id",),
                )
            )
        if doc.id in by_id:
            problems.append(
                Problem(
                    doc.source,
                    f"the document id '{doc.id}' is already used by {by_id[doc.id].source}; "
                    "every document needs its own id.",
                    path=("id",),
                )
            )
        else:
            by_id[doc.id] = doc
    for doc in docs:
        problems += _citations(doc, by_id, unreadable)
        problems += _charter_constitution(doc, by_id, unreadable)
    return problems


# --- one document -------------------------------------------------------------


def _unique_ids(doc: Document) -> list[Problem]:
    seen: dict[str, NodePath] = {}
    problems = []
    for provision in doc.provisions():
        if provision.id in seen:
            problems.append(
                Problem(
                    doc.source,
                    f"the id '{provision.id}' is used twice in this document; ids must be "
                    "unique so that links to each clause keep working.",
                    path=(*provision.path, "id"),
                )
            )
        else:
            seen[provision.id] = provision.path
    return problems


def _nesting(doc: Document) -> list[Problem]:
    problems = []

    def walk(clauses: tuple[Clause, ...], depth: int) -> None:
        for clause in clauses:
            if depth > MAX_SUBCLAUSE_DEPTH and clause.clauses:
                problems.append(
                    Problem(
                        doc.source,
                        f"clauses may have sub-clauses only {MAX_SUBCLAUSE_DEPTH} levels deep; "
                        "move these into clauses of their own.",
                        path=(*clause.path, "clauses"),
                    )
                )
                continue
            walk(clause.clauses, depth + 1)

    for article in doc.articles:
        walk(article.clauses, 1)
        for section in article.sections:
            walk(section.clauses, 1)
    return problems


def _empty_containers(doc: Document) -> list[Problem]:
    problems = []
    for article in doc.articles:
        if not article.clauses and not article.sections:
            problems.append(
                Problem(
                    doc.source,
                    f"article '{article.id}' has no clauses.",
                    "warning",
                    path=article.path,
                )
            )
        for section in article.sections:
            if not section.clauses:
                problems.append(
                    Problem(
                        doc.source,
                        f"section '{section.id}' has no clauses.",
                        "warning",
                        path=section.path,
                    )
                )
    return problems


def text_fields(doc: Document) -> Iterator[tuple[NodePath, str]]:
    """Every piece of free text in a document, with its path."""
    if doc.preamble:
        yield ("preamble",), doc.preamble
    if doc.summary:
        yield ("summary",), doc.summary
    if doc.decision and doc.decision.summary:
        yield ("decision", "summary"), doc.decision.summary
    for provision in doc.provisions():
        if isinstance(provision, Clause):
            yield (*provision.path, "text"), provision.text
        else:
            yield (*provision.path, "title"), provision.title
    terms = doc.charter
    if terms is None:
        return
    yield ("commissioning_body",), terms.commissioning_body
    yield ("accountability",), terms.accountability
    if terms.service.description:
        yield ("service", "description"), terms.service.description
    yield ("network", "members"), terms.network.members
    if terms.network.area:
        yield ("network", "area"), terms.network.area
    if terms.network.interest:
        yield ("network", "interest"), terms.network.interest
    for i, transfer in enumerate(terms.power_transfer):
        yield ("power_transfer", i, "description"), transfer.description
    if terms.participation.how:
        yield ("participation", "how"), terms.participation.how


def _text_safety(doc: Document) -> list[Problem]:
    problems = []
    for path, text in text_fields(doc):
        if "<" not in text and ":" not in text and "=" not in text:
            continue
        dangerous = markup.dangerous_in(text)
        if dangerous:
            problems.append(
                Problem(
                    doc.source,
                    f"this text contains {dangerous[0]!r}, which could run a script in a reader's "
                    "browser; remove it. Documents may hold only text and simple Markdown.",
                    path=path,
                )
            )
            continue
        html = markup.html_in(text)
        if html:
            problems.append(
                Problem(
                    doc.source,
                    f"HTML such as {html[0]!r} is not allowed in text; it will be shown as typed, "
                    "not as formatting. Use Markdown: *emphasis*, **strong**, [link](https://...).",
                    "warning",
                    path=path,
                )
            )
    return problems


OWN_RULE = "this document's own amendment rule"


def vote_problems(
    doc: Document, rule: AmendmentRule | None, rule_name: str = OWN_RULE
) -> list[Problem]:
    """The recorded vote must meet the amendment rule in force and its quorum; numbers must add up.

    Which rule is in force depends on history (the rule of the version being amended),
    so the caller chooses it; without history it is the document's own rule. A
    published version whose vote was never recorded (an old version brought in by
    `charters import-history`) cannot be checked: that is worth a warning, not an
    error, since inventing a vote would be worse than admitting it is missing.
    """
    decision = doc.decision
    if decision is None:
        return []
    if decision.votes is None:
        if rule is not None and doc.status in PUBLISHED_STATUSES:
            return [
                Problem(
                    doc.source,
                    "the vote that adopted this version is not recorded, so it cannot be "
                    "checked against the amendment rule; add 'votes' (for, against, abstain) "
                    "if the minutes give them.",
                    "warning",
                    path=("decision",),
                )
            ]
        return []
    votes = decision.votes
    problems = []
    path = ("decision", "votes")
    if (
        decision.present is not None
        and votes.in_favour + votes.against + votes.abstaining > decision.present
    ):
        total = votes.in_favour + votes.against + votes.abstaining
        problems.append(
            Problem(
                doc.source,
                f"{total} votes are recorded but only {decision.present} members were present.",
                path=path,
            )
        )
    if rule is None:
        return problems
    if not rule.threshold.is_met(votes):
        needed = rule.threshold.votes_needed(votes.cast)
        problems.append(
            Problem(
                doc.source,
                f"the vote does not meet {rule_name}: {votes.in_favour} for and {votes.against} "
                f"against, but a threshold of {rule.threshold.text} of votes cast needs at least "
                f"{needed} for out of {votes.cast}. Abstentions are not votes cast.",
                path=path,
            )
        )
    if rule.quorum is not None:
        if decision.present is None:
            problems.append(
                Problem(
                    doc.source,
                    f"the amendment rule sets a quorum of {rule.quorum}, so the decision should "
                    "record how many members were 'present'.",
                    "warning",
                    path=("decision",),
                )
            )
        elif decision.present < rule.quorum:
            problems.append(
                Problem(
                    doc.source,
                    f"the quorum was not met: {decision.present} members were present, but "
                    f"{rule_name} needs at least {rule.quorum}.",
                    path=("decision", "present"),
                )
            )
    return problems


def _charter_sense(doc: Document) -> list[Problem]:
    terms = doc.charter
    if terms is None:
        return []
    problems = []
    p = terms.participation
    if PARTICIPATION_LADDER.index(p.target) < PARTICIPATION_LADDER.index(p.current):
        problems.append(
            Problem(
                doc.source,
                f"the target depth of participation ('{p.target}') is lower on the ladder than "
                f"the current one ('{p.current}'); participation is meant to deepen over time.",
                "warning",
                path=("participation", "target"),
            )
        )
    funded = sum(f.amount or 0 for f in terms.budget.funding)
    if funded > terms.budget.amount + 0.005:
        problems.append(
            Problem(
                doc.source,
                f"the funding sources add up to {funded:,.2f}, more than the budget of "
                f"{terms.budget.amount:,.2f}.",
                "warning",
                path=("budget", "funding"),
            )
        )
    if terms.start and terms.end and terms.end < terms.start:
        problems.append(
            Problem(doc.source, "the term ends before it starts.", path=("term", "end"))
        )
    return problems


# --- across documents ------------------------------------------------------------


def _citations(
    doc: Document, by_id: dict[str, Document], unreadable: Collection[str]
) -> list[Problem]:
    problems = []
    own_ids: set[str] | None = None
    for path, text in text_fields(doc):
        if "[[" not in text:
            continue
        for citation in markup.citations(text):
            target_id = citation.document or doc.id
            target = by_id.get(target_id)
            if target is None and target_id in unreadable:
                continue
            if target is None:
                hint = _close(target_id, by_id)
                problems.append(
                    Problem(
                        doc.source,
                        f"the citation [[{citation.document}#{citation.clause}]] names a document "
                        f"'{target_id}' that does not exist.{hint}",
                        path=path,
                    )
                )
                continue
            if target is doc:
                own_ids = own_ids if own_ids is not None else doc.ids()
                ids = own_ids
            else:
                ids = target.ids()
            if citation.clause not in ids:
                hint = _close(citation.clause, ids)
                problems.append(
                    Problem(
                        doc.source,
                        f"the citation [[{citation.document}#{citation.clause}]] names a clause "
                        f"'{citation.clause}' that is not in '{target_id}'.{hint}",
                        path=path,
                    )
                )
    return problems


def _charter_constitution(
    doc: Document, by_id: dict[str, Document], unreadable: Collection[str]
) -> list[Problem]:
    if doc.charter is None:
        return []
    name = doc.charter.constitution
    target = by_id.get(name)
    if target is None and name in unreadable:
        return []
    if target is None:
        return [
            Problem(
                doc.source,
                f"this charter is made under '{name}', but there is no document with that id."
                f"{_close(name, by_id)}",
                path=("constitution",),
            )
        ]
    if target.kind != "constitution":
        return [
            Problem(
                doc.source,
                f"this charter is made under '{name}', but that document is a {target.kind}, "
                "not a constitution.",
                path=("constitution",),
            )
        ]
    return []


def _close(word: str, options: object) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)  # type: ignore[call-overload]
    return f" Did you mean '{close[0]}'?" if close else ""
