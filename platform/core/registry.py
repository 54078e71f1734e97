"""A tiny ordered registry that apps contribute to, so shared pages loop over entries instead of
importing every app (Wagtail's hooks, Django's admin.site).

Each app declares its entries in a module of its own (`indicators.py`, `worklist.py`); core's AppConfig
imports those modules of every installed app at start-up (`autodiscover`), so registering is a side
effect of the app being installed, and removing an app removes its entries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

DISCOVERED_MODULES = ("indicators", "worklist", "milestones", "review_inputs", "agenda", "public_page", "charts")


class Registry(Generic[T]):
    def __init__(self, name: str):
        self.name = name
        self._entries: dict[str, T] = {}

    def register(self, key: str, entry: T) -> T:
        if key in self._entries and self._entries[key] is not entry:
            raise ValueError(f"{self.name}: {key!r} is registered twice")
        self._entries[key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> T:
        return self._entries[key]

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._entries.values(), key=lambda e: (getattr(e, "order", 100), getattr(e, "key", ""))))

    def __len__(self) -> int:
        return len(self._entries)


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules(*DISCOVERED_MODULES)
