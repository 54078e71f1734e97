"""Records' part of a printed procedure: section 7 "Hồ sơ cần lưu" lists what the procedure requires to be
kept (documents.editions). Not signed: required records belong to the document, not to one edition."""

from __future__ import annotations

from documents.editions import EditionPart, PrintedBlock, register
from printing.blocks import Table

from .selectors import requirements_of


def printed(revision) -> list[PrintedBlock]:
    requirements = list(requirements_of(revision.document))
    if not requirements:
        return []
    # A section 7 that already carries its own table (typed in the text) keeps it.
    return [PrintedBlock(section=7, fallback=True, tables=[Table(
        ["Tên hồ sơ", "Nơi lưu", "Thời gian lưu"], [[r.name, r.kept_by, r.retention] for r in requirements])])]


register(EditionPart("records", signed=lambda revision: None, printed=printed, order=70))
