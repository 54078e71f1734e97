"""Records are filed against documents: the documents fixtures (people, files, published procedures) serve here."""

from tests.documents.conftest import approve, files, in_agency_a, make_document, people, publish_new  # noqa: F401
