import pghistory.models
from django.db import models


class Event(pghistory.models.Event):
    """Base of every pghistory event table (named Event so tables keep their names): a bigint key like every other table (docs/SCALE.md, Citus)."""

    pgh_id = models.BigAutoField(primary_key=True)

    class Meta:
        abstract = True
