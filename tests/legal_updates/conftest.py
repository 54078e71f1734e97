"""Agencies with TTHC procedures in force, for the update tasks the legal register gives them."""

from __future__ import annotations

import pytest

from tests.legal.conftest import (  # noqa: F401
    agencies,
    at_dost,
    keeper,
    other_province,
    secretaries,
    shared_tthc,
)


@pytest.fixture
def approvers(agencies, user_factory):  # noqa: F811 - the imported fixture
    from types import SimpleNamespace

    from accounts.roles import Role

    return SimpleNamespace(**{name: user_factory(getattr(agencies, name), Role.APPROVER, full_name="Lê Văn Cường")
                              for name in ("so_tu_phap", "so_y_te", "xa_long_duc")})


@pytest.fixture
def publish_procedure(secretaries, approvers):  # noqa: F811 - the imported fixture
    """In the current agency: a TTHC procedure covering `codes`, its first edition published on `issued`."""
    from documents import services
    from procedures import services as procedure_services
    from tests.procedures.conftest import spec_fields

    def run(name, code, codes, issued=None):
        secretary, approver = getattr(secretaries, name), getattr(approvers, name)
        document = services.create_document(actor=secretary, code=code, kind="tthc_procedure",
                                            title="Quy trình cấp bản sao trích lục hộ tịch",
                                            content="<h2>1. Mục đích</h2><p>Cấp bản sao.</p>")
        revision = document.revisions.get()
        procedure_services.save_procedure(revision, actor=secretary, **spec_fields(tthc_codes=codes))
        services.submit_for_review(revision, actor=secretary, reviewers=[], approvers=[approver])
        services.publish(services.decide(revision, actor=approver, decision="agreed"), actor=secretary,
                         issue_date=issued)
        document.refresh_from_db()
        return document

    return run


@pytest.fixture
def republish(secretaries, approvers):  # noqa: F811 - the imported fixture
    """A new edition of `document`, published on `issued`."""
    from documents import services

    def run(name, document, issued):
        secretary, approver = getattr(secretaries, name), getattr(approvers, name)
        draft = services.start_revision(document, actor=secretary, change_summary="Cập nhật theo văn bản mới")
        services.submit_for_review(draft, actor=secretary, reviewers=[], approvers=[approver])
        return services.publish(services.decide(draft, actor=approver, decision="agreed"), actor=secretary,
                                issue_date=issued)

    return run
