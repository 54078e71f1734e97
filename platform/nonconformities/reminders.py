"""Telling owners about their corrective actions: when one is given to them, and each day it is overdue."""

from __future__ import annotations


def tell_owner_of_new_action(action_id: int) -> None:
    pass
