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

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from generator.diff.words import diff_segments
from generator.model.changes import FieldChange
from generator.model.document import CharterTerms, Document
from generator.support.i18n import N_
from generator.support.i18n import gettext as _


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
                diff_segments(old_text or "", new_text or ""),
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


# Values in words of this tool's, compared in English (the diff is made in no language)
# and put into the language of the page by `in_language`.
_UNITS = {
    "amendment_rule.quorum": N_("%(count)s members"),
    "amendment_rule.notice_days": N_("%(count)s days"),
}
NO_AMOUNT = N_("no amount stated")
_COUNT = re.compile(r"(\d+) \S+")


def in_language(key: str, value: str | None) -> str | None:
    """A detail's value as compared (in English) in the language in use: "20 members",
    "20 aelod". Values a document writes are returned as they are."""
    if value is None:
        return None
    if key in _UNITS and (match := _COUNT.fullmatch(value)):
        return _(_UNITS[key]) % {"count": match[1]}
    if key.startswith("charter.funding[") and value == NO_AMOUNT:
        return _(NO_AMOUNT)
    return value


def _values(doc: Document) -> Iterator[_Value]:
    yield _Value("title", N_("Document"), N_("title"), doc.title)
    yield _Value("status", N_("Document"), N_("status"), doc.status)
    if doc.preamble is not None:
        yield _Value("preamble", N_("Document"), N_("preamble"), doc.preamble)
    rule = doc.amendment_rule
    if rule is not None:
        topic = N_("Amendment rule")
        yield _Value("amendment_rule.threshold", topic, N_("majority needed"), rule.threshold.text)
        if rule.quorum is not None:
            quorum = _UNITS["amendment_rule.quorum"] % {"count": rule.quorum}
            yield _Value("amendment_rule.quorum", topic, N_("quorum"), quorum)
        if rule.notice_days is not None:
            yield _Value(
                "amendment_rule.notice_days",
                topic,
                N_("notice"),
                _UNITS["amendment_rule.notice_days"] % {"count": rule.notice_days},
            )
        if rule.decided_by is not None:
            yield _Value("amendment_rule.decided_by", topic, N_("decided by"), rule.decided_by)
    if doc.charter is not None:
        yield from _charter_values(doc.charter)


def _charter_values(terms: CharterTerms) -> Iterator[_Value]:
    def value(key: str, topic: str, label: str, shown: object) -> Iterator[_Value]:
        if shown is not None:
            yield _Value(f"charter.{key}", topic, label, _show(shown))

    yield from value(
        "constitution", N_("Charter"), N_("constitution it is made under"), terms.constitution
    )
    yield from value(
        "commissioning_body", N_("Charter"), N_("commissioning body"), terms.commissioning_body
    )
    service = N_("Nature of the service")
    yield from value("service.name", service, N_("service"), terms.service.name)
    yield from value("service.nature", service, N_("nature"), terms.service.nature)
    yield from value("service.description", service, N_("description"), terms.service.description)
    network = N_("Commissioning network")
    yield from value("network.type", network, N_("type"), terms.network.kind)
    yield from value("network.members", network, N_("members"), terms.network.members)
    yield from value("network.area", network, N_("area"), terms.network.area)
    yield from value("network.interest", network, N_("interest"), terms.network.interest)
    seen: dict[str, int] = {}
    for transfer in terms.power_transfer:
        seen[transfer.method] = seen.get(transfer.method, 0) + 1
        nth = seen[transfer.method]
        key = transfer.method if nth == 1 else f"{transfer.method}#{nth}"
        yield from value(
            f"power_transfer[{key}]",
            N_("Method of power transfer"),
            transfer.method if nth == 1 else f"{transfer.method} ({nth})",
            f"{transfer.formality}: {transfer.description}",
        )
    depth = N_("Depth of participation")
    participation = terms.participation
    yield from value("participation.current", depth, N_("current rung"), participation.current)
    yield from value("participation.target", depth, N_("target rung"), participation.target)
    yield from value(
        "participation.target_date", depth, N_("target date"), participation.target_date
    )
    yield from value("participation.how", depth, N_("how it will move"), participation.how)
    budget = terms.budget
    yield from value("budget.amount", N_("Budget"), N_("amount"), _amount(budget.amount))
    yield from value("budget.currency", N_("Budget"), N_("currency"), budget.currency)
    yield from value("budget.period", N_("Budget"), N_("period"), budget.period)
    for funding in budget.funding:
        shown = _amount(funding.amount) if funding.amount is not None else NO_AMOUNT
        yield from value(
            f"funding[{funding.source}/{funding.name}]",
            N_("Funding"),
            f"{funding.name} ({funding.source})",
            shown,
        )
    yield from value("review.next", N_("Review"), N_("next review"), terms.review.next)
    yield from value("review.frequency", N_("Review"), N_("frequency"), terms.review.frequency)
    yield from value("review.last", N_("Review"), N_("last review"), terms.review.last)
    yield from value("accountability", N_("Charter"), N_("accountability"), terms.accountability)
    yield from value("term.start", N_("Term"), N_("start"), terms.start)
    yield from value("term.end", N_("Term"), N_("end"), terms.end)


def _show(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _amount(amount: float) -> str:
    """80000 -> "80,000"; 1250.5 -> "1,250.50": amounts as a treasurer writes them."""
    if float(amount).is_integer():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"
