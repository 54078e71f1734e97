"""What every area's pages share when they call a service from a form."""

from __future__ import annotations

from collections.abc import Callable

from .errors import DomainError


def call_service(form, action: Callable, *args, **kwargs):
    """Run a service; a rule it refuses becomes the form's error (the input stays on the page)."""
    try:
        return action(*args, **kwargs), True
    except DomainError as error:
        form.add_error(None, error.message)
        return None, False
