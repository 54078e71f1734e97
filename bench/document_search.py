"""How fast is document search in one agency with 3,000 documents?

Builds (once) an agency "bench-search" in its own database (EISO_DB_NAME, default eiso_bench_search) with
3,000 documents created through documents.services.create_document (so their search vectors are built
exactly as in production) from realistic Vietnamese QMS vocabulary, 10% of them with an attached DOCX.
Then times documents.search.search_documents for typical queries (with and without diacritics, code
prefixes, rare and common words): the first page of 20 results, as the list view asks for it, plus the
PostgreSQL plan to show whether the GIN index on search_vector is used.

    PYTHONPATH=platform:. .venv/bin/python bench/document_search.py [--documents 3000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.dev")
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_search")
os.environ.setdefault("EISO_REDIS_PORT", "6409")

SLUG = "bench-search"
UNITS = ["HT", "VP", "TCCB", "KHTC", "HCTP", "LLTP", "BTTP", "CC", "PBGDPL", "TTr", "QLXLVPHC", "TTDVCC",
         "DKDD", "QLDD", "MT", "TNN", "KS", "DDBD", "XD", "QHKT", "GT", "NN", "TS", "LN", "KN", "TL", "YT",
         "DS", "GD", "VH", "TT", "DL", "LDTBXH", "NV", "TG", "TDKT", "DT", "KT", "CN", "TM"]
ACTIONS = ["tiếp nhận và giải quyết hồ sơ", "cấp", "cấp lại", "đăng ký", "thẩm định", "phê duyệt", "xác nhận",
           "gia hạn", "điều chỉnh", "thu hồi", "kiểm tra", "quản lý", "lưu trữ", "báo cáo", "công bố"]
OBJECTS = ["giấy chứng nhận quyền sử dụng đất", "Phiếu lý lịch tư pháp", "giấy khai sinh", "đăng ký kết hôn",
           "giấy phép xây dựng", "hộ kinh doanh", "chứng thực bản sao", "giấy phép lái xe", "nuôi con nuôi",
           "hồ sơ công chức", "văn bản đi, đến", "kế hoạch đào tạo", "ngân sách nhà nước", "tài sản công",
           "khiếu nại, tố cáo", "thi đua, khen thưởng", "đề án môi trường", "cấp phép khai thác nước",
           "hợp đồng lao động", "trợ cấp xã hội", "đăng ký thường trú", "chứng chỉ hành nghề"]
SENTENCES = [
    "Bộ phận Một cửa tiếp nhận hồ sơ, kiểm tra tính đầy đủ và hợp lệ của thành phần hồ sơ.",
    "Trường hợp hồ sơ chưa đầy đủ, công chức hướng dẫn tổ chức, cá nhân bổ sung một lần bằng văn bản.",
    "Chuyên viên thụ lý thẩm định hồ sơ, dự thảo kết quả và trình lãnh đạo phòng xem xét.",
    "Lãnh đạo đơn vị ký duyệt kết quả giải quyết thủ tục hành chính trong thời hạn quy định.",
    "Văn thư vào sổ, đóng dấu và chuyển kết quả về Trung tâm Phục vụ hành chính công.",
    "Hồ sơ được lưu trữ theo quy định tại Thông tư về thời hạn bảo quản hồ sơ, tài liệu.",
    "Thời hạn giải quyết không quá 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
    "Phí, lệ phí thực hiện theo Thông tư của Bộ Tài chính.",
    "Kết quả đánh giá sự hài lòng của người dân được tổng hợp hằng quý.",
    "Rủi ro chậm trễ được nhận diện và kiểm soát bằng việc theo dõi tiến độ trên hệ thống.",
    "Mọi sự không phù hợp phát hiện trong quá trình thực hiện được ghi nhận và xử lý kịp thời.",
    "Căn cứ Luật Hộ tịch, Nghị định hướng dẫn thi hành và các văn bản quy phạm pháp luật có liên quan.",
    "Thông tin dạng văn bản được kiểm soát, cập nhật và phê duyệt lại khi có thay đổi.",
    "Chương trình đánh giá nội bộ được lập hằng năm và báo cáo lãnh đạo xem xét.",
]
QUERIES = [
    ("exact title words, diacritics", "giấy phép xây dựng"),
    ("same without diacritics", "giay phep xay dung"),
    ("code prefix", "QT-LLTP"),
    ("exact code", "QT-HT-01"),
    ("rare word from an attachment", "biên bản nghiệm thu"),
    ("common phrase (matches most)", "quy trinh"),
    ("two words, typing in progress", "ket hon dang k"),
    ("web-search syntax", '"ho kinh doanh" -"thu hoi"'),
    ("no match", "tàu vũ trụ"),
]


def setup_django():
    import django

    django.setup()


def ensure_agency():
    from django.core.management import call_command

    from tenants.models import Agency, Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_template()
    agency = Agency.objects.filter(slug=SLUG).first()
    if agency is None:
        province, _ = Province.objects.get_or_create(code="86", defaults={"name": "Tỉnh Vĩnh Long",
                                                                          "slug": "vinh-long"})
        agency = create_agency(AgencySpec(name="Sở Tư pháp (benchmark)", level="department", province=province,
                                          slug=SLUG))
    else:
        call_command("migrate_schemas", schema_name=agency.schema_name, interactive=False, verbosity=0)
    return agency


def secretary(agency):
    from accounts.models import Membership, User
    from accounts.roles import Role

    user, _ = User.objects.get_or_create(username="bench-secretary",
                                         defaults={"full_name": "Thư ký ISO", "job_title": "Chuyên viên"})
    Membership.objects.get_or_create(user=user, agency=agency, role=Role.ISO_SECRETARY)
    return user


def docx_upload(text: str):
    import docx
    from django.core.files.uploadedfile import SimpleUploadedFile

    document = docx.Document()
    for line in text.split(". "):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("phu-luc.docx", buffer.getvalue(),
                             "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def populate(agency, count: int) -> float:
    from django_tenants.utils import tenant_context

    from documents import services
    from documents.models import Document

    rng = random.Random(20250701)
    actor = secretary(agency)
    started = time.perf_counter()
    with tenant_context(agency):
        existing = Document.objects.count()
        per_unit = {}
        for index in range(existing, count):
            unit = UNITS[index % len(UNITS)]
            per_unit[unit] = per_unit.get(unit, Document.objects.filter(code__startswith=f"QT-{unit}-").count()) + 1
            code = f"QT-{unit}-{per_unit[unit]:02d}"
            title = f"Quy trình {rng.choice(ACTIONS)} {rng.choice(OBJECTS)}"
            body = "".join(f"<h2>{n}. {name}</h2><p>{' '.join(rng.sample(SENTENCES, 4))}</p>"
                           for n, name in enumerate(["Mục đích", "Phạm vi", "Tài liệu viện dẫn",
                                                     "Định nghĩa/viết tắt", "Nội dung"], start=1))
            document = services.create_document(actor=actor, code=code, title=title, kind="internal_procedure",
                                                owner_unit=f"Phòng {unit}", content=body)
            if index % 10 == 0:
                words = " ".join(rng.sample(SENTENCES, 3))
                if index % 100 == 0:
                    words += " Biên bản nghiệm thu công trình được lưu kèm hồ sơ."
                services.add_attachment(document.revisions.get(), actor=actor, uploaded_file=docx_upload(words))
            if (index + 1) % 500 == 0:
                print(f"  created {index + 1} documents ({time.perf_counter() - started:.0f} s)", flush=True)
    return time.perf_counter() - started


def measure(agency, repeat: int) -> list[dict]:
    from django.db import connection
    from django_tenants.utils import tenant_context

    from documents.search import search_documents

    rows = []
    with tenant_context(agency):
        for label, query in QUERIES:
            queryset = search_documents(query)
            list(queryset[:20])  # warm the plan and the cache
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                page = list(search_documents(query)[:20])
                timings.append((time.perf_counter() - started) * 1000)
            total = search_documents(query).count()
            sql, params = queryset[:20].query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            rows.append({"label": label, "query": query, "matches": total, "first": page[0].code if page else "",
                         "median": statistics.median(timings), "p95": sorted(timings)[int(0.95 * (len(timings) - 1))],
                         "gin": "document_search_gin" in plan, "plan": plan})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--plans", action="store_true", help="print every query plan")
    parser.add_argument("--storage", choices=["extended", "main"], default="extended",
                        help="TOAST storage of search_vector in the bench schema: extended is what the migrations "
                             "create; main keeps vectors inline so the planner sees their real size")
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django_tenants.utils import tenant_context

    from documents.models import Document

    agency = ensure_agency()
    with tenant_context(agency):
        have = Document.objects.count()
    if have < args.documents:
        print(f"creating {args.documents - have} documents in {agency.schema_name} through services ...")
        seconds = populate(agency, args.documents)
        print(f"  done in {seconds:.1f} s")
    connection.ensure_connection()
    connection.connection.autocommit = True  # VACUUM cannot run inside a transaction block
    with tenant_context(agency):
        total = Document.objects.count()
        with connection.cursor() as cursor:
            cursor.execute("SELECT attstorage FROM pg_attribute WHERE attrelid = 'documents_document'::regclass "
                           "AND attname = 'search_vector'")
            wanted = {"extended": "x", "main": "m"}[args.storage]
            if cursor.fetchone()[0] != wanted:
                print(f"setting search_vector storage to {args.storage.upper()} and rewriting the vectors ...")
                cursor.execute(f"ALTER TABLE documents_document ALTER COLUMN search_vector SET STORAGE {args.storage}")
                cursor.execute("UPDATE documents_document SET search_vector = search_vector || ''::tsvector")
                cursor.execute("VACUUM FULL documents_document")
            # What autovacuum does shortly after a bulk load: flush the GIN pending list, refresh statistics.
            # (Until then the planner prices the index high and scans the table: still ~10 ms here.)
            cursor.execute("VACUUM ANALYZE documents_document")
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
    rows = measure(agency, args.repeat)
    load = os.getloadavg()[0]
    print(f"\n{version}; agency schema {agency.schema_name}; {total} documents; search_vector storage "
          f"{args.storage.upper()}; first page of 20, {args.repeat} runs each; load average {load:.1f} "
          f"on {os.cpu_count()} CPUs\n")
    print("| query | text | matches | first hit | median ms | p95 ms | GIN index |")
    print("| --- | --- | ---: | --- | ---: | ---: | --- |")
    for row in rows:
        print(f"| {row['label']} | `{row['query']}` | {row['matches']} | {row['first']} | {row['median']:.1f} | "
              f"{row['p95']:.1f} | {'yes' if row['gin'] else 'no'} |")
    if args.plans:
        for row in rows:
            print(f"\n-- {row['query']}\n{row['plan']}")
    worst = max(row["p95"] for row in rows)
    print(f"\nworst p95: {worst:.1f} ms ({'OK' if worst < 100 else 'TOO SLOW'}: target well under 100 ms)")


if __name__ == "__main__":
    main()
