"""Small valid documents for tests, as YAML text with known line numbers.

Tests make a bad variant by editing one line of these texts (see `edit`), so the
line and column of the expected error can be worked out by reading the text
below. Keep the line numbers in the comments true when changing anything here.
"""

from __future__ import annotations

from pathlib import Path

CONSTITUTION_ID = "town-constitution"
CHARTER_ID = "town-library"

# Line numbers, for working out the positions tests assert:
#  1 kind            6 decision        14 amendment_rule   21 first clause (name-of-group)
#  2 id              7   adopted       15   threshold      22   its text
#  3 title           8   body          16   quorum         23 second article (meetings)
#  4 version         9   votes         17 articles         26 its clause (quorum)
#  5 status         10-12 for/against/abstain; 13 present  18 first article (name)  27 text
CONSTITUTION = """\
kind: constitution
id: town-constitution
title: Constitution of the Town Residents
version: "1.0"
status: adopted
decision:
  adopted: 2024-05-01
  body: Annual general meeting
  votes:
    for: 30
    against: 5
    abstain: 2
  present: 40
amendment_rule:
  threshold: "2/3"
  quorum: 20
articles:
  - id: name
    title: Name
    clauses:
      - id: name-of-group
        text: The name of the group is the Town Residents.
  - id: meetings
    title: Meetings
    clauses:
      - id: quorum
        text: The quorum of a general meeting is 20 members.
"""

# A charter made under CONSTITUTION, citing its clause 'quorum' on line 7.
# Lines: 6 constitution, 7 commissioning_body, 8-10 service, 11-14 network,
# 15-18 power_transfer, 19-21 participation, 22-29 budget, 30-31 review,
# 32 accountability, 33-38 articles.
CHARTER = """\
kind: charter
id: town-library
title: Community library charter
version: "1"
status: draft
constitution: town-constitution
commissioning_body: The Town Residents, under [[town-constitution#quorum]].
service:
  name: Community library
  nature: discretionary-non-core
network:
  type: place-based
  area: The town centre ward.
  members: Residents of the ward.
power_transfer:
  - method: community-asset-transfer
    formality: formal
    description: The library building is leased to the group.
participation:
  current: involved
  target: community-led
budget:
  amount: 12000
  currency: GBP
  period: per-year
  funding:
    - source: council
      name: Town council grant
      amount: 12000
review:
  next: 2025-06-01
accountability: Reports to each general meeting.
articles:
  - id: purpose
    title: Purpose
    clauses:
      - id: open-hours
        text: The library opens at least four days a week.
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced, so a test edits exactly what it says."""
    if text.count(old) != 1:
        raise ValueError(f"{old!r} occurs {text.count(old)} times, not once")
    return text.replace(old, new)


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    """Write each file (text as UTF-8, bytes as they are) under `folder`."""
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
