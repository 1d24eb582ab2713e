"""Real git repositories of documents for tests, with dates we choose.

Documents are written as JSON, which is valid YAML, so tests do not depend on
the YAML writer; `constitution()` and `charter()` give small valid documents to
change step by step, as a community would.
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {
        "GIT_AUTHOR_NAME": "Secretary",
        "GIT_AUTHOR_EMAIL": "secretary@example.org",
        "GIT_COMMITTER_NAME": "Secretary",
        "GIT_COMMITTER_EMAIL": "secretary@example.org",
        "HOME": str(repo),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout.strip()


class DocRepo:
    """A community repository: documents in constitutions/, committed one change at a time."""

    def __init__(self, root: Path, branch: str = "main") -> None:
        self.root = root
        self.docs = root / "constitutions"
        self.docs.mkdir(parents=True, exist_ok=True)
        git(root, "init", "-q", "-b", branch)

    def write(self, data: dict[str, Any], name: str | None = None) -> Path:
        path = self.docs / f"{name or data['id']}.yaml"
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def commit(self, message: str, date: str) -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message, date=date)
        return git(self.root, "rev-parse", "HEAD")

    def save(self, data: dict[str, Any], message: str, date: str) -> str:
        self.write(data)
        return self.commit(message, date)


def clause(clause_id: str, text: str, *subs: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": clause_id, "text": text}
    if subs:
        out["clauses"] = list(subs)
    return out


def decision(
    adopted: str, for_: int = 30, against: int = 2, present: int = 40, **extra: Any
) -> dict[str, Any]:
    return {
        "adopted": adopted,
        "body": "General meeting",
        "votes": {"for": for_, "against": against, "abstain": 1},
        "present": present,
        **extra,
    }


def constitution(doc_id: str = "riverside-constitution", version: str = "1.0") -> dict[str, Any]:
    return {
        "kind": "constitution",
        "id": doc_id,
        "title": "Constitution of the Riverside Residents' Association",
        "version": version,
        "status": "adopted",
        "decision": decision("2024-01-20", proposal="https://github.com/riverside/charters/pull/1"),
        "amendment_rule": {"threshold": "2/3", "quorum": 20},
        "preamble": "We, the residents of Riverside, agree these rules.",
        "articles": [
            {
                "id": "name",
                "title": "Name",
                "clauses": [
                    clause("association-name", "The name is the Riverside Residents' Association.")
                ],
            },
            {
                "id": "purpose",
                "title": "Purpose",
                "clauses": [
                    clause(
                        "purpose-statement",
                        "The association works for the good of everyone in Riverside.",
                    ),
                    clause(
                        "purpose-means",
                        "To do this it may:",
                        clause("means-services", "commission services;"),
                        clause("means-money", "raise money."),
                    ),
                ],
            },
            {
                "id": "meetings",
                "title": "Meetings",
                "clauses": [clause("notice", "Members get 14 days' notice of a general meeting.")],
                "sections": [
                    {
                        "id": "voting",
                        "title": "Voting",
                        "clauses": [
                            clause("quorum", "The quorum is 20 members."),
                            clause("majority", "Decisions need a simple majority."),
                        ],
                    }
                ],
            },
        ],
    }


def charter(
    doc_id: str = "riverside-youth-charter", under: str = "riverside-constitution"
) -> dict[str, Any]:
    return {
        "kind": "charter",
        "id": doc_id,
        "title": "Riverside Youth Activities Charter",
        "version": "1.0",
        "status": "adopted",
        "decision": {
            "adopted": "2024-03-01",
            "body": "Board",
            "votes": {"for": 7, "against": 0},
            "present": 8,
        },
        "constitution": under,
        "commissioning_body": f"The board, under [[{under}#purpose-means]].",
        "service": {"name": "Youth club", "nature": "discretionary-non-core"},
        "network": {
            "type": "interest-based",
            "interest": "Young people aged 11 to 19 who want things to do.",
            "members": "Young people, parents and youth workers.",
        },
        "power_transfer": [
            {
                "method": "participatory-budgeting",
                "formality": "formal",
                "description": "Young people vote on how half the budget is spent.",
            }
        ],
        "participation": {
            "current": "involved",
            "target": "community-led",
            "target_date": "2027-01-01",
        },
        "budget": {
            "amount": 12000,
            "currency": "GBP",
            "period": "per-year",
            "funding": [{"source": "national-lottery", "name": "Awards for All", "amount": 12000}],
        },
        "review": {"next": "2025-03-01", "frequency": "annual"},
        "accountability": f"Reports to the AGM as [[{under}#notice]] requires.",
        "articles": [
            {
                "id": "aims",
                "title": "Aims",
                "clauses": [
                    clause("aim", f"Run a youth club, meeting as [[{under}#quorum]] says.")
                ],
            }
        ],
    }


def amended(doc: dict[str, Any], version: str, adopted: str, **votes: Any) -> dict[str, Any]:
    """A copy with a new version number and decision record, ready to edit."""
    out = copy.deepcopy(doc)
    out["version"] = version
    out["status"] = "adopted"
    out["decision"] = decision(adopted, **votes)
    return out


def find_clause(doc: dict[str, Any], clause_id: str) -> dict[str, Any]:
    def walk(items: list[dict[str, Any]]) -> dict[str, Any] | None:
        for item in items:
            if item["id"] == clause_id:
                return item
            found = walk(item.get("clauses", []))
            if found:
                return found
        return None

    for article in doc["articles"]:
        found = walk(article.get("clauses", []))
        for section in article.get("sections", []):
            found = found or walk(section["clauses"])
        if found:
            return found
    raise KeyError(clause_id)


def riverside(root: Path) -> DocRepo:
    """Constitution 1.0 -> 1.1 (draft, then adopted) -> 2.0, a charter, and a proposal 2.1.

    The proposal is left uncommitted in the working tree, as while editing.
    """
    repo = DocRepo(root)
    v1 = constitution()
    repo.save(v1, "Adopt the constitution", "2024-01-20")
    repo.save(charter(), "Adopt the youth charter", "2024-03-01")

    v11 = amended(v1, "1.1", "2024-06-20", proposal="https://github.com/riverside/charters/pull/4")
    find_clause(v11, "quorum")["text"] = "The quorum is 25 members."
    voting = v11["articles"][2]["sections"][0]["clauses"]
    voting[:] = [c for c in voting if c["id"] != "majority"]
    v11["articles"][1]["clauses"].insert(1, clause("purpose-inclusion", "Everyone is welcome."))
    draft = copy.deepcopy(v11)
    draft["status"] = "draft"
    del draft["decision"]
    repo.save(draft, "Propose 1.1", "2024-06-01")
    repo.save(v11, "Adopt 1.1", "2024-06-20")

    v2 = amended(v11, "2.0", "2025-02-01", present=35)
    v2["amendment_rule"]["quorum"] = 15
    v2["articles"].append(
        {"id": "money", "title": "Money", "clauses": [clause("accounts", "Accounts are kept.")]}
    )
    repo.save(v2, "Adopt 2.0", "2025-02-01")

    proposal = copy.deepcopy(v2)
    proposal["version"] = "2.1"
    proposal["status"] = "draft"
    del proposal["decision"]
    find_clause(proposal, "accounts")["text"] = "Accounts are kept and published every year."
    repo.write(proposal)
    return repo
