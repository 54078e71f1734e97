"""One state change: permission, transaction, history context, and work to do once it commits.

Every service function that changes state runs its body inside `change(...)`:

    with change(actor, "documents.publish", perm=Perm.PUBLISH_DOCUMENTS, revision=revision.pk):
        ...
        after_commit(refresh_agency_status.delay)

- the actor's permission is checked in the current agency first (nothing is opened when it is refused);
- the body runs in one transaction, so a refused rule (DomainError) rolls everything back;
- pghistory stores the actor and the action once per transaction and links every history row the
  database triggers write meanwhile, so the history page can say who did what;
- `after_commit` work runs only if the change commits, in the schema the change ran in, whatever the
  connection's schema is when the commit finally happens (an outer transaction may have moved it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pghistory
from django.db import transaction

from .agency import current_agency, current_schema

log = logging.getLogger(__name__)


def require(actor, perm: str):
    """The current agency, if `actor` holds `perm` there; otherwise PermissionDenied."""
    from accounts.services import require_perm

    agency = current_agency()
    require_perm(actor, agency, perm)
    return agency


def allowed(user, perm: str) -> bool:
    from accounts.services import has_perm

    return has_perm(user, current_agency(), perm)


@contextmanager
def change(actor, action: str, *, perm: str | None = None, **metadata) -> Iterator[None]:
    if perm is not None:
        require(actor, perm)
    who = {"user": actor.pk, "user_name": actor.display_name} if actor is not None else {}
    with transaction.atomic(), pghistory.context(action=action, **who, **metadata):
        yield


def after_commit(work: Callable[[], object], *, swallow: bool = True) -> None:
    """Run `work` after the current transaction commits, in the schema that is active now.

    With `swallow` (the default) a failure is logged, not raised: a broker outage must not turn a
    committed change into an error page; periodic jobs catch up with what was missed.
    """
    schema = current_schema()

    def run():
        from django_tenants.utils import schema_context

        try:
            with schema_context(schema):
                work()
        except Exception:  # noqa: BLE001 - see the docstring
            if not swallow:
                raise
            log.warning("after-commit work %r failed in %s", work, schema, exc_info=True)

    transaction.on_commit(run, robust=swallow)


__all__ = ["after_commit", "allowed", "change", "require"]
