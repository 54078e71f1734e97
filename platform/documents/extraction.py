"""Plain text out of uploaded DOCX, XLSX and PDF files, so search finds what is written inside them.

Extraction never fails an upload: a file we cannot read (scanned PDF, corrupt zip, legacy .doc) simply
contributes no text. Output is NFC-normalised (Vietnamese typed on some keyboards arrives decomposed) and
capped, so one huge spreadsheet cannot bloat a search vector past PostgreSQL's 1 MB tsvector limit.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata

log = logging.getLogger(__name__)

# PostgreSQL rejects tsvectors over 1 MB; the words of a procedure's attachments fit easily in this.
MAX_CHARS = 200_000

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def extract_text(fileobj, content_type: str) -> str:
    """The text of a DOCX, XLSX or PDF file ('' for other types or unreadable files)."""
    reader = _READERS.get((content_type or "").split(";")[0].strip().lower())
    if reader is None:
        return ""
    try:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        data = fileobj.read()
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        text = reader(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any parser failure means "no searchable text", not a failed upload
        log.warning("could not extract text from a %s file", content_type, exc_info=True)
        return ""
    return clean_text(text)


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").replace("\x00", " ")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n", text).strip()
    return text[:MAX_CHARS]


# Text is read only from packages that unpack to at most this much (the upload itself may be larger): a
# parse holds the whole XML tree in memory.
MAX_UNPACKED_FOR_TEXT = 50 * 1024 * 1024
MAX_PDF_PAGES = 500


def _bounded_package(stream) -> None:
    """Refuse (ValueError: no text, see extract_text) a zip whose parts would inflate past the bound."""
    import zipfile

    from core.errors import DomainError

    from .uploads import unpacked_size

    with zipfile.ZipFile(stream) as archive:
        try:
            unpacked_size(archive, limit=MAX_UNPACKED_FOR_TEXT)
        except DomainError as exc:
            raise ValueError("package too large to read for search") from exc
    stream.seek(0)


def _docx_text(stream) -> str:
    import docx

    _bounded_package(stream)

    document = docx.Document(stream)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                # Merged cells repeat the same cell object along the row.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                parts.append(cell.text)
    for section in document.sections:
        parts.extend(paragraph.text for paragraph in section.header.paragraphs)
    return "\n".join(parts)


def _xlsx_text(stream) -> str:
    import openpyxl

    _bounded_package(stream)
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    parts: list[str] = []
    size = 0
    for sheet in workbook.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            line = " ".join(str(value) for value in row if value not in (None, ""))
            if line:
                parts.append(line)
                size += len(line)
            if size > MAX_CHARS:
                break
    workbook.close()
    return "\n".join(parts)


def _pdf_text(stream) -> str:
    from pypdf import PdfReader

    reader = PdfReader(stream)
    parts: list[str] = []
    size = 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            break
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_CHARS:
            break
    return "\n".join(parts)


_READERS = {DOCX: _docx_text, XLSX: _xlsx_text, PDF: _pdf_text}
