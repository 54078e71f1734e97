"""What confirmation and announcement put on the agency's public page (core.public_page): the announcement
in force, and the effective procedures with their forms to download."""

from __future__ import annotations

from core.public_page import PublicSection, register

from . import public, selectors


def public_announcement() -> dict | None:
    """The latest announcement (number, date, signer, scope); none before the first one."""
    announcement = selectors.latest_announcement()
    if announcement is None:
        return None
    state = selectors.publication_state()
    return {"announcement": announcement, "outdated": state.state == selectors.OUTDATED}


def public_procedures() -> dict | None:
    procedures = public.effective_procedures()
    return {"procedures": procedures} if procedures else None


register(PublicSection("announcement", template="announcement/public/_announcement.html",
                       collect=public_announcement, order=50))
register(PublicSection("procedures", template="announcement/public/_procedures.html",
                       collect=public_procedures, order=60))
