"""Frozen evidence of what a person signed: a content hash and a PDF of exactly that revision.

At an inspection the agency must show what its head approved, not what the document says today. Each
sign-off therefore keeps the sha256 of the revision's canonical content (its text, the metadata printed
in its header, and the sha256 of every attached file) and a PDF rendering of it (documents.exports).
The revision's own `content_hash` is set at approval from the same canonical form, and publication
checks it still matches, so nothing slips in between the approval and the issue.
"""

from __future__ import annotations

import hashlib
import json

from django.core.files.base import ContentFile

from .editions import signed_payload
from .models import Revision, Signoff


def canonical_content(revision: Revision) -> dict:
    """What a signature covers, in a stable shape (changing anything here changes every hash): the
    data of every registered edition part (documents.editions)."""
    return signed_payload(revision)


def canonical_bytes(revision: Revision) -> bytes:
    return json.dumps(canonical_content(revision), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def content_hash(revision: Revision) -> str:
    return hashlib.sha256(canonical_bytes(revision)).hexdigest()


def freeze(signoff: Signoff) -> Signoff:
    """Store the hash and PDF of the signed revision on the sign-off; after this the row is read-only
    (a database trigger refuses any later update or delete of a sign-off with a snapshot)."""
    from . import exports  # rendering lives with the other print layouts

    revision = signoff.revision
    pdf = exports.revision_pdf(revision)
    # Stored under a random name in the agency's folder; downloads are named after the document.
    signoff.snapshot_pdf.save("snapshot.pdf", ContentFile(pdf), save=False)
    signoff.snapshot_pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    signoff.snapshot_hash = content_hash(revision)
    signoff.save(update_fields=["snapshot_pdf", "snapshot_pdf_sha256", "snapshot_hash"])
    return signoff


def verify(signoff: Signoff) -> bool:
    """True if the stored PDF is the one frozen at signing (its bytes still hash the same)."""
    if not signoff.snapshot_pdf:
        return False
    digest = hashlib.sha256()
    with signoff.snapshot_pdf.open("rb") as stored:
        for chunk in stored.chunks():
            digest.update(chunk)
    return digest.hexdigest() == signoff.snapshot_pdf_sha256
