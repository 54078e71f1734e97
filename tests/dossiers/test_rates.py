"""On-time rates against the hand-checked sample (tests/dossiers/conftest.py, "now" = 02/12/2026 10:00).

By hand, from the sample:
  1.001193  D1 resolved before due (on time, Aug); D2 resolved exactly at due (on time, Aug);
            D3 resolved 3 days late (late, Aug); D4 resolved 01/10 after due 29/09 (late, Oct);
            D5 open, due 26/11 passed (open overdue)            -> 4 resolved, 2 on time, 2 late, rate 50.0
  2.000815  D6 resolved 01/09 00:30 local (= 31/08 17:30 UTC: September in Vietnam), on time;
            D7 on time (Sep); D8 open, due 03/12 not passed     -> 2 resolved, 2 on time, rate 100.0
  all       6 resolved, 4 on time, 2 late, 2 open, 1 open overdue -> 66.7
  months    08/2026: D1 D2 D3 -> 3, 2 on time (66.7); 09/2026: D6 D7 -> 2, 2 (100.0); 10/2026: D4 -> 1, 0 (0.0)
  steps of 1.001193 with a due time: step 1 of D1 (on time), D3 (late), D5 (on time); D2's has no due
            -> 3, 3 finished, 2 on time (66.7); step 2 of D1 (on time), D3 (late), D5 (open, overdue)
            -> 3, 2 finished, 1 on time, 1 open overdue (50.0)
"""

from __future__ import annotations

from datetime import date

import pytest

from dossiers import selectors
from dossiers.models import Dossier

from .conftest import NOW, SAMPLE_ROWS, csv_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(in_a, run_import):
    assert run_import(csv_text(*SAMPLE_ROWS)).status == "done"
    return Dossier.objects.all()


def counts(row):
    return (row.total, row.resolved, row.on_time, row.late, row.open, row.open_overdue, row.rate)


def test_rates_per_tthc_and_in_total(sample):
    rows = {r.key: counts(r) for r in selectors.rates_by_tthc(sample, now=NOW)}
    assert rows == {"1.001193": (5, 4, 2, 2, 1, 1, 50.0), "2.000815": (3, 2, 2, 0, 1, 0, 100.0)}
    assert counts(selectors.totals(sample, now=NOW)) == (8, 6, 4, 2, 2, 1, 66.7)


def test_rates_per_month_count_the_vietnamese_month_the_dossier_was_resolved_in(sample):
    rows = [(r.key, r.resolved, r.on_time, r.late, r.rate) for r in selectors.rates_by_month(sample)]
    assert rows == [(date(2026, 8, 1), 3, 2, 1, 66.7), (date(2026, 9, 1), 2, 2, 0, 100.0),
                    (date(2026, 10, 1), 1, 0, 1, 0.0)]


def test_rates_per_step(sample):
    rows = selectors.rates_by_step(sample.filter(tthc_code="1.001193"), now=NOW)
    assert [(r.key[0], r.name, *counts(r)) for r in rows] == [
        (1, "Tiếp nhận hồ sơ", 3, 3, 2, 1, 0, 0, 66.7), (2, "Thẩm định", 3, 2, 1, 1, 1, 1, 50.0)]


def test_periods_filters_and_late_list(sample):
    august = selectors.filter_dossiers(sample, year=2026, month=8)
    assert sorted(august.values_list("external_id", flat=True)) == ["D1", "D2", "D3"]
    assert counts(selectors.totals(selectors.in_period(sample, 2025))) == (0, 0, 0, 0, 0, 0, None)
    late = selectors.late_dossiers(sample, now=NOW)
    assert list(late.values_list("external_id", flat=True)) == ["D3", "D4", "D5"]
    # D8 falls due on 03/12/2026: "late" is judged at the sample's NOW, not on the day the suite runs
    assert list(selectors.filter_dossiers(sample, tthc="2.000815", late=True, now=NOW)) == []


def test_on_time_rate_for_a_year_and_the_indicator(sample, agency_a, agency_b):
    from core.indicators import compute_all

    assert selectors.on_time_rate(agency_a, 2026) == 66.7
    assert selectors.on_time_rate(agency_a.schema_name, 2025) is None
    assert selectors.on_time_rate(agency_b, 2026) is None  # another schema: no dossiers there
    values = compute_all()
    assert "dossiers.on_time_rate" in values
