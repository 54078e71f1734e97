"""The sealed history is exercised through the documents services (the documents fixtures serve here)."""

from tests.documents.conftest import in_agency_a, make_document, people  # noqa: F401
