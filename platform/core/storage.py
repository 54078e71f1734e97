"""File storage with one folder (or key prefix) per agency schema, so no agency's files mix with another's."""

from django.core.files.storage import FileSystemStorage
from django.db import connection


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
