"""Documents for tests: hypothesis strategies and small builders.

Real documents come from YAML; these build the model directly so that property
tests can explore shapes no example file has (ids reused at another level, clauses
moving between articles, a whole document re-wrapped).
"""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import strategies as st

from generator.model.document import (
    AmendmentRule,
    Article,
    Clause,
    Document,
    Section,
    Threshold,
    Version,
)

# Few ids and few words, so that two documents drawn independently share many of
# both: ids that move, change level, or name a different clause; texts that overlap.
IDS = tuple(f"p{i}" for i in range(14))
VOCABULARY = (
    "the",
    "members",
    "may",
    "vote",
    "meeting",
    "notice",
    "board",
    "shall",
    "quorum",
    "<b>",
    "*em*",
    "@team",
    "days;",
    "21",
    "[x](y)",
)
SPACES = (" ", "  ", "\n", " \n ")


@st.composite
def texts(draw: st.DrawFn, min_words: int = 1, max_words: int = 7) -> str:
    chosen = draw(st.lists(st.sampled_from(VOCABULARY), min_size=min_words, max_size=max_words))
    out = chosen[0] if chosen else ""
    for word in chosen[1:]:
        out += draw(st.sampled_from(SPACES)) + word
    return out


@st.composite
def documents(draw: st.DrawFn, ids: tuple[str, ...] = IDS) -> Document:
    pool = list(draw(st.permutations(ids)))

    def take() -> str | None:
        return pool.pop() if pool else None

    def clauses(depth: int, most: int) -> tuple[Clause, ...]:
        out = []
        for _ in range(draw(st.integers(0, most))):
            id_ = take()
            if id_ is None:
                break
            subs = clauses(depth + 1, 2) if depth < 3 else ()
            out.append(Clause(id_, draw(texts()), subs))
        return tuple(out)

    articles = []
    for _ in range(draw(st.integers(1, 4))):
        article_id = take()
        if article_id is None:
            break
        own = clauses(1, 3)
        sections = []
        for _ in range(draw(st.integers(0, 2))):
            section_id = take()
            if section_id is None:
                break
            sections.append(Section(section_id, draw(texts(1, 3)), clauses(1, 2)))
        articles.append(Article(article_id, draw(texts(1, 3)), own, tuple(sections)))
    rule = draw(
        st.none()
        | st.builds(lambda q: AmendmentRule(Threshold.parse("2/3"), q), st.integers(1, 30))
    )
    return Document(
        kind="constitution",
        id="test-constitution",
        title=draw(st.sampled_from(("Constitution", "Rules of the Club"))),
        version=Version(draw(st.sampled_from(("1", "1.1", "2")))),
        status=draw(st.sampled_from(("draft", "adopted"))),
        articles=tuple(articles),
        amendment_rule=rule,
    )


def rewrap(doc: Document, width: int = 3) -> Document:
    """The same document with every clause text re-wrapped: words unchanged, whitespace not."""

    def wrap(text: str) -> str:
        ws = re.findall(r"\S+", text)
        lines = [" ".join(ws[i : i + width]) for i in range(0, len(ws), width)]
        return "\n".join(lines) + "\n"

    def clauses(items: tuple[Clause, ...]) -> tuple[Clause, ...]:
        return tuple(replace(c, text=wrap(c.text), clauses=clauses(c.clauses)) for c in items)

    return replace(
        doc,
        articles=tuple(
            replace(
                a,
                clauses=clauses(a.clauses),
                sections=tuple(replace(s, clauses=clauses(s.clauses)) for s in a.sections),
            )
            for a in doc.articles
        ),
    )


def constitution(*articles: Article, version: str = "1", status: str = "adopted") -> Document:
    """A small document from hand-made articles."""
    return Document(
        kind="constitution",
        id="test-constitution",
        title="Constitution",
        version=Version(version),
        status=status,  # type: ignore[arg-type]
        articles=articles,
    )


def article(id_: str, title: str, *clauses: Clause, sections: tuple[Section, ...] = ()) -> Article:
    return Article(id_, title, clauses, sections)


def clause(id_: str, text: str, *subs: Clause) -> Clause:
    return Clause(id_, text, subs)


@st.composite
def amendments(draw: st.DrawFn) -> tuple[Document, Document]:
    """A document and an amendment of it: a few rewordings, insertions, removals and moves."""
    doc = draw(documents())
    # A mutable copy: each container is [id, text, kind, children...]
    tree = [
        [
            a.id,
            a.title,
            "article",
            [_mutable(c) for c in a.clauses],
            [[s.id, s.title, "section", [_mutable(c) for c in s.clauses]] for s in a.sections],
        ]
        for a in doc.articles
    ]
    fresh = iter(f"n{i}" for i in range(100))
    for _ in range(draw(st.integers(0, 6))):
        lists = _clause_lists(tree)
        op = draw(st.sampled_from(("reword", "insert", "remove", "move", "retitle")))
        filled = [lst for lst in lists if lst]
        if op == "retitle":
            target = draw(st.sampled_from(tree))
            target[1] = draw(texts(1, 3))
        elif op == "insert":
            where = draw(st.sampled_from(lists))
            where.insert(draw(st.integers(0, len(where))), [next(fresh), draw(texts()), []])
        elif filled:
            source = draw(st.sampled_from(filled))
            index = draw(st.integers(0, len(source) - 1))
            if op == "reword":
                ws = source[index][1].split()
                ws[draw(st.integers(0, len(ws) - 1))] = draw(st.sampled_from(VOCABULARY))
                source[index][1] = " ".join(ws)
            else:
                taken = source.pop(index)
                if op == "move":
                    inside = {id(lst) for lst in _clause_lists_of(taken)}
                    targets = [lst for lst in _clause_lists(tree) if id(lst) not in inside]
                    where = draw(st.sampled_from(targets))
                    where.insert(draw(st.integers(0, len(where))), taken)
    articles = tuple(
        Article(a[0], a[1], _frozen(a[3]), tuple(Section(s[0], s[1], _frozen(s[3])) for s in a[4]))
        for a in tree
    )
    return doc, replace(doc, articles=articles)


def _mutable(c: Clause) -> list:
    return [c.id, c.text, [_mutable(s) for s in c.clauses]]


def _frozen(items: list) -> tuple[Clause, ...]:
    return tuple(Clause(i, t, _frozen(subs)) for i, t, subs in items)


def _clause_lists_of(node: list) -> list[list]:
    found = [node[2]]
    for child in node[2]:
        found += _clause_lists_of(child)
    return found


def _clause_lists(tree: list) -> list[list]:
    """Every list that can hold clauses: an article's, a section's and each clause's."""
    found = []
    for a in tree:
        found.append(a[3])
        for c in a[3]:
            found += _clause_lists_of(c)
        for s in a[4]:
            found.append(s[3])
            for c in s[3]:
                found += _clause_lists_of(c)
    return found
