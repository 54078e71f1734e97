"""Checking what a person typed before a service saves it: one-line text, long text, a date not in the future.

Each refusal is a DomainError with the area's own code (declared in its errors.py) and a translated sentence
naming the field, so a form shows it beside the input and the API answers {code, detail}.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .dates import parse_date
from .errors import DomainError


def line(value, limit: int | None, label: str, *, code: str, required: bool = True) -> str:
    """One line of text, runs of spaces and line breaks made one space."""
    text = " ".join(str(value or "").split())
    if required and not text:
        raise DomainError(code, _("Fill in %(field)s.") % {"field": label})
    return _within(text, limit, label, code)


def long_text(value, limit: int, label: str, *, code: str) -> str:
    """Text that keeps its line breaks (a note, a scope), trimmed; may be empty."""
    return _within(str(value or "").strip(), limit, label, code)


def _within(text: str, limit: int | None, label: str, code: str) -> str:
    if limit is not None and len(text) > limit:
        raise DomainError(code, _("%(field)s is longer than %(limit)d characters.") % {"field": label, "limit": limit})
    return text


def a_date(value, label: str, *, code: str, past: bool = False,
           default: datetime.date | None = None) -> datetime.date:
    """A date (a date, a datetime or YYYY-MM-DD); `default` when blank and one is given; with `past`, not after
    today (`code` when it is)."""
    if value in (None, "") and default is not None:
        return default
    if isinstance(value, datetime.datetime):
        value = value.date()
    try:
        value = parse_date(value.strip() if isinstance(value, str) else value)
    except ValueError:
        value = None
    if not isinstance(value, datetime.date):
        raise DomainError("invalid_date", _("%(field)s is not a date (YYYY-MM-DD).") % {"field": label})
    if past and value > timezone.localdate():
        raise DomainError(code, _("%(field)s cannot be in the future.") % {"field": label})
    return value


def past_date(value, label: str, *, code: str) -> datetime.date:
    """A date (a date, a datetime or YYYY-MM-DD) that is not after today; `code` when it is in the future."""
    return a_date(value, label, code=code, past=True)
