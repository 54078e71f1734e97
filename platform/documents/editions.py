"""What an edition is made of: each part says what is signed, what a new edition copies, what prints.

An edition of a controlled document is more than its text: its attached files, and for a TTHC procedure
its step table. Each part is registered (in its app's `edition_parts.py`) with three answers:

- `signed(revision)`: the part's canonical data, covered by every signature's hash (snapshots.py). None
  means the edition has none of this part, and the key is left out, so hashes of editions signed before a
  part existed do not change;
- `copy(base, new)`: what a new draft takes over from the edition it starts from;
- `printed(revision)`: blocks added to the printed procedure (PDF and DOCX), in one of its sections.

documents' own parts (metadata, text, files) are registered in documents/edition_parts.py the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.registry import Registry
from printing.blocks import Table


@dataclass
class PrintedBlock:
    section: int  # the framework model's section it belongs in (5 = Nội dung: the step table)
    html: str = ""  # PDF (and DOCX through the rich-text writer)
    tables: list[Table] = field(default_factory=list)
    fallback: bool = False  # only when the section carries no table of its own


@dataclass(frozen=True)
class EditionPart:
    key: str
    signed: Callable[[Any], Any]
    copy: Callable[[Any, Any], None] | None = None
    printed: Callable[[Any], list[PrintedBlock]] | None = None
    order: int = 100
    # An edition carrying this part has something to sign even without text or files (a TTHC
    # procedure's step table is the procedure).
    substance: bool = False


parts: Registry[EditionPart] = Registry("edition parts")


def register(part: EditionPart) -> EditionPart:
    return parts.register(part.key, part)


def signed_payload(revision) -> dict:
    """Every part's canonical data for `revision` (what a signature covers)."""
    payload = {}
    for part in parts:
        data = part.signed(revision)
        if data is not None:
            payload[part.key] = data
    return payload


def has_substance(revision) -> bool:
    """Whether a part that counts as content carries something for `revision`."""
    return any(part.substance and part.signed(revision) is not None for part in parts)


def copy_parts(base, new) -> None:
    for part in parts:
        if part.copy is not None:
            part.copy(base, new)


def printed_blocks(revision) -> list[PrintedBlock]:
    return [block for part in parts if part.printed is not None for block in part.printed(revision)]
