"""A registered edition part is signed, copied into the next edition and printed, as a TTHC procedure's
step table will be; documents' own parts keep the hashes of editions signed before the registry."""

from __future__ import annotations

import hashlib
import io
import json

import pytest

from documents import editions
from printing.blocks import Table

STEPS = {}  # revision pk -> steps, standing in for a step-table model of another app


@pytest.fixture
def step_table_part():
    def copy(base, new):
        STEPS[new.pk] = [dict(step) for step in STEPS.get(base.pk, [])]

    def printed(revision):
        steps = STEPS.get(revision.pk)
        if not steps:
            return []
        return [editions.PrintedBlock(section=5, tables=[Table(
            ["Bước", "Trách nhiệm", "Thời gian"], [[s["name"], s["who"], s["time"]] for s in steps])])]

    editions.register(editions.EditionPart("steps", signed=lambda revision: STEPS.get(revision.pk), copy=copy,
                                           printed=printed, order=50))
    yield STEPS
    editions.parts.unregister("steps")
    STEPS.clear()


def test_documents_own_parts_hash_as_before_the_registry(in_agency_a, make_document):
    from documents import snapshots

    revision = make_document("QT-HT-01").revisions.get()
    document = revision.document
    # The canonical form as it was written before parts were registered (commit e077e62).
    before = {"document": {"code": document.code, "title": document.title, "kind": document.kind},
              "revision": {"edition": revision.edition, "content": revision.content,
                           "change_summary": revision.change_summary, "change_reason": revision.change_reason},
              "attachments": []}
    expected = hashlib.sha256(json.dumps(before, sort_keys=True, ensure_ascii=False,
                                         separators=(",", ":")).encode("utf-8")).hexdigest()
    assert snapshots.content_hash(revision) == expected


def test_a_registered_part_is_signed_copied_and_printed(in_agency_a, people, make_document, approve,
                                                        step_table_part):
    import docx

    from documents import services, snapshots
    from documents.exports import revision_docx, revision_html

    revision = make_document("QT-TTHC-01", kind="tthc_procedure").revisions.get()
    bare = snapshots.content_hash(revision)
    step_table_part[revision.pk] = [{"name": "Tiếp nhận hồ sơ", "who": "Công chức một cửa", "time": "0,5 ngày"}]
    assert snapshots.content_hash(revision) != bare  # the step table is part of what approvers sign
    approved = approve(revision)
    step_table_part[revision.pk][0]["time"] = "5 ngày"  # changed after approval
    with pytest.raises(Exception) as refused:
        services.publish(approved, actor=people.secretary)
    assert getattr(refused.value, "code", "") == "content_changed"
    step_table_part[revision.pk][0]["time"] = "0,5 ngày"
    services.publish(approved, actor=people.secretary)

    second = services.start_revision(revision.document, actor=people.secretary, change_summary="Rút ngắn")
    assert step_table_part[second.pk] == step_table_part[revision.pk]  # copied into the next edition

    assert "Công chức một cửa" in revision_html(second)
    doc = docx.Document(io.BytesIO(revision_docx(second)))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "Tiếp nhận hồ sơ" in cells and "Thời gian" in cells
