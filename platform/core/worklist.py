""""My tasks": what waits for the person, contributed by each area in its `worklist.py`.

    register(WorkPanel("documents", template="documents/_tasks_panel.html", perm=Perm.VIEW_QMS,
                       collect=my_document_tasks))

The agency home page (web) and each area's own task page render the panels; web imports no area.
`collect(request)` returns the panel's template context, or None when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class WorkPanel:
    key: str
    template: str
    collect: Callable[..., dict | None]
    perm: str | None = None
    order: int = 100


panels: Registry[WorkPanel] = Registry("work panels")


def register(panel: WorkPanel) -> WorkPanel:
    return panels.register(panel.key, panel)


def collect(request) -> list[tuple[WorkPanel, dict]]:
    """The panels this person may see here, each with its context (panels with nothing are left out)."""
    from accounts.services import has_perm

    shown = []
    for panel in panels:
        if panel.perm and not has_perm(request.user, request.tenant, panel.perm):
            continue
        context = panel.collect(request)
        if context is not None:
            shown.append((panel, context))
    return shown
