"""Synthetic constitutions and their git histories, for the benchmarks.

Everything is deterministic for a seed. A `Series` is one constitution and the
amendments that follow it: version "1.0", then "1.1", "1.2", ... each of which
rewords 2-4 clauses (a few words each), inserts 1-2 clauses with new ids,
removes up to one clause and, now and then, moves a clause to another article.
Every version is adopted, with a decision record whose vote meets the 2/3 rule
and the quorum of the version before it, so `charters validate` accepts them.

Repositories are written with one `git fast-import` stream (one commit per round
of amendments), which is far faster than one `git commit` per document version.
"""

from __future__ import annotations

import copy
import json
import os
import random
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

Doc = dict[str, Any]

# --- vocabulary -------------------------------------------------------------------

SUBJECTS = (
    "The board",
    "The partnership",
    "The secretary",
    "The treasurer",
    "The chair",
    "Each member",
    "Any resident member",
    "A general meeting",
    "The annual general meeting",
    "The steering group",
    "The membership committee",
    "Every officer",
    "The commissioning panel",
    "Each working group",
    "The independent examiner",
)
MODALS = ("must", "may", "shall", "will", "should", "can")
ACTIONS = (
    "keep a register of members and their contact details",
    "publish the annual accounts on the notice board and the website",
    "give every member written notice of the business to be decided",
    "call a special general meeting when twenty members ask for one",
    "appoint an independent examiner to check the accounts",
    "record every decision and the reasons for it in the minutes",
    "declare any personal or financial interest in a matter under discussion",
    "consult residents before a service is commissioned or changed",
    "report on the work of the partnership to the members",
    "set up working groups with clear terms of reference",
    "co-opt up to three further members to fill gaps in skills",
    "agree a budget for the coming year before it begins",
    "review how well each commissioned service meets local needs",
    "make sure meetings are held in accessible places",
    "open a bank account in the name of the partnership",
    "approve payments above the limit set by the board",
    "keep the minutes of meetings for at least six years",
    "treat every member fairly and with respect",
    "invite residents who are not members to speak at meetings",
    "hold the partnership's property on trust for its members",
    "explain its decisions in plain language",
    "ask the council to transfer the community centre to the partnership",
    "publish the register of interests once a year",
    "hear an appeal against the refusal of membership",
    "suspend a member who breaks the code of conduct",
)
QUALIFIERS = (
    "within 28 days",
    "at least once a year",
    "in writing",
    "by a simple majority of those present",
    "after consulting the members",
    "unless the board decides otherwise",
    "as soon as reasonably possible",
    "with the agreement of two officers",
    "at the next general meeting",
    "in a way that is open and accountable",
    "on behalf of the partnership",
    "before the end of each financial year",
    "where the law allows",
    "for the benefit of everyone in the area",
    "without discrimination of any kind",
    "by post or by email",
)
EXTRAS = (
    "so that residents can take part in the decision",
    "and the reasons are published with the minutes",
    "unless a general meeting has decided otherwise",
    "subject to any charter adopted by the partnership",
    "and members may ask to see the records at any reasonable time",
    "in line with the partnership's policy on equality and inclusion",
)
# Words an amendment swaps for another of the same kind, so reworded text still reads well.
SWAPS = (
    ("members", "residents", "trustees", "volunteers", "officers", "representatives"),
    ("board", "committee", "panel"),
    ("year", "quarter"),
    ("must", "shall", "will", "should", "may", "can"),
    ("publish", "circulate", "share"),
    ("review", "assess", "check"),
    ("appoint", "choose", "elect"),
    ("approve", "authorise", "agree"),
    ("declare", "disclose"),
    ("consult", "involve"),
    ("independent", "qualified", "external"),
    ("simple", "two-thirds", "three-quarters"),
    ("reasonable", "convenient", "suitable"),
    ("accessible", "welcoming", "suitable"),
    ("six", "seven", "ten"),
    ("two", "three", "four"),
    ("twenty", "fifteen", "thirty"),
    ("28", "14", "21", "35"),
    ("fairly", "equally", "courteously"),
    ("meetings", "sessions"),
    ("minutes", "records"),
    ("accounts", "finances"),
    ("residents", "neighbours", "people"),
)
_SWAP = {word: group for group in reversed(SWAPS) for word in group}
AMENDING_PHRASES = (
    "in plain language",
    "where practicable",
    "including online",
    "with at least 21 clear days' notice",
    "after a public consultation",
    "and in large print on request",
)
LEAD_INS = (
    "To carry out its purpose the partnership may:",
    "The board must make sure that it:",
    "A general meeting may:",
    "Members have the right to:",
    "The treasurer must:",
    "The secretary is responsible for:",
)
STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "by",
        "at",
        "with",
        "any",
        "each",
        "every",
        "its",
        "it",
        "is",
        "be",
        "may",
        "must",
        "shall",
        "will",
        "should",
        "can",
        "that",
        "this",
        "who",
        "which",
        "as",
        "from",
        "their",
        "they",
        "there",
        "than",
        "then",
        "up",
    ]
)
# (article id, title, section titles): the usual contents of a community constitution.
TOPICS = (
    ("name", "Name and status", ("Name", "Legal form")),
    ("purpose", "Purpose", ("Objects", "Powers")),
    ("area", "Area of benefit", ("Boundaries", "Changes to the area")),
    ("membership", "Membership", ("Eligibility", "Applications", "Ending membership")),
    ("general-meetings", "General meetings", ("Notice", "Business", "Voting", "Quorum")),
    ("board", "The board", ("Composition", "Elections", "Co-option", "Vacancies")),
    ("officers", "Officers", ("Chair", "Secretary", "Treasurer")),
    ("decisions", "Decision making", ("Board decisions", "Urgent decisions", "Delegation")),
    ("working-groups", "Working groups", ("Setting up", "Reporting")),
    ("money", "Money and property", ("Accounts", "Payments", "Property")),
    ("interests", "Conflicts of interest", ("Declarations", "Register")),
    ("conduct", "Code of conduct", ("Standards", "Breaches")),
    ("complaints", "Complaints", ("Making a complaint", "Appeals")),
    ("commissioning", "Commissioning services", ("Charters", "Review", "Ending a charter")),
    ("partners", "Working with partners", ("The council", "Other bodies")),
    ("equality", "Equality and inclusion", ("Access", "Monitoring")),
    ("safeguarding", "Safeguarding", ("Policy", "Lead officer")),
    ("volunteers", "Volunteers", ("Recruitment", "Expenses")),
    ("records", "Records and information", ("Minutes", "Data protection")),
    ("communications", "Communications", ("Newsletter", "Website")),
    ("insurance", "Insurance and risk", ("Cover", "Risk register")),
    ("amendments", "Amending this constitution", ("Proposals", "Adoption")),
    ("dissolution", "Dissolution", ("Decision to dissolve", "Remaining assets")),
    ("interpretation", "Interpretation", ("Meanings", "Disputes")),
)
PLACES = (
    "Ashby Green",
    "Bramley Fields",
    "Calder Side",
    "Dunmore Park",
    "Elm Hollow",
    "Fenwick Vale",
    "Garston Heath",
    "Harrow Brook",
    "Ivy Bank",
    "Juniper Rise",
    "Kestrel Moor",
    "Larkhill",
    "Millbrook",
    "Northgate",
    "Oakridge",
    "Pennfold",
    "Quarry Hill",
    "Riverside",
    "Saltmarsh",
    "Thornbury Road",
)
BODIES = (
    "Residents' Association",
    "Tenants' Co-operative",
    "Neighbourhood Partnership",
    "Big Local Partnership",
    "Community Forum",
)
QUORUMS = (12, 15, 20, 25, 30)
SITE_NAME = "Synthetic council documents"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/constitution.schema.json\n"
MKDOCS_YML = f"""site_name: {SITE_NAME}
theme:
  name: material
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
"""
GITIGNORE = "site/\n.charters-cache/\n"
FIRST_ADOPTION = date(2004, 3, 13)
ROUND_DAYS = 300  # between rounds of amendments: twenty rounds span about sixteen years


# --- text ---------------------------------------------------------------------------


def sentence(rng: random.Random) -> str:
    """One sentence of the kind constitutions are written in."""
    words = f"{rng.choice(SUBJECTS)} {rng.choice(MODALS)} {rng.choice(ACTIONS)}"
    if rng.random() < 0.7:
        words += f" {rng.choice(QUALIFIERS)}"
    if rng.random() < 0.3:
        words += f", {rng.choice(EXTRAS)}"
    return words + "."


def clause_text(rng: random.Random, cite: list[str]) -> str:
    """One or two sentences; now and then a citation of another clause."""
    text = " ".join(sentence(rng) for _ in range(rng.choice((1, 1, 2))))
    if cite and rng.random() < 0.05:
        text += f" This is subject to [[#{rng.choice(cite)}]]."
    return text


def sub_clause_text(rng: random.Random, last: bool) -> str:
    action = rng.choice(ACTIONS)
    if rng.random() < 0.5:
        action += f" {rng.choice(QUALIFIERS)}"
    return action + ("." if last else ";")


def reword(text: str, rng: random.Random) -> str:
    """The same text with a few words changed, as an amendment would change it."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if i > 0 and w.rstrip(".,;:") in _SWAP]
    for i in rng.sample(candidates, min(rng.randint(1, 3), len(candidates))):
        word = words[i].rstrip(".,;:")
        choice = rng.choice([w for w in _SWAP[word] if w != word])
        words[i] = choice + words[i][len(word) :]
    changed = " ".join(words)
    if changed == text or rng.random() < 0.3:
        end = changed[-1] if changed[-1] in ".;:" else ""
        changed = f"{changed.removesuffix(end)} {rng.choice(AMENDING_PHRASES)}{end}"
    return changed


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- one document and its amendments ---------------------------------------------------


@dataclass(slots=True)
class Changes:
    """What one amendment did, by clause id."""

    reworded: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)


class Series:
    """One constitution and the amendments that follow it, version by version."""

    def __init__(self, doc_id: str, title: str, clauses: int, seed: int | str) -> None:
        self.id = doc_id
        self.rng = random.Random(f"{seed}:{doc_id}")
        self.quorum = self.rng.choice(QUORUMS)
        self._serial = 0
        self.protected: list[str] = []  # cited clauses: never removed
        self.number = 0  # "1.<number>"
        self.changes = Changes()
        self.document: Doc = self._first(title, clauses)

    @property
    def version(self) -> str:
        return f"1.{self.number}"

    # --- version 1.0

    def _first(self, title: str, clauses: int) -> Doc:
        rng = self.rng
        count = max(2, min(len(TOPICS), round(clauses / 10)))
        budgets = [clauses // count + (1 if i < clauses % count else 0) for i in range(count)]
        articles = [self._article(TOPICS[i], budget) for i, budget in enumerate(budgets)]
        return {
            "kind": "constitution",
            "id": self.id,
            "title": title,
            "version": self.version,
            "status": "adopted",
            "preamble": " ".join(sentence(rng) for _ in range(3)),
            "decision": self._decision(FIRST_ADOPTION, "Founding general meeting"),
            "amendment_rule": {
                "threshold": "2/3",
                "quorum": self.quorum,
                "notice_days": 21,
                "decided_by": "A general meeting of the members",
            },
            "articles": articles,
        }

    def _article(self, topic: tuple[str, str, tuple[str, ...]], budget: int) -> Doc:
        topic_id, title, section_titles = topic
        article: Doc = {"id": topic_id, "title": title}
        use_sections = budget > 30 or (budget >= 8 and self.rng.random() < 0.35)
        own = min(budget, 2) if use_sections else budget
        article["clauses"] = self._fill(own)
        self.protected.append(article["clauses"][0]["id"])
        if use_sections:
            rest = budget - own
            count = max(1, min(rest // 6, 12))
            sections = []
            for i in range(count):
                share = rest // count + (1 if i < rest % count else 0)
                base = section_titles[i % len(section_titles)]
                name = base if i < len(section_titles) else f"{base} ({i // len(section_titles)})"
                sections.append(
                    {"id": f"{topic_id}-{slug(name)}", "title": name, "clauses": self._fill(share)}
                )
            article["sections"] = sections
        return article

    def _fill(self, budget: int) -> list[Doc]:
        """Clauses using `budget` clause nodes (sub-clauses count), at least one."""
        out: list[Doc] = []
        budget = max(budget, 1)
        while budget > 0:
            if budget >= 4 and self.rng.random() < 0.12:
                subs = self.rng.randint(2, 3)
                out.append(self._clause_with_subs(subs))
                budget -= subs + 1
            else:
                out.append(self._clause())
                budget -= 1
        return out

    def _new_id(self, text: str) -> str:
        self._serial += 1
        words = [w for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS]
        return f"{'-'.join(words[:2]) or 'clause'}-{self._serial}"

    def _clause(self) -> Doc:
        text = clause_text(self.rng, self.protected)
        return {"id": self._new_id(text), "text": text}

    def _clause_with_subs(self, count: int) -> Doc:
        lead = self.rng.choice(LEAD_INS)
        subs = []
        for i in range(count):
            text = sub_clause_text(self.rng, last=i == count - 1)
            subs.append({"id": self._new_id(text), "text": text})
        return {"id": self._new_id(lead), "text": lead, "clauses": subs}

    def _decision(self, adopted: date, body: str) -> Doc:
        """A decision whose vote meets 2/3 of votes cast and the (unchanging) quorum."""
        rng = self.rng
        present = self.quorum + rng.randint(0, 25)
        abstain = rng.randint(0, 3)
        against = rng.randint(0, present // 6)
        in_favour = present - abstain - against - rng.randint(0, 2)
        assert in_favour >= 2 * against and present >= self.quorum
        return {
            "adopted": adopted.isoformat(),
            "body": body,
            "votes": {"for": in_favour, "against": against, "abstain": abstain},
            "present": present,
            "proposal": f"https://example.org/{self.id}/pull/{self.number + 1}",
        }

    # --- amendments

    def advance(self, adopted: date) -> Doc:
        """The next version: a few clauses reworded, inserted, removed, perhaps one moved."""
        rng = self.rng
        doc = copy.deepcopy(self.document)
        changes = Changes()
        nodes = list(_all_clauses(doc))
        for node in rng.sample(nodes, min(rng.randint(2, 4), len(nodes))):
            node["text"] = reword(node["text"], rng)
            changes.reworded.append(node["id"])
        containers = list(_containers(doc))
        for _ in range(rng.randint(1, 2)):
            _, clauses = rng.choice(containers)
            new = self._clause()
            clauses.insert(rng.randint(0, len(clauses)), new)
            changes.inserted.append(new["id"])
        if rng.random() < 0.6:
            self._remove_one(containers, changes)
        if rng.random() < 0.25:
            self._move_one(containers, changes)
        self.number += 1
        doc["version"] = self.version
        doc["summary"] = _summary(changes)
        body = "Special general meeting" if rng.random() < 0.25 else "Annual general meeting"
        doc["decision"] = self._decision(adopted, body)
        self.document, self.changes = doc, changes
        return doc

    def _remove_one(self, containers: list[tuple[int, list[Doc]]], changes: Changes) -> None:
        protected = set(self.protected) | set(changes.inserted) | set(changes.reworded)
        choices = [
            (clauses, i)
            for _, clauses in containers
            if len(clauses) >= 2
            for i, c in enumerate(clauses)
            if "clauses" not in c and c["id"] not in protected
        ]
        if choices:
            clauses, i = self.rng.choice(choices)
            changes.removed.append(clauses.pop(i)["id"])

    def _move_one(self, containers: list[tuple[int, list[Doc]]], changes: Changes) -> None:
        sources = [(a, clauses) for a, clauses in containers if len(clauses) >= 2]
        if not sources:
            return
        article, clauses = self.rng.choice(sources)
        targets = [c for a, c in containers if a != article]
        if not targets:
            return
        moving = clauses.pop(self.rng.randrange(len(clauses)))
        target = self.rng.choice(targets)
        target.insert(self.rng.randint(0, len(target)), moving)
        changes.moved.append(moving["id"])


def _summary(changes: Changes) -> str:
    parts = [f"rewords {len(changes.reworded)} clauses", f"adds {len(changes.inserted)}"]
    if changes.removed:
        parts.append(f"removes {len(changes.removed)}")
    if changes.moved:
        parts.append("moves one to another article")
    text = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    return text[0].upper() + text[1:] + "."


def _containers(doc: Doc) -> Iterator[tuple[int, list[Doc]]]:
    """(article index, clause list) for every article's and section's own clauses."""
    for index, article in enumerate(doc["articles"]):
        if "clauses" in article:
            yield index, article["clauses"]
        for section in article.get("sections", []):
            yield index, section["clauses"]


def _all_clauses(doc: Doc) -> Iterator[Doc]:
    def walk(clauses: list[Doc]) -> Iterator[Doc]:
        for clause in clauses:
            yield clause
            yield from walk(clause.get("clauses", []))

    for _, clauses in _containers(doc):
        yield from walk(clauses)


def clause_count(doc: Doc) -> int:
    """Clause nodes in a document, sub-clauses included."""
    return sum(1 for _ in _all_clauses(doc))


def clause_ids(doc: Doc) -> dict[str, int]:
    """Every clause id with the index of the article it is in."""
    out: dict[str, int] = {}
    for article, clauses in _containers(doc):
        stack = list(clauses)
        while stack:
            clause = stack.pop()
            out[clause["id"]] = article
            stack.extend(clause.get("clauses", []))
    return out


def texts(doc: Doc) -> dict[str, str]:
    return {c["id"]: c["text"] for c in _all_clauses(doc)}


def community_series(documents: int, clauses: int, seed: int | str = 7) -> list[Series]:
    """`documents` constitutions of different community bodies, each at version 1.0."""
    series = []
    for i in range(documents):
        place, body = PLACES[i % len(PLACES)], BODIES[(i // len(PLACES)) % len(BODIES)]
        doc_id = f"{slug(place)}-{slug(body)}" + (f"-{i + 1}" if i >= len(PLACES) else "")
        series.append(Series(doc_id, f"Constitution of the {place} {body}", clauses, seed))
    return series


# --- YAML ------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[a-z][a-z0-9-]*$")
_YAML_WORDS = frozenset({"yes", "no", "on", "off", "true", "false", "null", "y", "n"})


def to_yaml(doc: Doc) -> str:
    """The document as block-style YAML, as a person would write it (strings double-quoted)."""
    return SCHEMA_LINE + "\n".join(_emit(doc, 0)) + "\n"


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no booleans or nulls in documents: {value!r}")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.match(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                lines.append(f"{pad}{key}:")
                lines.extend(_emit(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict | list):
                inner = _emit(item, indent + 2)
                lines.append(f"{pad}- {inner[0].lstrip()}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


# --- Markdown, for the baselines (mike, plain MkDocs) --------------------------------------


def to_markdown(doc: Doc) -> str:
    """One Markdown page for a document: headings for articles and sections, numbered clauses."""
    numbers = _numbers(doc)

    def cite(match: re.Match[str]) -> str:
        target = match[1]
        return f"[clause {numbers.get(target, target)}](#{target})"

    def clause_lines(clauses: list[Doc], prefix: str, depth: int) -> list[str]:
        out = []
        for clause in clauses:
            text = re.sub(r"\[\[#([a-z0-9-]+)\]\]", cite, clause["text"])
            label = numbers[clause["id"]] if depth == 0 else f"({numbers[clause['id']]})"
            indent = "    " * depth
            out.append(f"{indent}- **{label}** {text}")
            out.extend(clause_lines(clause.get("clauses", []), prefix, depth + 1))
        return out

    decision = doc["decision"]
    votes = decision["votes"]
    lines = [
        f"# {doc['title']}",
        "",
        f"*Version {doc['version']}, adopted on {decision['adopted']} by the "
        f"{decision['body'].lower()}: {votes['for']} for, {votes['against']} against, "
        f"{votes.get('abstain', 0)} abstaining.*",
        "",
    ]
    if doc.get("preamble"):
        lines += [doc["preamble"], ""]
    for a, article in enumerate(doc["articles"], start=1):
        lines += [f"## Article {a}. {article['title']}", ""]
        lines += clause_lines(article.get("clauses", []), str(a), 0)
        lines.append("")
        for section in article.get("sections", []):
            lines += [f"### {numbers[section['id']]} {section['title']}", ""]
            lines += clause_lines(section["clauses"], numbers[section["id"]], 0)
            lines.append("")
    return "\n".join(lines)


def _numbers(doc: Doc) -> dict[str, str]:
    """Displayed numbers by id, as the site numbers them (3.2, 3.3.1, 3.2(a))."""
    numbers: dict[str, str] = {}

    def subs(clauses: list[Doc]) -> None:
        for i, clause in enumerate(clauses):
            numbers[clause["id"]] = chr(ord("a") + i % 26)
            subs(clause.get("clauses", []))

    for a, article in enumerate(doc["articles"], start=1):
        count = 0
        for clause in article.get("clauses", []):
            count += 1
            numbers[clause["id"]] = f"{a}.{count}"
            subs(clause.get("clauses", []))
        for section in article.get("sections", []):
            count += 1
            numbers[section["id"]] = f"{a}.{count}"
            for c, clause in enumerate(section["clauses"], start=1):
                numbers[clause["id"]] = f"{a}.{count}.{c}"
                subs(clause.get("clauses", []))
    return numbers


# --- git -----------------------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Secretary",
    "GIT_AUTHOR_EMAIL": "secretary@example.org",
    "GIT_COMMITTER_NAME": "Secretary",
    "GIT_COMMITTER_EMAIL": "secretary@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git_env(home: Path) -> dict[str, str]:
    """An environment for git commands that ignores the user's configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV)
    env["HOME"] = str(home)
    return env


def git(root: Path, *args: str, when: datetime | None = None) -> str:
    env = git_env(root)
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when.isoformat()
    result = subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


@dataclass(slots=True)
class Commit:
    message: str
    when: datetime
    files: dict[str, bytes]


def fast_import(root: Path, commits: Iterable[Commit], branch: str = "main") -> int:
    """Write commits onto a new branch of the repository at `root` in one stream; the count."""
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"],
        cwd=root,
        env=git_env(root),
        stdin=subprocess.PIPE,
    )
    assert proc.stdin is not None
    count = 0
    try:
        for commit in commits:
            message = commit.message.encode()
            stamp = int(commit.when.timestamp())
            head = (
                f"commit refs/heads/{branch}\n"
                f"committer Secretary <secretary@example.org> {stamp} +0000\n"
                f"data {len(message)}\n"
            ).encode()
            parts = [head, message, b"\n"]
            for path, data in commit.files.items():
                parts += [f"M 100644 inline {path}\ndata {len(data)}\n".encode(), data, b"\n"]
            proc.stdin.write(b"".join(parts))
            count += 1
        proc.stdin.write(b"done\n")
    finally:
        proc.stdin.close()
        if proc.wait() != 0:
            raise RuntimeError(f"git fast-import failed in {root}")
    return count


def new_repository(root: Path, commits: Iterable[Commit]) -> int:
    """A new repository at `root` holding `commits` on main, checked out; the commit count."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    count = fast_import(root, commits)
    git(root, "reset", "-q", "--hard")
    return count


def round_date(number: int) -> datetime:
    """When round `number` of amendments is committed (0: the first versions)."""
    day = FIRST_ADOPTION + timedelta(days=ROUND_DAYS * number)
    return datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)


@dataclass(slots=True)
class SynthRepo:
    """A community repository on disk and the series that wrote it (to amend it further)."""

    root: Path
    series: list[Series]
    rounds: int

    @property
    def documents(self) -> Path:
        return self.root / "constitutions"


def document_path(doc_id: str) -> str:
    return f"constitutions/{doc_id}.yaml"


def community_repository(
    root: Path, documents: int, versions: int, clauses: int, seed: int | str = 7
) -> SynthRepo:
    """A repository with `documents` constitutions, each adopted in `versions` versions.

    One commit per round: round k carries version 1.k of every document.
    """
    series = community_series(documents, clauses, seed)

    def commits() -> Iterator[Commit]:
        files = {"mkdocs.yml": MKDOCS_YML.encode(), ".gitignore": GITIGNORE.encode()}
        for s in series:
            files[document_path(s.id)] = to_yaml(s.document).encode()
        yield Commit(
            f"Adopt the constitutions of {documents} community bodies", round_date(0), files
        )
        for k in range(1, versions):
            when = round_date(k)
            files = {}
            for s in series:
                lag = timedelta(days=s.rng.randint(1, 40))
                files[document_path(s.id)] = to_yaml(s.advance((when - lag).date())).encode()
            yield Commit(f"Adopt the amendments of round {k}", when, files)

    new_repository(root, commits())
    return SynthRepo(root, series, versions)


def amend_and_commit(repo: SynthRepo, index: int) -> str:
    """One more adopted amendment of document `index`, committed as a person would; its version."""
    series = repo.series[index]
    when = round_date(repo.rounds)
    repo.rounds += 1
    doc = series.advance((when - timedelta(days=3)).date())
    (repo.root / document_path(series.id)).write_text(to_yaml(doc), encoding="utf-8")
    git(repo.root, "commit", "-q", "-a", "-m", f"Adopt {series.id} {series.version}", when=when)
    return series.version


def single_history(versions: int, clauses: int, seed: int | str = 7) -> list[Doc]:
    """Every version of one constitution, oldest first."""
    series = community_series(1, clauses, seed)[0]
    docs = [series.document]
    for k in range(1, versions):
        docs.append(series.advance((round_date(k) - timedelta(days=10)).date()))
    return docs


def history_repository(root: Path, docs: list[Doc]) -> None:
    """A repository where commit k adopts version k of one document."""

    def commits() -> Iterator[Commit]:
        for k, doc in enumerate(docs):
            files = {document_path(doc["id"]): to_yaml(doc).encode()}
            if k == 0:
                files = {
                    "mkdocs.yml": MKDOCS_YML.encode(),
                    ".gitignore": GITIGNORE.encode(),
                    **files,
                }
            yield Commit(f"Adopt version {doc['version']}", round_date(k), files)

    new_repository(root, commits())


def big_pair(clauses: int, changed: float, seed: int | str = 7) -> tuple[Doc, Doc, list[str]]:
    """A long constitution and a next version with a share of its clauses reworded."""
    series = community_series(1, clauses, seed)[0]
    old = series.document
    new = copy.deepcopy(old)
    nodes = list(_all_clauses(new))
    picked = series.rng.sample(nodes, max(1, round(len(nodes) * changed)))
    for node in picked:
        node["text"] = reword(node["text"], series.rng)
    new["version"] = "1.1"
    new["summary"] = f"Rewords {len(picked)} clauses."
    new["decision"] = series._decision(FIRST_ADOPTION + timedelta(days=365), "General meeting")
    return old, new, [n["id"] for n in picked]
