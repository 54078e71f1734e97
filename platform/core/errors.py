"""The error every domain rule raises: a stable code for programs and a sentence for people.

Services raise `DomainError(code, message)`; the API maps it to `{code, detail}` (api/errors.py) and web
forms show the message (core.forms.call_service). The domain never imports the API: the mapping goes one
way only. Each app lists the codes it raises in its own `errors.py` through `declare()`, so the OpenAPI
schema can list every code a client may meet and a test can prove no code is raised undeclared.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> (app, description); filled by each app's errors.py at import (see declare()).
_CATALOGUE: dict[str, tuple[str, str]] = {}


class DomainError(Exception):
    """A business rule said no. `message` is already translated into the user's language."""

    status_code = 400

    def __init__(self, code: str, message: str, status_code: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        if status_code:
            self.status_code = status_code


@dataclass(frozen=True)
class ErrorCode:
    code: str
    app: str
    description: str


def declare(app: str, codes: dict[str, str]) -> None:
    """Declare the codes an app raises, each with a one-line English description for API readers."""
    for code, description in codes.items():
        owner = _CATALOGUE.get(code)
        if owner is not None and owner[0] != app:
            raise ValueError(f"error code {code!r} is declared by {owner[0]} and {app}")
        _CATALOGUE[code] = (app, description)


def catalogue() -> list[ErrorCode]:
    """Every declared code, sorted, after importing each installed app's errors module."""
    _discover()
    return [ErrorCode(code, app, text) for code, (app, text) in sorted(_CATALOGUE.items())]


# Codes any area may raise.
declare("core", {
    "empty_file": "The uploaded file is empty.",
    "invalid_date": "A date is not in the form YYYY-MM-DD.",
    "not_found": "The object does not exist in this agency.",
    "permission_denied": "The caller lacks the permission this action needs here.",
    "service_unavailable": "The database is briefly away (restarting): nothing was saved, send again later (503).",
    "unknown_field": "A field that cannot be changed here was sent.",
})


def _discover() -> None:
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "errors"):
            import_module(f"{config.name}.errors")
