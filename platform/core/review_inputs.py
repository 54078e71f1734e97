"""The inputs of a management review, gathered from the areas as ISO 9001:2015 clause 9.3.2 lists them.

Each area contributes what it knows of a period, in its `review_inputs.py`:

    register(ReviewInput("audits", item="c6", gather=audit_results))

`gather(since, until)` runs in the agency's schema and returns lines of plain text in the active language
(already translated: a review freezes its inputs when it is prepared, so the minutes print what the meeting
saw), or None when the area has nothing for the period. The management review (reviews app) loops over this
registry; it imports no area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from .registry import Registry

# Clause 9.3.2 (TCVN ISO 9001:2015), in its order. Keys are stable; labels are what the minutes print.
CLAUSE_ITEMS = [
    ("a", _("The status of actions from previous management reviews")),
    ("b", _("Changes in external and internal issues relevant to the quality management system")),
    ("c1", _("Customer satisfaction and feedback from relevant interested parties")),
    ("c2", _("The extent to which quality objectives have been met")),
    ("c3", _("Process performance and conformity of products and services")),
    ("c4", _("Nonconformities and corrective actions")),
    ("c5", _("Monitoring and measurement results")),
    ("c6", _("Audit results")),
    ("c7", _("The performance of external providers")),
    ("d", _("The adequacy of resources")),
    ("e", _("The effectiveness of actions taken to address risks and opportunities")),
    ("f", _("Opportunities for improvement")),
]
ITEM_KEYS = [key for key, _label in CLAUSE_ITEMS]


@dataclass(frozen=True)
class ReviewInput:
    key: str
    item: str  # one of ITEM_KEYS
    gather: Callable[[date, date], list[str] | None]
    order: int = 100

    def __post_init__(self):
        if self.item not in ITEM_KEYS:
            raise ValueError(f"review input {self.key!r}: unknown clause 9.3.2 item {self.item!r}")


inputs: Registry[ReviewInput] = Registry("management review inputs")


def register(review_input: ReviewInput) -> ReviewInput:
    return inputs.register(review_input.key, review_input)


def gather(since: date, until: date) -> list[dict]:
    """Every clause 9.3.2 item with what each area found for the period, in the clause's order:
    [{"item": "c6", "label": "Audit results", "sources": [{"source": "audits", "lines": [...]}]}, ...].
    Items no area speaks to are kept (with no sources), so the minutes show them as not reported."""
    found: dict[str, list[dict]] = {key: [] for key in ITEM_KEYS}
    for entry in inputs:
        lines = entry.gather(since, until)
        if lines:
            found[entry.item].append({"source": entry.key, "lines": [str(line) for line in lines]})
    return [{"item": key, "label": str(label), "sources": found[key]} for key, label in CLAUSE_ITEMS]
