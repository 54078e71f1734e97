import pytest
from django.test import override_settings

from eiso.celery import app


def test_beat_schedule_is_declared_beside_the_tasks():
    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["nightly rollup refresh"]
    assert entry["task"] == "supervision.refresh_all_statuses"


def test_fan_out_chunks_are_routed_to_their_own_queue():
    route = app.amqp.router.route({}, "core.fan_out_chunk")
    assert route["queue"].name == "fanout"


@pytest.mark.django_db
def test_fan_out_runs_the_task_in_every_agency_schema(province):
    from core.tasks import fan_out, province_schemas
    from supervision.models import AgencyStatus
    from supervision.tasks import refresh_agency_status

    schemas = province_schemas(province.id)
    assert {"so_tu_phap", "so_y_te", "xa_long_duc", "so_khcn"} <= set(schemas)
    with override_settings(CELERY_TASK_ALWAYS_EAGER=True):
        app.conf.task_always_eager = True
        try:
            sent = fan_out(refresh_agency_status, schemas, chunk_size=2)
        finally:
            app.conf.task_always_eager = False
    assert sent == len(schemas)
    refreshed = set(AgencyStatus.objects.filter(refreshed_at__isnull=False)
                    .values_list("agency__schema_name", flat=True))
    assert set(schemas) <= refreshed
