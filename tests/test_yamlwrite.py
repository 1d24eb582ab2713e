"""yamlwrite: a Document written as YAML loads back into an equal Document."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importer.yamlwrite import dump_document
from generator.load.documents import read_document
from generator.model.document import (
    PARTICIPATION_LADDER,
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
)


def _load(text: str) -> Document:
    result = read_document(text.encode("utf-8"), "doc.yaml")
    assert result.problems == [], [p.message for p in result.problems]
    assert result.document is not None
    return result.document


def _example() -> Document:
    return Document(
        kind="constitution",
        id="millbrook",
        title="Constitution of the Millbrook Residents' Association",
        version=Version("2.1"),
        status="adopted",
        preamble="We, the residents of Millbrook,\nagree this constitution.\n\nSecond paragraph.",
        summary="Adds a clause on notice: 21 days, not 14.",
        decision=Decision(
            adopted=date(2024, 5, 1),
            body="Annual general meeting",
            votes=Votes(30, 4, 2),
            present=40,
            proposal="https://example.org/pr/12",
        ),
        amendment_rule=AmendmentRule(Threshold.parse("2/3"), quorum=10),
        articles=(
            Article(
                id="name",
                title="Name",
                clauses=(
                    Clause(
                        "name-of-group",
                        "The name is *Millbrook*: see [the map](https://example.org/map). "
                        + "It is a long sentence that goes on well past the width of one line "
                        + "so that the writer has to fold it.",
                    ),
                ),
            ),
            Article(
                id="meetings",
                title="Meetings",
                sections=(
                    Section(
                        "agm",
                        "Annual general meeting",
                        (
                            Clause(
                                "agm-held",
                                "yes",
                                (Clause("agm-notice", "- 14 days"), Clause("agm-n", "1")),
                            ),
                        ),
                    ),
                ),
            ),
            Article(id="empty", title="Reserved"),
        ),
    )


def test_output_starts_with_the_schema_line_and_uses_block_style() -> None:
    text = dump_document(_example())
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/constitution.schema.json"
    )
    assert "{" not in text.split("votes:")[0]  # block style, no flow mappings for the body
    assert 'version: "2.1"' in text
    assert "preamble: |" in text
    assert all(len(line) <= 100 for line in text.splitlines())


def test_example_round_trips() -> None:
    doc = _example()
    text = dump_document(doc)
    assert _load(text) == doc
    assert dump_document(_load(text)) == text  # the same document gives the same bytes


def test_an_unrecorded_vote_is_left_out() -> None:
    doc = _example()
    decision = Decision(adopted=date(1788, 6, 21), body="Not recorded (imported)")
    doc = Document(**{**_doc_fields(doc), "decision": decision})
    text = dump_document(doc)
    assert "votes" not in text
    assert _load(text) == doc


def _doc_fields(doc: Document) -> dict[str, object]:
    return {name: getattr(doc, name) for name in Document.__dataclass_fields__}


# --- property: any schema-valid document round-trips -----------------------------

# Text that stresses quoting: YAML keywords, indicators, numbers, line breaks, unicode.
_tricky = st.sampled_from(
    [
        "yes",
        "no",
        "null",
        "~",
        "1",
        "1.0",
        "0x1F",
        "2024-01-01",
        "- item",
        "? key",
        ": value",
        "a: b",
        "a #b",
        "#hash",
        "'quoted'",
        '"double"',
        "|",
        ">",
        "*alias",
        "&anchor",
        "!tag",
        "%",
        "@",
        "`",
        "{a: 1}",
        "[1, 2]",
        "line\nbreak",
        "two\n\nparagraphs",
        "trailing \nspace",
        " leading",
        "trailing ",
        "tab\there",
        "end\n",
        "crlf\r\nline",
        "nel\x85x",
        "ls\u2028x",
        "bom\ufeffx",
        "é ü ß 中文 🙂",
        "x" * 300,
        "two  spaces before a fold " + "y" * 90,
    ]
)
# Control characters other than tab and line breaks (NEL included) are refused on load.
_CONTROL = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_text_chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=_CONTROL + "".join(chr(c) for c in range(0x7F, 0xA0) if c != 0x85),
)
_free_text = st.text(_text_chars, min_size=1, max_size=120)
text_st = st.one_of(_tricky, _free_text, st.lists(_tricky, min_size=2, max_size=4).map(" ".join))
line_st = st.one_of(_tricky, st.text(_text_chars, min_size=1, max_size=80))
link_st = st.sampled_from(["https://example.org/a", "http://x.test/p?q=1&r=2#frag"])
date_st = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
version_st = st.sampled_from(["0", "1", "2.1", "10.0.3", "999999"]).map(Version)


@st.composite
def clause_tree(draw: st.DrawFn, depth: int = 0) -> Clause:
    children = ()
    if depth < 3:
        children = tuple(draw(st.lists(clause_tree(depth + 1), max_size=2)))
    return Clause(id="", text=draw(text_st), clauses=children)


def _number(doc_articles: tuple[Article, ...]) -> tuple[Article, ...]:
    """Give every provision a unique slug id, in reading order."""
    counter = iter(range(1, 100_000))

    def clause(c: Clause) -> Clause:
        return Clause(f"c-{next(counter)}", c.text, tuple(clause(x) for x in c.clauses))

    out = []
    for article in doc_articles:
        sections = tuple(
            Section(f"s-{next(counter)}", s.title, tuple(clause(c) for c in s.clauses))
            for s in article.sections
        )
        out.append(
            Article(
                f"a-{next(counter)}",
                article.title,
                tuple(clause(c) for c in article.clauses),
                sections,
            )
        )
    return tuple(out)


section_st = st.builds(
    lambda title, clauses: Section("", title, tuple(clauses)),
    line_st,
    st.lists(clause_tree(), max_size=3),
)
article_st = st.builds(
    lambda title, clauses, sections: Article("", title, tuple(clauses), tuple(sections)),
    line_st,
    st.lists(clause_tree(), max_size=3),
    st.lists(section_st, max_size=2),
)
votes_st = st.builds(Votes, st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))
decision_st = st.builds(
    Decision,
    adopted=date_st,
    body=line_st,
    votes=st.none() | votes_st,
    present=st.none() | st.integers(0, 100_000),
    proposal=st.none() | link_st,
    minutes=st.none() | link_st,
    summary=st.none() | text_st,
)
rule_st = st.builds(
    AmendmentRule,
    threshold=st.sampled_from(["majority", "2/3", "3:1", "75%", "unanimous"]).map(Threshold.parse),
    quorum=st.none() | st.integers(1, 1000),
    notice_days=st.none() | st.integers(0, 365),
    decided_by=st.none() | line_st,
)
amount_st = st.one_of(
    st.integers(0, 10**9), st.floats(0, 1e9, allow_nan=False, allow_infinity=False)
)


@st.composite
def charter_terms(draw: st.DrawFn) -> CharterTerms:
    place = draw(st.booleans())
    start = draw(st.none() | date_st)
    return CharterTerms(
        constitution="millbrook",
        commissioning_body=draw(text_st),
        service=Service(
            draw(line_st),
            draw(st.sampled_from(["statutory-core", "discretionary-non-core"])),
            draw(st.none() | text_st),
        ),
        network=Network(
            kind="place-based" if place else "interest-based",
            members=draw(text_st),
            area=draw(text_st) if place else draw(st.none() | text_st),
            interest=draw(st.none() | text_st) if place else draw(text_st),
        ),
        power_transfer=(
            PowerTransfer(
                draw(st.sampled_from(["devolved-budget", "grant", "other"])),
                draw(st.sampled_from(["formal", "informal"])),
                draw(text_st),
            ),
        ),
        participation=Participation(
            draw(st.sampled_from(PARTICIPATION_LADDER)),
            draw(st.sampled_from(PARTICIPATION_LADDER)),
            draw(st.none() | date_st),
            draw(st.none() | text_st),
        ),
        budget=Budget(
            draw(amount_st),
            "GBP",
            draw(st.sampled_from(["one-off", "per-year"])),
            (Funding("council", draw(line_st), draw(st.none() | amount_st)),),
        ),
        review=Review(
            draw(date_st),
            draw(st.none() | st.sampled_from(["annual", "quarterly"])),
            draw(st.none() | date_st),
        ),
        accountability=draw(text_st),
        start=start,
        end=draw(st.none() | date_st) if start else None,
    )


@st.composite
def documents(draw: st.DrawFn) -> Document:
    kind = draw(st.sampled_from(["constitution", "charter"]))
    status = draw(st.sampled_from(["draft", "adopted", "superseded", "repealed"]))
    decision = draw(decision_st) if status != "draft" else draw(st.none() | decision_st)
    rule = draw(rule_st) if kind == "constitution" else draw(st.none() | rule_st)
    return Document(
        kind=kind,
        id="millbrook" if kind == "constitution" else "play-streets",
        title=draw(line_st),
        version=draw(version_st),
        status=status,
        articles=_number(tuple(draw(st.lists(article_st, min_size=1, max_size=3)))),
        preamble=draw(st.none() | text_st),
        summary=draw(st.none() | text_st),
        decision=decision,
        amendment_rule=rule,
        charter=draw(charter_terms()) if kind == "charter" else None,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_any_document_round_trips(doc: Document) -> None:
    text = dump_document(doc)
    assert text.startswith("# yaml-language-server: $schema=../schema/")
    assert _load(text) == doc
    # No trailing spaces (editors strip them), except an escaped space in quotes.
    assert all(not line.endswith(" ") or line.endswith("\\ ") for line in text.splitlines())
