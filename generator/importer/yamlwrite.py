"""Write a `Document` as YAML that people can read and edit, and that loads back equal.

Why it is written this way:

* The output is what a volunteer sees in their editor and in a pull request, so it
  is block style, keys in the order of the schema, two-space indents, and long
  texts folded at a readable width. Texts that already have line breaks (a
  preamble of several paragraphs) are written as literal blocks, so the breaks
  stay where they were.
* The same document always gives the same bytes (no timestamps, no dict-order
  surprises), so an import that changes nothing commits nothing.
* The first line names the JSON Schema for editors (`yaml-language-server`).
* Quoting is left to ruamel.yaml's emitter, which knows exactly when a value would
  be read back as something else ("1", "yes", "- text", ": "). Tests load every
  written file with `generator.documents.read_document` and compare.
"""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from generator.model.document import (
    AmendmentRule,
    Article,
    CharterTerms,
    Clause,
    Decision,
    Document,
    Numbering,
    NumberingLevel,
    Section,
)

WIDTH = 88
# Where the schemas live relative to constitutions/ in a community repository
# (`charters init` copies them to schema/).
DEFAULT_SCHEMA_REF = "../schema/{kind}.schema.json"

# Characters a literal block cannot carry faithfully: YAML normalises these line
# breaks, and a tab or a leading space needs quoting to survive.
_NOT_LITERAL = set("\t\ufeff")
_ODD_BREAKS = set("\r\x85\u2028\u2029")
_SPACE_RUN = re.compile(r"[ \t]{2}")
# ruamel leaves a space at the end of a line where it folds a long plain text. Folding
# drops it on reading anyway, so it goes (except after a backslash, where "\ " is an
# escaped space); literal blocks are only used for text with no trailing spaces.
_TRAILING_SPACES = re.compile(r"(?<!\\) +$", re.MULTILINE)


def dump_document(doc: Document, schema_ref: str | None = None) -> str:
    """The YAML text of `doc`, starting with the schema comment for editors."""
    ref = (schema_ref or DEFAULT_SCHEMA_REF).format(kind=doc.kind)
    stream = StringIO()
    stream.write(f"# yaml-language-server: $schema={ref}\n")
    _yaml().dump(document_data(doc), stream)
    return _TRAILING_SPACES.sub("", stream.getvalue())


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    return yaml


def document_data(doc: Document) -> CommentedMap:
    """The document as ordered YAML data, keys in the order the schema lists them."""
    data = CommentedMap()
    data["kind"] = doc.kind
    data["id"] = doc.id
    data["title"] = _text(doc.title)
    data["version"] = DoubleQuotedScalarString(doc.version.text)
    data["status"] = doc.status
    if doc.summary is not None:
        data["summary"] = _text(doc.summary)
    if doc.charter is not None:
        _charter(doc.charter, data)
    if doc.decision is not None:
        data["decision"] = _decision(doc.decision)
    if doc.amendment_rule is not None:
        data["amendment_rule"] = _rule(doc.amendment_rule)
    if doc.preamble is not None:
        data["preamble"] = _text(doc.preamble)
    if doc.numbering is not None:
        data["numbering"] = _numbering(doc.numbering)
    data["articles"] = [_article(article) for article in doc.articles]
    return data


def _text(text: str) -> str:
    """Multi-line text as a literal block where that is faithful; else let the emitter choose.

    Line breaks other than "\n" (NEL, LS, PS, CR) are read differently by YAML 1.1
    and 1.2 parsers, so text holding them is always double-quoted, where they are
    written as escapes.
    """
    chars = set(text)
    if _ODD_BREAKS & chars:
        return DoubleQuotedScalarString(text)
    if "\n" in text and not (_NOT_LITERAL & chars) and _literal_safe(text):
        return LiteralScalarString(text)
    if _SPACE_RUN.search(text):
        # The plain style folds long lines at spaces and loses the second of two
        # spaces at a fold; quoted styles keep them.
        return DoubleQuotedScalarString(text)
    return text


def _literal_safe(text: str) -> bool:
    """A literal block keeps text exactly unless it starts with a space or a line ends in one."""
    if text[:1] in (" ", "\n"):
        return False
    if any(line != line.rstrip(" ") for line in text.split("\n")):
        return False
    return all(ch.isprintable() or ch == "\n" for ch in text)


def _clause(clause: Clause) -> CommentedMap:
    data = CommentedMap()
    data["id"] = clause.id
    if clause.number is not None:
        data["number"] = DoubleQuotedScalarString(clause.number)
    data["text"] = _text(clause.text)
    if clause.clauses:
        data["clauses"] = [_clause(c) for c in clause.clauses]
    return data


def _section(section: Section) -> CommentedMap:
    data = CommentedMap()
    data["id"] = section.id
    if section.number is not None:
        data["number"] = DoubleQuotedScalarString(section.number)
    if section.word is not None:
        data["word"] = section.word
    data["title"] = _text(section.title)
    data["clauses"] = [_clause(c) for c in section.clauses]
    return data


def _article(article: Article) -> CommentedMap:
    data = CommentedMap()
    data["id"] = article.id
    if article.number is not None:
        data["number"] = DoubleQuotedScalarString(article.number)
    if article.word is not None:
        data["word"] = article.word
    data["title"] = _text(article.title)
    if article.clauses or not article.sections:
        # The schema needs 'clauses' or 'sections'; an empty article keeps an empty list
        # so that it still loads (and validation warns that it is empty).
        data["clauses"] = [_clause(c) for c in article.clauses]
    if article.sections:
        data["sections"] = [_section(s) for s in article.sections]
    return data


def _decision(decision: Decision) -> CommentedMap:
    data = CommentedMap()
    data["adopted"] = decision.adopted.isoformat()
    data["body"] = _text(decision.body)
    if decision.votes is not None:
        votes = CommentedMap()
        votes["for"] = decision.votes.in_favour
        votes["against"] = decision.votes.against
        if decision.votes.abstaining:
            votes["abstain"] = decision.votes.abstaining
        data["votes"] = votes
    _optional(data, "present", decision.present)
    _optional(data, "proposal", decision.proposal)
    _optional(data, "minutes", decision.minutes)
    if decision.summary is not None:
        data["summary"] = _text(decision.summary)
    return data


def _rule(rule: AmendmentRule) -> CommentedMap:
    data = CommentedMap()
    data["threshold"] = DoubleQuotedScalarString(rule.threshold.text)
    _optional(data, "quorum", rule.quorum)
    _optional(data, "notice_days", rule.notice_days)
    if rule.decided_by is not None:
        data["decided_by"] = _text(rule.decided_by)
    return data


def _charter(terms: CharterTerms, data: CommentedMap) -> None:
    data["constitution"] = terms.constitution
    data["commissioning_body"] = _text(terms.commissioning_body)
    service = CommentedMap()
    service["name"] = _text(terms.service.name)
    service["nature"] = terms.service.nature
    _optional(service, "description", terms.service.description)
    data["service"] = service
    network = CommentedMap()
    network["type"] = terms.network.kind
    _optional(network, "area", terms.network.area)
    _optional(network, "interest", terms.network.interest)
    network["members"] = _text(terms.network.members)
    data["network"] = network
    transfers = []
    for transfer in terms.power_transfer:
        item = CommentedMap()
        item["method"] = transfer.method
        item["formality"] = transfer.formality
        item["description"] = _text(transfer.description)
        transfers.append(item)
    data["power_transfer"] = transfers
    participation = CommentedMap()
    participation["current"] = terms.participation.current
    participation["target"] = terms.participation.target
    if terms.participation.target_date is not None:
        participation["target_date"] = terms.participation.target_date.isoformat()
    _optional(participation, "how", terms.participation.how)
    data["participation"] = participation
    budget = CommentedMap()
    budget["amount"] = terms.budget.amount
    budget["currency"] = terms.budget.currency
    budget["period"] = terms.budget.period
    funding = []
    for source in terms.budget.funding:
        item = CommentedMap()
        item["source"] = source.source
        item["name"] = _text(source.name)
        _optional(item, "amount", source.amount)
        funding.append(item)
    budget["funding"] = funding
    data["budget"] = budget
    review = CommentedMap()
    review["next"] = terms.review.next.isoformat()
    _optional(review, "frequency", terms.review.frequency)
    if terms.review.last is not None:
        review["last"] = terms.review.last.isoformat()
    data["review"] = review
    if terms.start is not None:
        term = CommentedMap()
        term["start"] = terms.start.isoformat()
        if terms.end is not None:
            term["end"] = terms.end.isoformat()
        data["term"] = term
    data["accountability"] = _text(terms.accountability)


def _numbering(numbering: Numbering) -> CommentedMap:
    data = CommentedMap()
    for key in ("articles", "sections", "clauses"):
        level = getattr(numbering, key)
        if level is not None:
            data[key] = _level(level)
    if numbering.sub_clauses:
        data["sub_clauses"] = [_level(level) for level in numbering.sub_clauses]
    return data


def _level(level: NumberingLevel) -> CommentedMap:
    """Only what differs from a plain arabic count, so the file says what is special."""
    data = CommentedMap()
    if level.style != "arabic":
        data["style"] = level.style
    if level.start != 1:
        data["start"] = level.start
    if level.brackets:
        data["brackets"] = True
    if level.separator != ".":
        data["separator"] = DoubleQuotedScalarString(level.separator)
    if level.word is not None:
        data["word"] = level.word
    return data


def _optional(data: CommentedMap, key: str, value: Any) -> None:
    if value is None:
        return
    data[key] = _text(value) if isinstance(value, str) else value
