"""Core's tests drive real areas through the documents fixtures (people, documents through the services)."""

from tests.documents.conftest import approve, files, make_document, people, publish_new  # noqa: F401
