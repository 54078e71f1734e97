"""The editions of the standard an audit checks against, as data: one JSON file per edition in standards/.

A file holds {"code": "TCVN ISO 9001:2015", "title": ..., "clauses": [{"number": "4.1", "title": ...,
"questions": [...], "may_exclude": false}, ...]}. Adding an edition (ISO 9001:2026 when it is published)
is adding a file: nothing here names an edition. The newest file (by name) is the default for new plans.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent / "standards"


@cache
def editions() -> dict[str, dict]:
    """Every edition shipped, by code, in the files' order (by file name)."""
    found = {}
    for path in sorted(DIRECTORY.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["code"]] = data
    return found


def default_code() -> str:
    return list(editions())[-1]


def clause_numbers(code: str) -> list[str]:
    return [clause["number"] for clause in editions()[code]["clauses"]]


def clause_key(number: str) -> tuple[int, ...]:
    """"10.2" after "9.3": clauses sort by their numbers, not as text."""
    return tuple(int(part) for part in number.split(".") if part.isdigit())
