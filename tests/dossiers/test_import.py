"""Importing exports: all or nothing, the same file twice changes nothing, a changed dossier is updated."""

from __future__ import annotations

import pytest

from core.errors import DomainError
from dossiers import services
from dossiers.models import Dossier, DossierImport, DossierStep
from dossiers.sources import CsvSource

from .conftest import SAMPLE_ROWS, csv_text, upload

pytestmark = pytest.mark.django_db


def test_a_good_file_is_imported_with_counts(in_a, run_import):
    job = run_import(csv_text(*SAMPLE_ROWS))
    assert job.status == DossierImport.Status.DONE and job.errors == []
    assert (job.rows_total, job.rows_done, job.created_count, job.updated_count, job.unchanged_count) == (8, 8, 8, 0, 0)
    assert Dossier.objects.count() == 8 and DossierStep.objects.count() == 7
    d1 = Dossier.objects.get(external_id="D1")
    assert d1.source == "mot-cua" and d1.status == "returned" and list(d1.steps.values_list("number", flat=True)) == [1, 2]


def test_one_bad_row_applies_nothing_and_lists_every_error_by_line(in_a, run_import):
    text = csv_text(*SAMPLE_ROWS, "1.001193,E1,03/08/2026 08:00,02/08/2026 17:00,,,A,,,,,,,,",
                    "1.001193,D1,03/08/2026 08:00,04/08/2026 17:00,,,A,,,,,,,,")  # D1 again
    job = run_import(text)
    assert job.status == DossierImport.Status.FAILED
    assert [(e["line"], e["field"]) for e in job.errors] == [(10, "due"), (11, "dossier_id")]
    assert "line 2" in job.errors[1]["message"] or "dòng 2" in job.errors[1]["message"]
    assert not Dossier.objects.exists() and not DossierStep.objects.exists()


def test_the_same_file_twice_changes_nothing(in_a, run_import):
    run_import(csv_text(*SAMPLE_ROWS))
    before = list(Dossier.objects.order_by("pk").values())
    steps = list(DossierStep.objects.order_by("pk").values())
    again = run_import(csv_text(*SAMPLE_ROWS))
    assert (again.status, again.created_count, again.updated_count, again.unchanged_count) == ("done", 0, 0, 8)
    assert list(Dossier.objects.order_by("pk").values()) == before  # not even updated_at moved
    assert list(DossierStep.objects.order_by("pk").values()) == steps
    assert Dossier.objects.count() == 8 and DossierStep.objects.count() == 7


def test_a_changed_dossier_is_updated_and_its_steps_replaced(in_a, run_import):
    run_import(csv_text(*SAMPLE_ROWS))
    untouched = DossierStep.objects.filter(dossier__external_id="D3").values_list("pk", flat=True)
    untouched = sorted(untouched)
    changed = SAMPLE_ROWS[0].replace("04/08/2026 10:00,04/08/2026 14:00", "05/08/2026 10:00,05/08/2026 14:00")
    changed = changed.replace(",Thẩm định,03/08/2026 08:30,04/08/2026 09:30,04/08/2026 12:00", ",,,,")
    job = run_import(csv_text(changed, *SAMPLE_ROWS[1:], "2.000815,D9,02/12/2026 08:00,02/12/2026 12:00,,,A,,,,,,,,"))
    assert (job.created_count, job.updated_count, job.unchanged_count) == (1, 1, 7)
    d1 = Dossier.objects.get(external_id="D1")
    assert d1.resolved_at.day == 5 and list(d1.steps.values_list("number", flat=True)) == [1]
    assert sorted(DossierStep.objects.filter(dossier__external_id="D3").values_list("pk", flat=True)) == untouched


def test_the_task_reports_progress_and_a_finished_job_is_left_alone(in_a, staff, monkeypatch):
    from dossiers.tasks import run_dossier_import

    monkeypatch.setattr(services, "PROGRESS_EVERY", 3)
    job = services.start_import(actor=staff.secretary, upload=upload(csv_text(*SAMPLE_ROWS)))
    assert job.status == "queued" and job.format == "csv" and len(job.sha256) == 64
    seen = []
    services.run_import(job.pk, on_progress=lambda j: seen.append((j.status, j.rows_done)))
    assert seen == [("running", 3), ("running", 6), ("running", 8), ("done", 8)]
    result = run_dossier_import(job.pk)  # a redelivered task
    assert result["status"] == "done" and Dossier.objects.count() == 8


def test_a_retried_job_whose_worker_died_finishes_the_same(in_a, staff):
    job = services.start_import(actor=staff.secretary, upload=upload(csv_text(*SAMPLE_ROWS)))
    DossierImport.objects.filter(pk=job.pk).update(status="running", rows_done=4)
    assert services.run_import(job.pk).status == "done" and Dossier.objects.count() == 8


def test_json_and_the_shipped_sample_import(in_a, run_import):
    from .test_sources import SAMPLES

    job = run_import((SAMPLES / "ho-so-mau.json").read_text(encoding="utf-8"), name="ho-so.json")
    assert job.format == "json" and job.created_count == 3
    sample = (SAMPLES / "ho-so-mau.csv").read_text(encoding="utf-8")
    assert run_import(sample).created_count == len(sample.strip().splitlines()) - 1


def test_a_connector_plugs_in_through_the_same_interface(in_a, staff):
    """Any DossierSource (here a stand-in for the provincial system) goes through the same import."""

    class Provincial:
        name = "hethong-tinh"

        def records(self):
            yield from CsvSource(csv_text(*SAMPLE_ROWS[:2])).records()

    job = DossierImport.objects.create(file_name="api", sha256="-", format="json", started_by=staff.secretary)
    services.import_from_source(job, Provincial())
    assert set(Dossier.objects.values_list("source", flat=True)) == {"hethong-tinh"}


def test_refusals_before_anything_is_stored(in_a, staff):
    with pytest.raises(DomainError) as refused:
        services.start_import(actor=staff.secretary, upload=upload("a,b", name="ho-so.xlsx"))
    assert refused.value.code == "dossier_file_type"
    with pytest.raises(DomainError) as refused:
        services.start_import(actor=staff.secretary, upload=upload("", name="ho-so.csv"))
    assert refused.value.code == "empty_file"
    from django.core.exceptions import PermissionDenied

    for who in (staff.reader, staff.approver):
        with pytest.raises(PermissionDenied):
            services.start_import(actor=who, upload=upload(csv_text(*SAMPLE_ROWS)))
    assert not DossierImport.objects.exists()


def test_imported_dossiers_keep_their_history_with_who_imported_them(in_a, run_import, staff):
    from pghistory.models import Events

    run_import(csv_text(*SAMPLE_ROWS))
    changed = SAMPLE_ROWS[0].replace("04/08/2026 10:00,04/08/2026 14:00", "05/08/2026 10:00,05/08/2026 14:00")
    run_import(csv_text(changed, *SAMPLE_ROWS[1:]))
    d1 = Dossier.objects.get(external_id="D1")
    events = list(Events.objects.across("dossiers.DossierEvent").tracks(d1).order_by("pgh_created_at"))
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert all(e.pgh_context and e.pgh_context.get("action") == "dossiers.import_dossiers"
               and e.pgh_context.get("user") == staff.secretary.pk for e in events)


def test_the_task_is_sent_after_commit_from_the_agency_schema(in_a, staff, django_capture_on_commit_callbacks,
                                                              sent_tasks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.start_import(actor=staff.secretary, upload=upload(csv_text(*SAMPLE_ROWS)))
    assert sent_tasks == [] and len(callbacks) == 1  # nothing leaves before the job row is committed
    callbacks[0]()
    assert sent_tasks == [("dossiers.run_dossier_import", [job.pk], in_a.schema_name)]
