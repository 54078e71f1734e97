"""Supervisor indicators: each area registers what it measures, computed in the agency's own schema.

An area declares its indicators and one function that computes all of them (one query for several
figures), in its `indicators.py`:

    @provides(
        Indicator("documents_effective", _("effective documents")),
        Indicator("documents_review_overdue", _("documents overdue for review"), alert_above=0),
    )
    def document_indicators() -> dict: ...

The supervision app loops over this registry to refresh an agency's rollup row (one JSON object of
values per agency in the public schema) and to draw the DOST's dashboard; it imports no area's models.
Agency pages read the same functions, so the two sides never disagree.

An area may also say what its figures are while the agency has never put a row in some of its tables
(`unused=(Risk,), when_unused={...}`): the nightly recompute then answers without opening them. Opening a
table in a schema a connection has not visited costs catalogue reads (its columns, indexes, constraints,
triggers): most of a recompute's time at national scale, where the catalogue no longer fits in memory
(bench/RESULTS.md). Whether a table was ever used is kept by a trigger (supervision/table_use.py);
tests/supervision/test_table_use.py checks every `when_unused` against the computation with those tables
emptied in an agency that uses every area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .registry import Registry

COUNT, BOOLEAN, DATE, RATIO, TEXT = "count", "boolean", "date", "ratio", "text"
# How the dashboard sums an indicator over a province's agencies.
TOTAL_SUM, TOTAL_MEETING, TOTAL_ALERTING = "sum", "meeting", "alerting"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: Any  # a lazy translation: the tile caption (and the column header unless `column` is given)
    kind: str = COUNT
    target: int | None = None  # agencies at or above it "meet" it; shown as value/target
    alert_above: float | None = None  # a value above it is flagged on the dashboard
    total: str | None = None  # TOTAL_* : what the province totals show for it
    total_label: Any = ""  # caption of that total, may use %(target)s
    column: Any = ""  # a short column header for the dashboard table
    on_dashboard: bool = True
    on_agency_home: bool = False
    order: int = 100
    # TEXT: the values it takes with their (lazy) labels; the DOST's filters and charts show the labels
    choices: tuple = ()

    @property
    def header(self) -> str:
        return str(self.column or self.label)

    def meets(self, value) -> bool:
        return self.target is not None and value is not None and value >= self.target

    def alerts(self, value) -> bool:
        return self.alert_above is not None and value is not None and value > self.alert_above

    def shown(self, value) -> str:
        """The value as a cell or tile shows it: "—" when unknown, "85%" for a ratio (stored in whole per
        cent), "5/6" for a count with a target, "✓"/"✗" for a yes-or-no."""
        if value is None:
            return "—"
        if self.choices:
            return str(dict(self.choices).get(value, value))
        if self.kind == BOOLEAN:
            return "✓" if value else "✗"
        if self.kind == RATIO:
            return f"{value}%"
        if self.target is not None:
            return f"{value}/{self.target}"
        if self.kind == DATE and isinstance(value, str) and len(value) == 10:
            return f"{value[8:10]}/{value[5:7]}/{value[0:4]}"  # stored ISO, shown as Vietnamese write dates
        return str(value)

    @property
    def total_caption(self) -> str:
        return str(self.total_label) % {"target": self.target} if self.total_label else str(self.label)


@dataclass
class IndicatorGroup:
    area: str
    compute: Callable[[], dict]
    indicators: list[Indicator] = field(default_factory=list)
    key: str = ""
    order: int = 100
    # Why the values are what they are, in words (read live, for one agency's drill-down, never nightly)
    explain: Callable[[], list[str]] | None = None
    # The values while none of these models' tables has ever held a row in the agency (None: always compute)
    unused: tuple = ()
    when_unused: dict | None = None

    @property
    def unused_tables(self) -> frozenset[str]:
        return frozenset(model._meta.db_table for model in self.unused)

    def values(self, unused_tables: frozenset[str] | set[str] = frozenset()) -> dict:
        """Its figures for the agency whose schema the connection is on; `unused_tables`: the tables of that
        schema that never held a row (supervision.table_use), which let it answer without reading."""
        if self.when_unused is not None and self.unused_tables <= unused_tables:
            return dict(self.when_unused)
        return self.compute()


groups: Registry[IndicatorGroup] = Registry("indicator groups")


def provides(*indicators: Indicator, area: str | None = None, order: int = 100,
             explain: Callable[[], list[str]] | None = None, unused: tuple = (), when_unused: dict | None = None):
    """Register the decorated function as the computation of `indicators` (run in the agency's schema);
    `explain`, if given, says in words why they are what they are (the DOST's drill-down into one agency);
    `when_unused`, what they are while none of the `unused` models' tables ever held a row there."""
    if (not unused) != (when_unused is None):
        raise ValueError("unused= and when_unused= go together")
    if when_unused is not None and set(when_unused) != {i.key for i in indicators}:
        raise ValueError(f"when_unused must give every indicator of the group: {sorted(i.key for i in indicators)}")

    def register(compute: Callable[[], dict]):
        name = area or compute.__module__.split(".")[0]
        groups.register(f"{name}.{compute.__name__}",
                        IndicatorGroup(area=name, compute=compute, indicators=list(indicators),
                                       key=f"{name}.{compute.__name__}", order=order, explain=explain,
                                       unused=tuple(unused), when_unused=when_unused))
        return compute

    return register


def all_indicators() -> list[Indicator]:
    return sorted((i for group in groups for i in group.indicators), key=lambda i: (i.order, i.key))


def indicator(key: str) -> Indicator:
    for item in all_indicators():
        if item.key == key:
            return item
    raise KeyError(key)


def watched_tables() -> list[str]:
    """Every table some group can answer for without reading, while it was never used."""
    return sorted({table for group in groups for table in group.unused_tables})


def compute_all(unused_tables: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """Every registered indicator for the agency whose schema the connection is on; `unused_tables`: those of
    its tables known never to have held a row (supervision.table_use), so their groups need not read them."""
    values: dict[str, Any] = {}
    for group in groups:
        computed = group.values(unused_tables)
        declared = {i.key for i in group.indicators}
        missing = declared - set(computed)
        if missing:
            raise ValueError(f"{group.key} did not compute {sorted(missing)}")
        values.update({key: computed[key] for key in declared})
    return values


def explain_all() -> list[str]:
    """Every registered explanation for the agency whose schema the connection is on, in the groups' order."""
    return [reason for group in groups if group.explain is not None for reason in group.explain()]


def indicators_changed() -> None:
    """What the supervisor sees of this agency changed: refresh its rollup row once this commits.

    Sent by name so that no area imports the supervision app; the task runs in this agency's schema, and
    waits in core.outbox if Redis is down.
    """
    from .outbox import send_after_commit

    send_after_commit("supervision.refresh_agency_status")
