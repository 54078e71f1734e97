"""The document and record lists cost a fixed number of queries, whatever the page holds (issue 6, item 8).

Rows are written straight through the ORM, not the services: a published edition through the services
renders a PDF snapshot per sign-off, and fifty of them would make this test slow without changing what
the list reads. Each row still carries what the list shows: an effective edition with its author, an
edition in the making for every other document, an owner, a procedure for the forms, and records with
their filer and requirement.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from documents.models import Document, Revision, RevisionState
from records import services as record_services
from records.models import Record, RecordRequirement
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

# The whole request, as counted below: six queries (the hostname's agency, which the test settings do not
# cache; session; user; the caller's memberships, once per request; the page's COUNT; the page) each after
# django-tenants' `SET search_path`. Lower is fine (change the number); higher is a regression.
DOCUMENT_LIST_QUERIES = {"secretary": 12, "staff": 12}
RECORD_LIST_QUERIES = {"secretary": 12, "staff": 12}


def add_documents(agency, n, *, author, start=0):
    """`n` documents, each effective in its first edition; every other one also has a draft second
    edition, and every third is a form belonging to the first procedure."""
    today = timezone.localdate()
    with tenant_context(agency):
        documents = Document.objects.bulk_create([
            Document(code=f"QT-LS-{start + i:03d}", title=f"Quy trình số {start + i}", kind="system_procedure",
                     owner=author, owner_unit="Văn phòng", review_due=today + timedelta(days=i - 10))
            for i in range(n)])
        effective = Revision.objects.bulk_create([
            Revision(document=d, edition=1, state=RevisionState.PUBLISHED, content="<p>Nội dung</p>",
                     created_by=author, issue_date=date(2025, 1, 2), published_at=timezone.now())
            for d in documents])
        Revision.objects.bulk_create([Revision(document=d, edition=2, state=RevisionState.DRAFT, created_by=author)
                                      for d in documents[::2]])
        procedure = Document.objects.order_by("pk").first()
        for document, revision in zip(documents, effective, strict=True):
            document.effective_revision = revision
            if document.pk % 3 == 0 and document.pk != procedure.pk:
                document.procedure = procedure
        Document.objects.bulk_update(documents, ["effective_revision", "procedure"])
        return documents


def add_records(agency, documents, n, *, author):
    with tenant_context(agency):
        requirements = RecordRequirement.objects.bulk_create([
            RecordRequirement(document=d, name=f"Sổ theo dõi {d.code}", kept_by="Văn thư", retention="5 năm")
            for d in documents])
        Record.objects.bulk_create([
            Record(document=documents[i % len(documents)], requirement=requirements[i % len(requirements)],
                   year=2025, title=f"Hồ sơ số {i}", field="Hộ tịch", reference=f"Hộp {i}", filed_by=author)
            for i in range(n)])


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) > 0
    return len(queries)


def session_client(agency, user):
    """A client logged in by session, so every request loads its user afresh as in production (a user
    object shared across requests would carry its cached roles and hide the membership query)."""
    client = APIClient(HTTP_HOST=host_of(agency))
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["secretary", "staff"])
def test_document_list_costs_the_same_for_5_and_55_rows(agency_a, people, who):
    client = session_client(agency_a, getattr(people, who))
    add_documents(agency_a, 5, author=people.secretary)
    few = count_queries(client, "/api/v1/documents/")
    add_documents(agency_a, 50, author=people.secretary, start=5)
    many = count_queries(client, "/api/v1/documents/?page_size=50")
    assert few == many == DOCUMENT_LIST_QUERIES[who], (few, many)


@pytest.mark.parametrize("who", ["secretary", "staff"])
def test_record_list_costs_the_same_for_5_and_55_rows(agency_a, people, who):
    client = session_client(agency_a, getattr(people, who))
    documents = add_documents(agency_a, 10, author=people.secretary)
    add_records(agency_a, documents, 5, author=people.secretary)
    few = count_queries(client, "/api/v1/records/")
    add_records(agency_a, documents, 50, author=people.secretary)
    many = count_queries(client, "/api/v1/records/")
    assert few == many == RECORD_LIST_QUERIES[who], (few, many)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_list_labels_are_the_models_labels_in_the_callers_language(agency_a, people, language):
    """The lists read choice labels from a per-language table (api.base.ChoiceLabelField), not from
    get_FOO_display: they must still say exactly what get_FOO_display says, in the caller's language."""
    from django.utils import translation

    add_documents(agency_a, 3, author=people.secretary)
    client = session_client(agency_a, people.secretary)
    rows = client.get("/api/v1/documents/", HTTP_ACCEPT_LANGUAGE=language).json()["results"]
    with tenant_context(agency_a), translation.override(language):
        for row in rows:
            document = Document.objects.select_related("effective_revision").get(pk=row["id"])
            assert row["kind_display"] == document.get_kind_display()
            assert row["effective_revision"]["state_display"] == document.effective_revision.get_state_display()
    assert rows[0]["effective_revision"]["state_display"] == ("Đã ban hành (hiệu lực)" if language == "vi"
                                                            else "Published (effective)")


def test_fast_rows_give_exactly_what_drf_gives(agency_a, people, make_document, approve, files, monkeypatch):
    """api.base.FastRowsMixin reads plain columns itself: the whole detail of a published document (its
    edition, sign-offs with snapshots, files, records, dates, empty values) must come out the same as
    through DRF's own Serializer.to_representation."""
    from rest_framework import serializers
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from api.base import FastRowsMixin
    from api.documents.serializers import DocumentDetailSerializer, DocumentListSerializer
    from api.records.views import RecordSerializer
    from documents import selectors, services

    with tenant_context(agency_a):
        document = make_document("QT-HT-01", owner_unit="Phòng Hộ tịch")
        services.add_attachment(document.revisions.get(), actor=people.secretary, uploaded_file=files.docx())
        services.publish(approve(document.revisions.get()), actor=people.secretary)
        Document.objects.filter(pk=document.pk).update(review_due=date(2025, 1, 1))  # overdue now
        services.start_revision(document, actor=people.secretary, change_summary="Sửa đổi")
        record_services.file_record(actor=people.secretary, document=document, year=2025, title="Sổ 2025",
                             uploaded_file=files.pdf())
        record_services.file_record(actor=people.secretary, document=document, year=2024, title="Sổ giấy",
                             reference="Kệ 2")
        request = Request(APIRequestFactory().get("/", HTTP_HOST=host_of(agency_a)))
        request.user, request.tenant = people.secretary, agency_a
        context = {"request": request}
        documents = selectors.with_open_revision_columns(people.secretary, Document.objects.all())
        detail = Document.objects.select_related("effective_revision").get(pk=document.pk)
        records = list(Record.objects.select_related("document__effective_revision", "filed_by"))

        def render():
            return (DocumentListSerializer(documents, many=True, context=context).data,
                    DocumentDetailSerializer(detail, context=context).data,
                    RecordSerializer(records, many=True, context=context).data)

        fast = render()
        monkeypatch.setattr(FastRowsMixin, "to_representation", serializers.Serializer.to_representation)
        assert render() == fast
    assert fast[1]["effective_revision"]["signoffs"] and fast[1]["effective_revision"]["attachments"]
    assert fast[0][0]["review_overdue"] is True and fast[0][0]["open_revision"]["state"] == "draft"
