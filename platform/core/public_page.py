"""The agency's public page (/cong-khai/, no log-in): what each area shows the public, in its `public_page.py`:

    register(PublicSection("objectives", template="objectives/_public.html", collect=public_objectives))

`collect()` runs in the agency's schema and returns the section's template context, or None when there is
nothing to show. It must return only what is published (never drafts) and no staff names beyond signers:
tests/announcement/test_public_page.py holds every section to that. The page is cached per agency;
`changed()` (called by a service after commit) drops the agency's cached copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class PublicSection:
    key: str
    template: str
    collect: Callable[[], dict | None]
    order: int = 100


sections: Registry[PublicSection] = Registry("public page sections")


def register(section: PublicSection) -> PublicSection:
    return sections.register(section.key, section)


def cache_key(schema_name: str) -> str:
    return f"eiso:public-page:{schema_name}"


def changed() -> None:
    """Drop the current agency's cached public page (after the write commits)."""
    from django.core.cache import cache
    from django.db import connection

    from .changes import after_commit

    schema = connection.schema_name
    after_commit(lambda: cache.delete(cache_key(schema)))
