"""The API tests drive documents through the same fixtures as tests/documents (people, files, documents)."""

from tests.documents.conftest import approve, files, make_document, people, publish_new  # noqa: F401
