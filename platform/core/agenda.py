"""What falls due in an agency and when: the agency dashboard's "due this month" and "overdue" lists.

Each area lists its open, dated obligations in its `agenda.py`:

    register(AgendaSource("nonconformities", _("Corrective actions"), collect=open_actions_due))

`collect(until)` runs in the agency's schema and returns the open items due on or before `until` (so
overdue ones too), as AgendaItems. Where "my tasks" (core.worklist) is one person's, the agenda is the
agency's: what its ISO secretary and head must see coming. The dashboard imports no area.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .registry import Registry


@dataclass(frozen=True)
class AgendaItem:
    title: str
    due_on: date
    url: str = ""
    owner: str = ""  # who must do it, as a name to show


@dataclass(frozen=True)
class AgendaSource:
    key: str
    label: Any  # the area's caption on the dashboard (a lazy translation)
    collect: Callable[[date], Iterable[AgendaItem]]
    perm: str | None = None  # who may see these items (None: whoever sees the dashboard)
    order: int = 100


sources: Registry[AgendaSource] = Registry("agenda sources")


def register(source: AgendaSource) -> AgendaSource:
    return sources.register(source.key, source)


@dataclass(frozen=True)
class Due:
    source: AgendaSource
    item: AgendaItem

    def overdue(self, today: date) -> bool:
        return self.item.due_on < today


def due_until(until: date, *, may=lambda perm: True) -> list[Due]:
    """Every open item due on or before `until`, earliest first; `may(perm)` says which sources to ask."""
    found = [Due(source, item) for source in sources if source.perm is None or may(source.perm)
             for item in source.collect(until)]
    return sorted(found, key=lambda due: (due.item.due_on, str(due.source.label), due.item.title))
