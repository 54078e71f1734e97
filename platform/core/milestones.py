"""What an agency must have done before its QMS counts as *applied* (QĐ 19 Art. 4, TT 26 Art. 7): the
steering committee, the documents in force, training, an internal audit, a management review.

Each area says when it last reached its milestone, in its `milestones.py`:

    register(Milestone("internal_audit", _("Internal audit completed"), reached_on=last_completed_audit,
                       yearly=True))

`reached_on()` runs in the agency's schema and returns the date the milestone was (last) reached, or None.
The publication state (announcement.selectors.publication_state) and the agency's dashboard loop over this
registry; neither imports the areas. A `yearly` milestone must be reached again every calendar year (the
dashboard and the supervisor flag the year it was not); `required_to_apply` ones must all have been reached
once for the system to count as applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .registry import Registry


@dataclass(frozen=True)
class Milestone:
    key: str
    label: Any  # a lazy translation
    reached_on: Callable[[], date | None]
    required_to_apply: bool = True
    yearly: bool = False
    url_name: str = ""  # the page where it is done ("audits:list"), for links
    order: int = 100


milestones: Registry[Milestone] = Registry("milestones")


def register(milestone: Milestone) -> Milestone:
    return milestones.register(milestone.key, milestone)


@dataclass(frozen=True)
class Progress:
    milestone: Milestone
    reached_on: date | None

    @property
    def reached(self) -> bool:
        return self.reached_on is not None

    def reached_in(self, year: int) -> bool:
        return self.reached_on is not None and self.reached_on.year == year


def progress() -> list[Progress]:
    """Every registered milestone with the date the current agency (last) reached it."""
    return [Progress(m, m.reached_on()) for m in milestones]
