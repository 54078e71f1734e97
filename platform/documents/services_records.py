"""State changes around issued documents: distribution to staff and read acknowledgements.

Re-exported by documents.services, which is the one place callers import state changes from.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.selectors import is_member
from core.changes import change, require
from core.errors import DomainError

from .models import (
    Acknowledgement,
    Distribution,
    Document,
    Revision,
    RevisionState,
)


def distribute(document: Document, *, actor, users) -> None:
    """Hand the document to members of staff; each is then asked to read its effective edition."""
    agency = require(actor, Perm.PUBLISH_DOCUMENTS)
    users = list(users or ())
    if any(not is_member(user, agency) for user in users):  # never name a person of another agency
        raise DomainError("not_a_member", _("One of the chosen people is not a member of this agency."))
    with change(actor, "documents.distribute", document=document.pk):
        already = set(Distribution.objects.filter(document=document).values_list("user_id", flat=True))
        Distribution.objects.bulk_create([Distribution(document=document, user=user, distributed_by=actor)
                                          for user in {u.pk: u for u in users}.values()
                                          if user.pk not in already])


def acknowledge(revision: Revision, *, user) -> Acknowledgement:
    """`user` has read the effective edition. Acknowledging twice changes nothing."""
    agency = require(user, Perm.VIEW_QMS)
    if not is_member(user, agency):
        raise DomainError("not_a_member", _("Only the agency's own staff acknowledge its documents."))
    with change(user, "documents.acknowledge", revision=revision.pk):
        revision = Revision.objects.select_related("document").get(pk=revision.pk)
        if revision.state != RevisionState.PUBLISHED or revision.document.effective_revision_id != revision.pk:
            raise DomainError("not_effective", _("Only the effective edition of a document can be acknowledged."))
        acknowledgement, _created = Acknowledgement.objects.get_or_create(revision=revision, user=user)
    return acknowledgement
