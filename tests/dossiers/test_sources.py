"""Reading exports: the CSV and JSON formats, local times, and errors by line before anything is applied."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from dossiers.sources import CsvSource, DossierRecord, JsonSource, RowError, SourceRejected, parse_time

from .conftest import HEADER, SAMPLE_ROWS, VN, csv_text

SAMPLES = Path(__file__).resolve().parents[2] / "platform" / "dossiers" / "samples"


def read(source):
    items = list(source.records())
    return [i for i in items if isinstance(i, DossierRecord)], [i for i in items if isinstance(i, RowError)]


def test_times_in_the_formats_one_stop_systems_write_are_vietnam_local():
    assert parse_time("04/08/2026 10:00") == datetime(2026, 8, 4, 10, 0, tzinfo=VN)
    assert parse_time("2026-08-04T10:00") == datetime(2026, 8, 4, 10, 0, tzinfo=VN)
    assert parse_time("2026-08-04T03:00:00Z") == datetime(2026, 8, 4, 10, 0, tzinfo=VN)
    assert parse_time("04/08/2026", end_of_day=True) == datetime(2026, 8, 4, 23, 59, 59, tzinfo=VN)
    assert parse_time("4 tháng 8") is None


def test_csv_rows_become_records_with_their_steps():
    records, errors = read(CsvSource(csv_text(*SAMPLE_ROWS)))
    assert errors == [] and [r.external_id for r in records] == [f"D{n}" for n in range(1, 9)]
    first = records[0]
    assert first.tthc_code == "1.001193" and first.handler == "Nguyễn Thị Thu Hà" and first.status == "returned"
    assert [(s.number, s.name) for s in first.steps] == [(1, "Tiếp nhận hồ sơ"), (2, "Thẩm định")]
    assert first.steps[1].due_at == datetime(2026, 8, 4, 12, 0, tzinfo=VN)
    assert records[1].steps[0].due_at is None and len(records[1].steps) == 1
    assert records[4].status == "processing" and records[3].steps == ()


def test_semicolons_and_a_byte_order_mark_are_read_too():
    text = "\ufeff" + csv_text("1.001193;X1;03/08/2026 08:00;04/08/2026 17:00;;;;;;;;;;;",
                               header=HEADER.replace(",", ";"))
    records, errors = read(CsvSource(text))
    assert not errors and records[0].external_id == "X1"


def test_every_bad_row_is_reported_by_line_and_column():
    text = csv_text(SAMPLE_ROWS[0],
                    "1.001193,E2,03/08/2026 08:00,02/08/2026 17:00,,,A,,,,,,,,",  # due before receipt: line 3
                    "1.001193,E3,ngày 3 tháng 8,04/08/2026 17:00,,,A,,,,,,,,",  # unreadable time: line 4
                    ",E4,03/08/2026 08:00,04/08/2026 17:00,,04/08/2026 18:00,A,,,,,,,,",  # no code, returned only
                    "1.001193,E5,03/08/2026 08:00,04/08/2026 17:00,,,A,B,03/08/2026 09:00,03/08/2026 08:00,,,,,")
    _records, errors = read(CsvSource(text))
    assert [(e.line, e.field) for e in errors] == [
        (3, "due"), (4, "received"), (5, "tthc_code"), (5, "resolved"), (6, "step1_finished")]


def test_a_file_without_a_required_column_or_with_an_unknown_one_is_refused_whole():
    with pytest.raises(SourceRejected) as refused:
        list(CsvSource("tthc_code,dossier_id,received,ngay_hen\n1,2,3,4\n").records())
    assert {(e.line, e.field) for e in refused.value.errors} == {(1, "due"), (1, "ngay_hen")}
    with pytest.raises(SourceRejected):
        list(CsvSource(HEADER + "\n").records())


def test_json_export_with_steps_and_errors_by_position():
    records, errors = read(JsonSource((SAMPLES / "ho-so-mau.json").read_text(encoding="utf-8")))
    assert not errors and [r.external_id for r in records] == ["XCL-261102-90001", "XCL-261102-90002",
                                                              "XCL-261127-90003"]
    assert len(records[0].steps) == 3 and records[1].resolved_at == datetime(2026, 11, 2, 15, 45, tzinfo=VN)
    _records, errors = read(JsonSource('[{"tthc_code": "1", "dossier_id": "a", "received": "x", "due": '
                                       '"2026-08-01"}, 5, {"tthc_code": "1", "dossier_id": "b", "received": '
                                       '"2026-08-01", "due": "2026-08-02", "nguoi_xu_ly": "A"}]'))
    assert [(e.line, e.field) for e in errors] == [(1, "received"), (2, None), (3, "nguoi_xu_ly")]
    with pytest.raises(SourceRejected):
        list(JsonSource("{not json").records())


def test_the_shipped_sample_reads_without_errors():
    text = (SAMPLES / "ho-so-mau.csv").read_text(encoding="utf-8")
    records, errors = read(CsvSource(text))
    assert not errors and len(records) == len(text.strip().splitlines()) - 1
    assert sum(1 for r in records if r.resolved_at and r.resolved_at > r.due_at) >= 1  # some late ones
    assert all(r.steps for r in records)
