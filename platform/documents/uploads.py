"""Checking an uploaded file before it is stored: its size, and its type as read from its bytes.

The name a browser sends proves nothing (an .exe renamed to .pdf is still a program), so the type is
detected from the content: `filetype` reads the magic numbers, and Office Open XML files (DOCX, XLSX),
which are zip archives, are opened to see which kind of package they really are. A file whose name
claims another type than its content is refused too, so what is downloaded later opens as expected.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import DomainError

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PNG = "image/png"
JPEG = "image/jpeg"

# What each type may be called, and what the user is told it is.
EXTENSIONS = {PDF: {".pdf"}, DOCX: {".docx"}, XLSX: {".xlsx"}, DOC: {".doc"}, XLS: {".xls"},
              PNG: {".png"}, JPEG: {".jpg", ".jpeg"}}
LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", DOC: "DOC", XLS: "XLS", PNG: "PNG", JPEG: "JPG"}

# Documents carry their content as text or office files; records may also be scans of paper.
DOCUMENT_TYPES = frozenset({PDF, DOCX, XLSX, DOC, XLS})
RECORD_TYPES = DOCUMENT_TYPES | {PNG, JPEG}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEAD_BYTES = 8192


def max_upload_bytes() -> int:
    return int(getattr(settings, "EISO_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def validate_upload(uploaded_file, *, allowed: frozenset[str] = DOCUMENT_TYPES) -> tuple[str, str, int]:
    """Return (content_type, sha256, size) of an acceptable file, or raise DomainError saying why not."""
    size = _size_of(uploaded_file)
    limit = max_upload_bytes()
    if size == 0:
        raise DomainError("empty_file", _("The file is empty."))
    if size > limit:
        raise DomainError("file_too_large", _("The file is %(size).1f MB; the limit is %(limit)d MB.") % {
            "size": size / 1024 / 1024, "limit": limit // 1024 // 1024})
    content_type = detect_content_type(uploaded_file)
    if content_type not in allowed:
        raise DomainError("file_type_not_allowed", _(
            "This kind of file cannot be uploaded here. Allowed: %(types)s.") % {
                "types": ", ".join(sorted(LABELS[t] for t in allowed))})
    suffix = PurePath(getattr(uploaded_file, "name", "") or "").suffix.lower()
    if suffix not in EXTENSIONS[content_type]:
        raise DomainError("file_type_mismatch", _(
            "The file name ends in “%(suffix)s” but the file is really a %(type)s file. Rename it or "
            "upload the right file.") % {"suffix": suffix or "—", "type": LABELS[content_type]})
    return content_type, _sha256(uploaded_file), size


def clean_filename(name: str) -> str:
    """The name the user's file had, without any folder part, for downloads and display."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return name[:255] or "file"


def detect_content_type(uploaded_file) -> str | None:
    """The MIME type the bytes say, for the types eISO knows; None for anything else."""
    head = _read_head(uploaded_file)
    if head.startswith(b"PK\x03\x04"):
        return _office_open_xml_type(uploaded_file)
    if head.startswith(_OLE_MAGIC):
        kind = filetype.guess(head)
        return kind.mime if kind and kind.mime in (DOC, XLS) else None
    kind = filetype.guess(head)
    if kind is None:
        return None
    return kind.mime if kind.mime in (PDF, PNG, JPEG) else None


# A DOCX or XLSX is a zip: a few kilobytes may declare gigabytes of parts ("zip bomb"). What its directory
# declares is checked before anything is inflated: the whole, each part's ratio, the number of parts.
MAX_PARTS = 5000
MAX_RATIO = 200  # real Office parts compress 5-20 times; a bomb thousands of times


def max_unpacked_bytes() -> int:
    return int(getattr(settings, "EISO_MAX_UNPACKED_MB", 200)) * 1024 * 1024


def unpacked_size(archive: zipfile.ZipFile, *, limit: int | None = None) -> int:
    """The declared size of every part, refusing (DomainError) a package over the limits."""
    limit = max_unpacked_bytes() if limit is None else limit
    parts = archive.infolist()
    total = sum(part.file_size for part in parts)
    bomb = len(parts) > MAX_PARTS or total > limit or any(
        part.file_size > 1024 * 1024 and part.file_size > MAX_RATIO * max(part.compress_size, 1) for part in parts)
    if bomb:
        raise DomainError("file_unpacks_too_large", _(
            "The file unpacks to more than %(limit)d MB or is built to: it cannot be uploaded.")
            % {"limit": limit // 1024 // 1024})
    return total


def _office_open_xml_type(uploaded_file) -> str | None:
    """DOCX or XLSX by the package's own parts; macro-enabled packages, other zips and packages that
    inflate beyond the limits are refused."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            unpacked_size(archive)
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    if any(name.lower().endswith("vbaproject.bin") for name in names) or "macroEnabled" in types:
        return None
    if "word/document.xml" in names and "wordprocessingml.document.main+xml" in types:
        return DOCX
    if "xl/workbook.xml" in names and "spreadsheetml.sheet.main+xml" in types:
        return XLSX
    return None


def _size_of(uploaded_file) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
        uploaded_file.seek(0)
    return int(size)


def _read_head(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(_HEAD_BYTES)
    uploaded_file.seek(0)
    return bytes(head or b"")


def _sha256(uploaded_file) -> str:
    digest = hashlib.sha256()
    uploaded_file.seek(0)
    chunks = uploaded_file.chunks() if hasattr(uploaded_file, "chunks") else iter(
        lambda: uploaded_file.read(1 << 16), b"")
    for chunk in chunks:
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()
