"""CSV import: good files create every agency, a bad line rejects the file, a failure mid-way leaves no half."""

from datetime import date

import pytest
from django.db import connection

from tenants.bulk import parse_level, plan_file, run_job
from tenants.models import Agency, ProvisioningJob
from tenants.naming import choose_slug
from tenants.services import create_provisioning_job
from tests.tenants.helpers import NOTHING, WHOLE, footprint

GOOD = (
    "\ufeffcode;name;level;short_name;parent_code;valid_from;address\n"
    "000.00.99.H62;Sở Nội vụ;sở;SNV;;01/07/2025;Số 1 đường 3/2, Vĩnh Long\n"
    "000.00.98.H62;Trung tâm Phục vụ hành chính công;đvsn;;000.00.99.H62;2025-07-01;\n"
    "\n"
    "000.30.99.H62;UBND xã Long Đức;xã;;;1/7/2025;\n"       # name of an existing agency: slug gets the province
    "000.30.98.H62;Ủy ban nhân dân phường Phước Hậu;Phường;;;;\n"
)


def run(text, province, **kwargs):
    job = create_provisioning_job(text, "agencies.csv", province)
    seen = []
    run_job(job, on_progress=lambda j: seen.append((j.state, j.done)), **kwargs)
    job.refresh_from_db()
    return job, seen


@pytest.mark.django_db
def test_good_file_creates_every_agency_with_progress(province):
    job, seen = run(GOOD, province)
    assert job.state == ProvisioningJob.State.DONE, job.errors
    assert (job.total, job.done, job.percent, job.errors) == (4, 4, 100, [])
    assert job.created_slugs == ["so-noi-vu", "trung-tam-phuc-vu-hanh-chinh-cong", "xa-long-duc-vinh-long",
                                 "phuong-phuoc-hau"]
    # progress was saved after each agency, in order
    assert [done for state, done in seen if state == "running"] == [0, 1, 2, 3, 4]
    noi_vu = Agency.objects.get(code="000.00.99.H62")
    assert (noi_vu.name, noi_vu.level, noi_vu.short_name, noi_vu.valid_from) == (
        "Sở Nội vụ", "department", "SNV", date(2025, 7, 1))
    assert noi_vu.address == "Số 1 đường 3/2, Vĩnh Long"
    center = Agency.objects.get(slug="trung-tam-phuc-vu-hanh-chinh-cong")
    assert center.parent == noi_vu and center.level == "public_service_unit"
    for slug in job.created_slugs:
        assert footprint(slug) == WHOLE
    assert Agency.objects.get(slug="phuong-phuoc-hau").level == "commune"


@pytest.mark.django_db
def test_comma_separated_file_with_province_column(province):
    text = ("code,name,level,slug,province_code\n"
            "000.40.01.H62,\"UBND xã An Bình, mới\",commune,xa-an-binh-moi,86\n")
    job, _seen = run(text, None)
    assert job.state == "done", job.errors
    assert Agency.objects.get(slug="xa-an-binh-moi").province == province


def test_names_that_differ_only_by_their_marks_get_distinct_subdomains(province):
    """Hải Phòng has had a 'xã Cẩm Giang' and a 'xã Cẩm Giàng' since 2025: the same letters without marks. The
    first takes the name, the second the province, the third the official code; no line is refused."""
    plan = plan_file("code;name;level\n"
                     "10837;UBND xã Cẩm Giang;xã\n"
                     "10838;UBND xã Cẩm Giàng;xã\n"
                     "10839;UBND xã Cẩm Giãng;xã\n", province)
    assert plan.errors == []
    assert [planned.spec.slug for planned in plan.agencies] == [
        "xa-cam-giang", "xa-cam-giang-vinh-long", "xa-cam-giang-vinh-long-10839"]
    # an agency added without a code (the admin's form) is numbered instead
    taken = {"xa-cam-giang", "xa-cam-giang-vinh-long"}
    assert choose_slug("UBND xã Cẩm Giãng", "vinh-long", taken.__contains__) == "xa-cam-giang-vinh-long-2"


@pytest.mark.django_db
def test_every_bad_line_is_reported_and_nothing_is_created(province):
    before = Agency.objects.count()
    text = (
        "code;name;level;slug;parent_code;valid_from\n"
        "000.50.01.H62;UBND xã Hợp Lệ;xã;;;01/07/2025\n"          # 2: fine on its own
        "000.50.02.H62;;xã;;;\n"                                   # 3: no name
        "000.50.03.H62;UBND xã Ba;làng;;;\n"                       # 4: unknown level
        "000.50.04.H62;UBND xã Bốn;xã;;;31/02/2025\n"              # 5: no such date
        "000.50.01.H62;UBND xã Năm;xã;;;\n"                        # 6: code also on line 2
        "000.00.14.H62;UBND xã Sáu;xã;;;\n"                        # 7: code of Sở Tư pháp
        "000.50.07.H62;UBND xã Bảy;xã;;000.99.99.H62;\n"           # 8: unknown parent
        "000.50.08.H62;UBND xã Tám;xã;8-sai;;\n"                   # 9: slug starts with a digit
        "000.50.09.H62;UBND xã Chín;xã;so-y-te;;\n"                # 10: slug of Sở Y tế
        "000.50.10.H62;UBND xã Mười;xã;www;;\n"                    # 11: reserved slug
        "000.50.11.H62;UBND xã Hợp Lệ;xã;;;\n"                     # 12: same name as line 2 -> own slug
    )
    job, _seen = run(text, province)
    assert job.state == ProvisioningJob.State.REJECTED
    assert job.done == 0 and job.total == 11
    found = {(e["line"], e["field"]) for e in job.errors}
    assert found == {(3, "name"), (4, "level"), (5, "valid_from"), (6, "code"), (7, "code"), (8, "parent_code"),
                     (9, "slug"), (10, "slug"), (11, "slug")}
    assert all(e["message"] for e in job.errors)
    assert Agency.objects.count() == before
    assert footprint("xa-hop-le") == NOTHING
    assert footprint("xa-hop-le-vinh-long") == NOTHING


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "words"), [("vi", "Cấp “làng” không hợp lệ"), ("en", "Unknown level “làng”")])
def test_errors_are_written_in_the_senders_language(province, language, words):
    from django.utils import translation

    text = "code;name;level\n000.60.01.H62;UBND xã Một;làng\n"
    with translation.override(language):
        job = create_provisioning_job(text, "a.csv", province)
    job = run_job(job)  # a worker runs it with no language of its own
    assert job.errors[0]["field"] == "level"
    assert words in job.errors[0]["message"]


@pytest.mark.django_db
def test_missing_columns_and_empty_files_are_rejected(province):
    assert {e["field"] for e in plan_file("name;slug\nSở A;so-a\n", province).errors} == {"code", "level"}
    assert plan_file("", province).errors[0]["line"] == 1
    assert plan_file("code;name;level\n", province).errors
    assert plan_file("code;name;level;colour\n1;A;sở;red\n", province).errors[0]["field"] == "colour"
    # no province given for the file and no province_code column
    assert plan_file("code;name;level\n000.70.01.H62;Sở A;sở\n", None).errors[0]["field"] == "province_code"


def test_levels_accept_codes_and_vietnamese_words():
    assert parse_level("Sở") == parse_level("so") == parse_level("department") == "department"
    assert parse_level("Thị trấn") == parse_level("ĐẶC KHU") == parse_level("phường") == "commune"
    assert parse_level("huyện") == "district"
    assert parse_level("ĐVSN") == parse_level("Đơn vị sự nghiệp") == "public_service_unit"
    assert parse_level("làng") is None


@pytest.mark.django_db
def test_a_line_failing_at_creation_leaves_nothing_half_created(province):
    """The domain insert of line 3 fails after its row and schema were made: both must be gone."""
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE FUNCTION public.refuse_domain() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'domain % refused by the test', NEW.domain; END $$;
            CREATE TRIGGER refuse_domain BEFORE INSERT ON public.tenants_domain FOR EACH ROW
            WHEN (NEW.domain = 'xa-hong-giua.localhost') EXECUTE FUNCTION public.refuse_domain();
        """)
    text = ("code;name;level\n"
            "000.80.01.H62;UBND xã Đầu;xã\n"
            "000.80.02.H62;UBND xã Hỏng Giữa;xã\n"
            "000.80.03.H62;UBND xã Cuối;xã\n")
    job, _seen = run(text, province)
    assert job.state == ProvisioningJob.State.FAILED
    assert (job.total, job.done) == (3, 2)
    assert [(e["line"], "refused by the test" in e["message"]) for e in job.errors] == [(3, True)]
    assert footprint("xa-dau") == WHOLE
    assert footprint("xa-cuoi") == WHOLE
    assert footprint("xa-hong-giua") == NOTHING
    assert job.created_slugs == ["xa-dau", "xa-cuoi"]


@pytest.mark.django_db
def test_a_job_runs_once(province):
    job, _seen = run("code;name;level\n000.90.01.H62;Sở Một Lần;sở\n", province)
    assert job.state == "done"
    again = run_job(job)
    assert again.state == "done" and Agency.objects.filter(code="000.90.01.H62").count() == 1
