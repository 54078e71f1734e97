"""Charts on the agency's dashboard, contributed by each area in its `charts.py`:

    register(Chart("dossiers.on_time_by_month", _("On-time dossiers by month"), kind=LINE,
                   collect=on_time_by_month, unit="%"))

`collect()` runs in the agency's schema and returns ChartData (labels and one or more series), or None when
there is nothing to draw. The dashboard draws them with the vendored Chart.js (web/static/vendor/chart.js/,
no CDN) and prints the same figures as a table beneath each chart, for screen readers and for print. The
dashboard imports no area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .registry import Registry

LINE, BAR, DOUGHNUT = "line", "bar", "doughnut"


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float | int | None]
    colour: str = ""  # a CSS colour; the dashboard picks one when empty


@dataclass(frozen=True)
class ChartData:
    labels: list[str]
    series: list[Series]
    colours: list[str] = field(default_factory=list)  # one per label (doughnut slices)

    def rows(self) -> list[tuple[str, list]]:
        """The figures label by label (the table beneath the chart)."""
        return [(str(label), [s.values[index] if index < len(s.values) else None for s in self.series])
                for index, label in enumerate(self.labels)]

    def as_json(self) -> dict:
        return {"labels": [str(label) for label in self.labels], "colours": self.colours,
                "series": [{"label": str(s.label), "values": s.values, "colour": s.colour} for s in self.series]}


@dataclass(frozen=True)
class Chart:
    key: str
    title: Any  # a lazy translation
    collect: Callable[[], ChartData | None]
    kind: str = BAR
    unit: str = ""  # "%" draws a 0-100 axis
    perm: str | None = None
    url_name: str = ""  # the area's page the chart summarises
    order: int = 100


charts: Registry[Chart] = Registry("dashboard charts")


def register(chart: Chart) -> Chart:
    return charts.register(chart.key, chart)


def collect(*, may=lambda perm: True) -> list[tuple[Chart, ChartData]]:
    """The charts with something to draw for the current agency, in order."""
    drawn = []
    for chart in charts:
        if chart.perm and not may(chart.perm):
            continue
        data = chart.collect()
        if data is not None and data.labels:
            drawn.append((chart, data))
    return drawn
