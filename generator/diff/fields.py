"""What changed in a document outside its articles: title, status, amendment rule, charter terms.

Each comparable value is flattened to (key, topic, label, shown value), so two
versions are compared key by key and a change is reported in words a reader knows
("Amendment rule: quorum", "Funding: Wexcombe Community Foundation"). Lists (the
methods of power transfer, the sources of funding) are keyed by what identifies an
item, so adding one source of funding reads as one addition, not as a shift of
every later item.

The version number, the decision record and the version's own summary are not
compared: they describe the new version rather than change its text, and the
renderings show them in the heading and decision record instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.diff.words import diff_words
from generator.model.changes import FieldChange
from generator.model.document import CharterTerms, Document


@dataclass(frozen=True, slots=True)
class _Value:
    key: str
    topic: str
    label: str
    shown: str


def field_changes(old: Document | None, new: Document | None) -> tuple[FieldChange, ...]:
    """The changed details of a document; none when either side is absent (added or removed)."""
    if old is None or new is None:
        return ()
    before = {v.key: v for v in _values(old)}
    after = {v.key: v for v in _values(new)}
    changes = []
    for key in merge_order(list(before), list(after)):
        was, now = before.get(key), after.get(key)
        if was is not None and now is not None and was.shown == now.shown:
            continue
        described = now or was
        assert described is not None
        old_text = was.shown if was else None
        new_text = now.shown if now else None
        changes.append(
            FieldChange(
                key,
                described.topic,
                described.label,
                old_text,
                new_text,
                diff_words(old_text or "", new_text or "").segments,
            )
        )
    return tuple(changes)


def merge_order(old: list[str], new: list[str]) -> list[str]:
    """Keys of both lists once each: the new order, with each key found only in the old list
    placed just after the key that preceded it there (or first, when nothing did)."""
    in_new = set(new)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for key in old:
        if key in in_new:
            anchor = key
        else:
            after.setdefault(anchor, []).append(key)
    merged = list(after.get(None, []))
    for key in new:
        merged.append(key)
        merged.extend(after.get(key, []))
    return merged


def _values(doc: Document) -> Iterator[_Value]:
    yield _Value("title", "Document", "title", doc.title)
    yield _Value("status", "Document", "status", doc.status)
    if doc.preamble is not None:
        yield _Value("preamble", "Document", "preamble", doc.preamble)
    rule = doc.amendment_rule
    if rule is not None:
        topic = "Amendment rule"
        yield _Value("amendment_rule.threshold", topic, "majority needed", rule.threshold.text)
        if rule.quorum is not None:
            yield _Value("amendment_rule.quorum", topic, "quorum", f"{rule.quorum} members")
        if rule.notice_days is not None:
            yield _Value("amendment_rule.notice_days", topic, "notice", f"{rule.notice_days} days")
        if rule.decided_by is not None:
            yield _Value("amendment_rule.decided_by", topic, "decided by", rule.decided_by)
    if doc.charter is not None:
        yield from _charter_values(doc.charter)


def _charter_values(terms: CharterTerms) -> Iterator[_Value]:
    def value(key: str, topic: str, label: str, shown: object) -> Iterator[_Value]:
        if shown is not None:
            yield _Value(f"charter.{key}", topic, label, _show(shown))

    yield from value("constitution", "Charter", "constitution it is made under", terms.constitution)
    yield from value(
        "commissioning_body", "Charter", "commissioning body", terms.commissioning_body
    )
    service = "Nature of the service"
    yield from value("service.name", service, "service", terms.service.name)
    yield from value("service.nature", service, "nature", terms.service.nature)
    yield from value("service.description", service, "description", terms.service.description)
    network = "Commissioning network"
    yield from value("network.type", network, "type", terms.network.kind)
    yield from value("network.members", network, "members", terms.network.members)
    yield from value("network.area", network, "area", terms.network.area)
    yield from value("network.interest", network, "interest", terms.network.interest)
    seen: dict[str, int] = {}
    for transfer in terms.power_transfer:
        seen[transfer.method] = seen.get(transfer.method, 0) + 1
        nth = seen[transfer.method]
        key = transfer.method if nth == 1 else f"{transfer.method}#{nth}"
        yield from value(
            f"power_transfer[{key}]",
            "Method of power transfer",
            transfer.method if nth == 1 else f"{transfer.method} ({nth})",
            f"{transfer.formality}: {transfer.description}",
        )
    depth = "Depth of participation"
    participation = terms.participation
    yield from value("participation.current", depth, "current rung", participation.current)
    yield from value("participation.target", depth, "target rung", participation.target)
    yield from value("participation.target_date", depth, "target date", participation.target_date)
    yield from value("participation.how", depth, "how it will move", participation.how)
    budget = terms.budget
    yield from value("budget.amount", "Budget", "amount", _amount(budget.amount))
    yield from value("budget.currency", "Budget", "currency", budget.currency)
    yield from value("budget.period", "Budget", "period", budget.period)
    for funding in budget.funding:
        shown = _amount(funding.amount) if funding.amount is not None else "no amount stated"
        yield from value(
            f"funding[{funding.source}/{funding.name}]",
            "Funding",
            f"{funding.name} ({funding.source})",
            shown,
        )
    yield from value("review.next", "Review", "next review", terms.review.next)
    yield from value("review.frequency", "Review", "frequency", terms.review.frequency)
    yield from value("review.last", "Review", "last review", terms.review.last)
    yield from value("accountability", "Charter", "accountability", terms.accountability)
    yield from value("term.start", "Term", "start", terms.start)
    yield from value("term.end", "Term", "end", terms.end)


def _show(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _amount(amount: float) -> str:
    """80000 -> "80,000"; 1250.5 -> "1,250.50": amounts as a treasurer writes them."""
    if float(amount).is_integer():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"
