"""What other areas show on a document's page and in its history, registered by them (in their
`document_panels.py`, discovered when documents starts): records show what the procedure requires to be
kept; a TTHC procedure will show its catalogue entry. documents imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core.registry import Registry


@dataclass(frozen=True)
class DocumentPanel:
    key: str
    template: str
    collect: Callable[..., dict | None]  # (request, document, **overrides) -> the template's context
    history_models: tuple[str, ...] = field(default=())  # pghistory event models whose rows reference the document
    edition_history_models: tuple[str, ...] = field(default=())  # ... and those whose rows reference an edition
    order: int = 100


panels: Registry[DocumentPanel] = Registry("document panels")


def register(panel: DocumentPanel) -> DocumentPanel:
    return panels.register(panel.key, panel)


def collect(request, document, overrides: dict[str, dict] | None = None) -> list[tuple[DocumentPanel, dict]]:
    """Each panel with its context for this document; `overrides` replaces parts of one panel's context
    (a form that failed, shown again with what the person typed)."""
    shown = []
    for panel in panels:
        context = panel.collect(request, document)
        if context is None:
            continue
        context.update((overrides or {}).get(panel.key, {}))
        shown.append((panel, context))
    return shown


def extra_history_models() -> list[str]:
    return [label for panel in panels for label in panel.history_models]


def extra_edition_history_models() -> list[str]:
    return [label for panel in panels for label in panel.edition_history_models]
