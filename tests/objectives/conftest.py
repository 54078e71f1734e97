"""Quality objectives of Sở Tư pháp, kept by its ISO secretary: the documents area's people serve here."""

from __future__ import annotations

import pytest

from tests.documents.conftest import approve, in_agency_a, make_document, people, publish_new  # noqa: F401


@pytest.fixture
def satisfaction(in_agency_a, people):  # noqa: F811 - the fixtures imported above
    """A 2026 objective measured quarterly by hand: satisfaction ≥ 95%, owner the head of office."""
    from objectives import services

    return services.create_objective(
        actor=people.secretary, year=2026, title="Tỷ lệ người dân hài lòng đạt từ 95% trở lên", target="95",
        comparison="at_least", unit="percent", frequency="quarterly", owner=people.reviewer,
        plan="Khảo sát ý kiến người dân hằng quý tại Bộ phận Một cửa")


@pytest.fixture
def import_sample(people):  # noqa: F811
    """The dossiers' hand-checked sample export, imported through the dossiers' own services."""
    from dossiers import services
    from dossiers.tasks import run_dossier_import
    from tests.dossiers.conftest import SAMPLE_ROWS, csv_text, upload

    def run():
        job = services.start_import(actor=people.secretary, upload=upload(csv_text(*SAMPLE_ROWS)))
        run_dossier_import(job.pk)

    return run
