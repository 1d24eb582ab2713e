"""Benchmark: `charters validate` against check-jsonschema on the same files, in the same run.

Generates realistic, valid documents (mostly constitutions of 60 clauses, and a
share of charters that cite clauses of those constitutions) into a temporary
folder, then times both tools as separate processes, several rounds in
alternating order, and reports the medians and the ratio ours / theirs.

check-jsonschema checks structure only, one schema per invocation, so it runs
twice (constitutions, then charters) and the two times are added. `charters
validate` also checks ids, citations across documents, votes, quorum and text
safety, and reports positions.

    python bench/validate.py            # 1,000 documents, 5 rounds
    python bench/validate.py --quick    # 200 documents, 3 rounds

Results go to bench/results/validate.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "generator" / "schemas"
RESULTS = ROOT / "bench" / "results" / "validate.json"


def words(text: str) -> list[str]:
    return text.split()


WORDS = words(
    """
    members committee meeting residents community group area officers treasurer secretary
    chair vote notice days year accounts money grant budget decision proposal report minutes
    register trustees council service library garden youth elders housing estate street park
    hall centre tenants association partnership volunteers charity funds assets property lease
    agreement quorum majority general annual special open public private written consent
    record policy equality access safeguarding complaint appeal review term office election
    nomination ballot
    """
)
VERBS = words("shall may must will should can")
ACTIONS = words(
    """
    keep publish approve appoint remove elect consider review agree hold call record report
    invite support fund manage spend receive share explain present
    """
)
ARTICLES = [
    "Name",
    "Purpose",
    "Area of benefit",
    "Membership",
    "General meetings",
    "The committee",
    "Officers",
    "Money and accounts",
    "Conflicts of interest",
    "Amending this constitution",
]


def sentence(rng: random.Random) -> str:
    """A plausible clause sentence, varied in length and wording."""
    subject = f"The {rng.choice(WORDS)} {rng.choice(WORDS)}"
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 22)))
    text = f"{subject} {rng.choice(VERBS)} {rng.choice(ACTIONS)} the {body}."
    if rng.random() < 0.15:
        text = text.replace(" the ", " the *" + rng.choice(WORDS) + "* ", 1)
    return text


def text_yaml(rng: random.Random, key: str, text: str, indent: str) -> list[str]:
    """A text value written the ways people write them: plain, folded over lines, or quoted."""
    style = rng.random()
    if style < 0.25 and len(text) > 60:
        wrapped = textwrap.wrap(text, 72)
        return [f"{indent}{key}: >-", *(f"{indent}  {line}" for line in wrapped)]
    if style < 0.4:
        return [f"{indent}{key}: {json.dumps(text, ensure_ascii=False)}"]
    return [f"{indent}{key}: {text}"]


def clause_yaml(
    rng: random.Random, clause_id: str, indent: str, subs: list[str] | None = None, cite: str = ""
) -> list[str]:
    lines = [
        f"{indent}- id: {clause_id}",
        *text_yaml(rng, "text", sentence(rng) + cite, indent + "  "),
    ]
    if subs:
        lines.append(f"{indent}  clauses:")
        for sub in subs:
            lines += clause_yaml(rng, sub, indent + "    ")
    return lines


def clauses_yaml(rng: random.Random, ids: list[str], indent: str, citable: list[str]) -> list[str]:
    """The first clause holds the next two as sub-clauses; a few others cite a clause."""
    lines = clause_yaml(rng, ids[0], indent, ids[1:3])
    for clause_id in ids[3:]:
        cite = f" See [[#{rng.choice(citable)}]]." if rng.random() < 0.05 else ""
        lines += clause_yaml(rng, clause_id, indent, cite=cite)
    return lines


def articles_yaml(rng: random.Random, prefix: str, clauses: int) -> tuple[list[str], list[str]]:
    """YAML lines for `clauses` clauses over ten articles, and the ids of those clauses.

    Every third article groups its clauses into two sections.
    """
    counts = [clauses // len(ARTICLES)] * len(ARTICLES)
    for i in range(clauses % len(ARTICLES)):
        counts[i] += 1
    article_ids = [
        f"{prefix}{a + 1}-" + title.lower().replace(" ", "-") for a, title in enumerate(ARTICLES)
    ]
    ids = {
        a: [f"{a}-{n + 1}" for n in range(count)]
        for a, count in zip(article_ids, counts, strict=True)
    }
    citable = [clause_id for group in ids.values() for clause_id in group]
    lines = ["articles:"]
    for a, (article_id, title) in enumerate(zip(article_ids, ARTICLES, strict=True)):
        lines += [f"  - id: {article_id}", f"    title: {title}"]
        numbered = ids[article_id]
        if a % 3 == 2 and len(numbered) >= 6:
            half = len(numbered) // 2
            lines.append("    sections:")
            for n, part in enumerate((numbered[:half], numbered[half:])):
                lines += [f"      - id: {article_id}-part-{n + 1}", f"        title: Part {n + 1}"]
                lines += ["        clauses:", *clauses_yaml(rng, part, "          ", citable)]
        else:
            lines += ["    clauses:", *clauses_yaml(rng, numbered, "      ", citable)]
    return lines, citable


def decision_yaml(rng: random.Random, quorum: int) -> list[str]:
    """A decision record whose vote meets a two-thirds threshold and the quorum."""
    present = quorum + rng.randint(0, 40)
    against = rng.randint(0, present // 4)
    in_favour = rng.randint(2 * against + 1, present - against)
    abstain = rng.randint(0, present - against - in_favour)
    return [
        "decision:",
        f"  adopted: 20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-{rng.randint(10, 28)}",
        "  body: Annual general meeting",
        "  votes:",
        f"    for: {in_favour}",
        f"    against: {against}",
        f"    abstain: {abstain}",
        f"  present: {present}",
        f"  proposal: https://example.org/proposals/{rng.randint(1, 999)}",
    ]


def constitution(rng: random.Random, doc_id: str, clauses: int) -> tuple[str, list[str]]:
    quorum = rng.randint(5, 30)
    body, ids = articles_yaml(rng, "", clauses)
    lines = [
        "# yaml-language-server: $schema=../../generator/schemas/constitution.schema.json",
        "kind: constitution",
        f"id: {doc_id}",
        f"title: Constitution of the {doc_id.replace('-', ' ').title()}",
        f'version: "{rng.randint(1, 4)}.{rng.randint(0, 9)}"',
        "status: adopted",
        f"summary: {sentence(rng)}",
        *decision_yaml(rng, quorum),
        "amendment_rule:",
        '  threshold: "2/3"',
        f"  quorum: {quorum}",
        "  notice_days: 21",
        *body,
    ]
    return "\n".join(lines) + "\n", ids


def charter(rng: random.Random, doc_id: str, under: str, cited: list[str], clauses: int) -> str:
    body, _ = articles_yaml(rng, "c", clauses)
    cites = ", ".join(f"[[{under}#{clause_id}]]" for clause_id in cited)
    amount = rng.randint(5, 200) * 1000
    lines = [
        "# yaml-language-server: $schema=../../generator/schemas/charter.schema.json",
        "kind: charter",
        f"id: {doc_id}",
        f"title: Community commissioning charter {doc_id}",
        'version: "1"',
        "status: draft",
        f"constitution: {under}",
        f"commissioning_body: The committee, under {cites}.",
        "service:",
        f"  name: Community {rng.choice(['library', 'garden', 'youth club', 'hall'])}",
        "  nature: discretionary-non-core",
        f"  description: {sentence(rng)}",
        "network:",
        "  type: place-based",
        f"  area: {sentence(rng)}",
        f"  members: {sentence(rng)}",
        "power_transfer:",
        "  - method: participatory-budgeting",
        "    formality: formal",
        f"    description: {sentence(rng)}",
        "  - method: co-production-board",
        "    formality: informal",
        f"    description: {sentence(rng)}",
        "participation:",
        "  current: involved",
        "  target: community-led",
        "  target_date: 2027-04-01",
        f"  how: {sentence(rng)}",
        "budget:",
        f"  amount: {amount}",
        "  currency: GBP",
        "  period: per-year",
        "  funding:",
        "    - source: council",
        "      name: Council grant",
        f"      amount: {amount // 2}",
        "    - source: national-lottery",
        "      name: Lottery award",
        f"      amount: {amount // 2}",
        "review:",
        "  next: 2026-03-01",
        "  frequency: annual",
        f"accountability: {sentence(rng)}",
        *body,
    ]
    return "\n".join(lines) + "\n"


def generate(folder: Path, documents: int, clauses: int, charter_share: float, seed: int) -> None:
    """Write the documents: constitutions first, then charters under random constitutions."""
    rng = random.Random(seed)
    charters = round(documents * charter_share)
    constitutions: dict[str, list[str]] = {}
    (folder / "constitutions").mkdir(parents=True)
    (folder / "charters").mkdir()
    for n in range(documents - charters):
        doc_id = f"community-{n + 1:04d}"
        text, ids = constitution(rng, doc_id, clauses)
        constitutions[doc_id] = ids
        (folder / "constitutions" / f"{doc_id}.yaml").write_text(text, encoding="utf-8")
    for n in range(charters):
        doc_id = f"charter-{n + 1:04d}"
        under = rng.choice(sorted(constitutions))
        cited = rng.sample(constitutions[under], 3)
        text = charter(rng, doc_id, under, cited, clauses)
        (folder / "charters" / f"{doc_id}.yaml").write_text(text, encoding="utf-8")


@dataclass
class Tool:
    """A command to time, as one or more processes run one after another."""

    name: str
    commands: list[list[str]]

    def run(self, cwd: Path, env: dict[str, str]) -> tuple[float, float]:
        """Wall and CPU seconds (user + system, all processes) for this tool's commands.

        Fails loudly if any command fails: a benchmark of a tool that rejects the
        documents would measure nothing useful.
        """
        cpu_before = _children_cpu()
        start = time.perf_counter()
        for command in self.commands:
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(
                    f"{self.name} failed (exit {done.returncode}) on the generated documents:\n"
                    f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
                )
        return time.perf_counter() - start, _children_cpu() - cpu_before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Measured:
    """One tool's times over the rounds."""

    name: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "wall_seconds": self.wall,
            "cpu_seconds": self.cpu,
            "wall_median": statistics.median(self.wall),
            "cpu_median": statistics.median(self.cpu),
        }


def tools(folder: Path, jobs: int | None) -> tuple[Tool, Tool]:
    checker = shutil.which("check-jsonschema")
    if checker is None:
        raise SystemExit("check-jsonschema is not installed: pip install check-jsonschema")
    ours = [sys.executable, "-m", "generator", "validate", str(folder)]
    if jobs is not None:
        ours += ["--jobs", str(jobs)]
    theirs = []
    for kind, sub in (("constitution", "constitutions"), ("charter", "charters")):
        files = sorted(str(p) for p in (folder / sub).glob("*.yaml"))
        if files:
            theirs.append([checker, "--schemafile", str(SCHEMAS / f"{kind}.schema.json"), *files])
    return Tool("charters validate", [ours]), Tool("check-jsonschema", theirs)


def versions() -> dict[str, str]:
    found = {}
    for name in ("check-jsonschema", "jsonschema", "ruamel.yaml", "ruamel.yaml.clib"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--clauses", type=int, default=60, help="clauses per document")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--charters", type=float, default=0.1, help="share of charters")
    parser.add_argument("--jobs", type=int, default=None, help="passed to charters validate")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--quick", action="store_true", help="200 documents, 3 rounds")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.quick:
        args.documents, args.rounds = 200, 3

    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    with tempfile.TemporaryDirectory(prefix="charters-bench-") as tmp:
        folder = Path(tmp) / "documents"
        generate(folder, args.documents, args.clauses, args.charters, args.seed)
        size = sum(p.stat().st_size for p in folder.rglob("*.yaml"))
        print(
            f"{args.documents} documents of {args.clauses} clauses "
            f"({size / 1e6:.1f} MB) in {folder}; {args.rounds} rounds, order alternating"
        )
        ours, theirs = tools(folder, args.jobs)
        # One untimed run each: both must accept every file, and caches are warm.
        ours.run(Path(tmp), env)
        theirs.run(Path(tmp), env)
        measured = {tool.name: Measured(tool.name) for tool in (ours, theirs)}
        load_before = os.getloadavg()
        for round_ in range(args.rounds):
            order = (ours, theirs) if round_ % 2 == 0 else (theirs, ours)
            times = []
            for tool in order:
                wall, cpu = tool.run(Path(tmp), env)
                measured[tool.name].wall.append(wall)
                measured[tool.name].cpu.append(cpu)
                times.append(f"{tool.name} {wall:.2f} s (CPU {cpu:.2f} s)")
            print(f"  round {round_ + 1}: {', '.join(times)}")
        load_after = os.getloadavg()
    a, b = measured[ours.name].summary(), measured[theirs.name].summary()
    ratio = a["wall_median"] / b["wall_median"]
    cpu_ratio = a["cpu_median"] / b["cpu_median"]
    for label, key in (("wall", "wall_median"), ("CPU", "cpu_median")):
        print(f"median {label}: {ours.name} {a[key]:.2f} s, {theirs.name} {b[key]:.2f} s")
    verdict = "faster" if ratio < 1 else "slower"
    print(f"ratio ours/theirs: {ratio:.2f} wall ({verdict}), {cpu_ratio:.2f} CPU")
    result = {
        "documents": args.documents,
        "clauses_per_document": args.clauses,
        "charter_share": args.charters,
        "bytes": size,
        "rounds": args.rounds,
        "seed": args.seed,
        "jobs": args.jobs,
        "cpu_count": os.cpu_count(),
        "load_average_before_after": [load_before[0], load_after[0]],
        "python": platform.python_version(),
        "versions": versions(),
        "tools": {ours.name: a, theirs.name: b},
        "ratio_ours_over_theirs": ratio,
        "cpu_ratio_ours_over_theirs": cpu_ratio,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")


if __name__ == "__main__":
    main()
