"""File storage with one folder (or key prefix) per agency schema, so no agency's files mix with another's."""

import uuid
from pathlib import PurePath

from django.core.files.storage import FileSystemStorage
from django.db import connection


def stored_name(folder: str, filename: str) -> str:
    """A random name under `folder`: nothing of a user-supplied name reaches the file system, and two
    uploads of "quy-trinh.docx" never collide. The original name is kept in the row for downloads."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def _tenant_prefix(name: str) -> str:
    schema = getattr(connection, "schema_name", "public") or "public"
    if name.startswith(f"{schema}/"):
        return name
    return f"{schema}/{name}"


class TenantFileSystemStorage(FileSystemStorage):
    def get_available_name(self, name, max_length=None):
        return super().get_available_name(_tenant_prefix(name), max_length=max_length)


try:
    from storages.backends.s3 import S3Storage

    class TenantS3Storage(S3Storage):
        def get_available_name(self, name, max_length=None):
            return super().get_available_name(_tenant_prefix(name), max_length=max_length)
except ImportError:  # pragma: no cover - django-storages is a dependency
    pass
