from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants.models import Agency, ProvisioningJob
from tests.tenants.helpers import WHOLE, footprint


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_create_agency_command_makes_the_slug_from_the_name(province, agency_a):
    out, _err = run("create_agency", name="UBND phường Phước Hậu", level="phường", province="86",
                    code="000.31.01.H62", parent=agency_a.slug, valid_from="01/07/2025")
    assert "phuong_phuoc_hau" in out and "http://phuong-phuoc-hau.localhost" in out
    agency = Agency.objects.get(slug="phuong-phuoc-hau")
    assert (agency.level, agency.code, agency.parent, agency.province) == ("commune", "000.31.01.H62", agency_a,
                                                                           province)
    assert str(agency.valid_from) == "2025-07-01"
    assert footprint("phuong-phuoc-hau") == WHOLE


@pytest.mark.django_db
def test_create_agency_command_refuses_with_the_reason(province):
    with pytest.raises(CommandError, match="level"):
        run("create_agency", name="UBND xã Nào Đó", level="làng", province="86")
    with pytest.raises(CommandError, match="so-tu-phap"):
        run("create_agency", name="Sở Tư pháp mới", level="sở", province="86", slug="so-tu-phap")
    with pytest.raises(CommandError, match="99"):
        run("create_agency", name="Sở A", level="sở", province="99")
    assert not Agency.objects.filter(name="UBND xã Nào Đó").exists()


@pytest.mark.django_db
def test_import_agencies_shows_progress_and_creates_the_file(province, tmp_path):
    path = tmp_path / "so-nganh.csv"
    lines = ["code;name;level"] + [f"000.00.{60 + i}.H62;Sở Thử Nghiệm {i};sở" for i in range(5)]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    out, err = run("import_agencies", str(path), province="86")
    assert err == ""
    assert "0/5   0%" in out and "5/5 100%" in out and "[##############################]" in out
    assert "Created 5 agencies" in out
    job = ProvisioningJob.objects.get(filename="so-nganh.csv")
    assert job.state == "done" and job.province == province
    assert Agency.objects.filter(name__startswith="Sở Thử Nghiệm").count() == 5


@pytest.mark.django_db
def test_import_agencies_rejects_a_bad_file_with_errors_by_line(province, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code;name;level\n000.00.70.H62;Sở Đúng;sở\n000.00.71.H62;Sở Sai;làng\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_agencies", str(path), province="86", stdout=out, stderr=err)
    assert "line 3 [level]" in err.getvalue()
    assert not Agency.objects.filter(name="Sở Đúng").exists()


@pytest.mark.django_db
def test_import_agencies_refuses_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"code;name;level\n1;S\xf4 T\xfd ph\xe1p;s\xf4\n")  # a legacy 8-bit encoding
    with pytest.raises(CommandError, match="UTF-8"):
        run("import_agencies", str(path), province="86")


def _unapply_a_leaf_migration(schema: str) -> tuple[str, str]:
    """Put one schema back before the newest tenant migration nothing depends on, as a deploy would find it."""
    from django.conf import settings
    from django.db.migrations.executor import MigrationExecutor
    from django_tenants.utils import schema_context

    with schema_context(schema):
        executor = MigrationExecutor(connection)
        graph = executor.loader.graph
        tenant_apps = {app.rsplit(".", 1)[-1] for app in settings.TENANT_APPS}
        leaves = [key for key in graph.leaf_nodes() if key[0] in tenant_apps and not graph.node_map[key].children
                  and all(op.reversible for op in graph.nodes[key].operations)]
        if not leaves:
            pytest.skip("no reversible tenant migration without dependents")
        app, name = leaves[0]
        previous = [parent for parent in graph.node_map[(app, name)].parents if parent.key[0] == app]
        executor.migrate([(app, previous[0].key[1] if previous else None)])
    return app, name


@pytest.mark.django_db
def test_migrate_agencies_skips_up_to_date_schemas_and_migrates_the_one_behind(agency_a):
    app, name = _unapply_a_leaf_migration("so_tu_phap")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM so_tu_phap.django_migrations WHERE app = %s AND name = %s", [app, name])
        assert cursor.fetchone()[0] == 0
    out, _err = run("migrate_agencies", "--check")
    assert "Behind the template: 1 agency schema(s): so_tu_phap" in out
    out, _err = run("migrate_agencies")
    assert "Up to date, skipped: 3 agency schema(s): so_khcn, so_y_te, xa_long_duc" in out
    assert "Behind the template: 1 agency schema(s): so_tu_phap" in out
    assert "Migrated 1 agency schema(s)" in out
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM so_tu_phap.django_migrations WHERE app = %s AND name = %s", [app, name])
        assert cursor.fetchone()[0] == 1
    out, _err = run("migrate_agencies")
    assert "No agency schema needs migrating" in out
    assert "skipped: 4 agency schema(s)" in out


@pytest.mark.django_db
def test_migrate_agencies_watches_a_table_the_rollup_may_skip_where_its_trigger_is_missing(agency_a):
    from supervision import table_use

    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER {table_use.TRIGGER} ON so_tu_phap.nonconformities_nonconformity')
    # (The template may be listed too: a committing test's flush empties the public marks, never the triggers.)
    out, _err = run("migrate_agencies", "--check")
    assert "Tables the rollup may skip, not watched:" in out and "so_tu_phap" in out.split("not watched")[1]
    assert table_use.schemas_not_watched(["so_tu_phap"]) == ["so_tu_phap"]  # --check changed nothing
    out, _err = run("migrate_agencies")
    assert "not watched (now watched):" in out and "so_tu_phap" in out.split("now watched")[1]
    assert table_use.schemas_not_watched(["so_tu_phap", "eiso_template", "so_y_te"]) == []
    out, _err = run("migrate_agencies")
    assert "Tables the rollup may skip" not in out
