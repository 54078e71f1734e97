"""Cleaning a text a person typed, the one way the QMS areas' services do it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import DomainError


def clean_text(value, limit: int, label: str, *, code: str, required: bool = True, lines: bool = False) -> str:
    """`value` with its spaces collapsed (or, with `lines`, only trimmed, so paragraphs stay); a DomainError
    `code` saying what to fill in when it is required and empty, or too long."""
    text = str(value or "").strip() if lines else " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(code, _("Fill in %(field)s.") % {"field": label})
    if len(text) > limit:
        raise DomainError(code, _("%(field)s is longer than %(limit)d characters.") % {"field": label, "limit": limit})
    return text
