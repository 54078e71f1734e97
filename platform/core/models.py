import pghistory.models
from django.db import models


class Event(pghistory.models.Event):
    """Base of every pghistory event table (named Event so tables keep their names): a bigint key like every other table (docs/SCALE.md, Citus)."""

    pgh_id = models.BigAutoField(primary_key=True)

    class Meta:
        abstract = True


class OutgoingMail(models.Model):
    """An e-mail waiting to go out, or gone (core.mail): written in the transaction that decided to send it,
    delivered by a Celery task after commit with a timeout, retried, and swept every minute, so a slow or
    absent mail server never holds a request and a Redis outage delays mail without losing it. Lives in
    public, so one sweep serves every agency; `schema_name` says whose notification it carries."""

    schema_name = models.CharField(max_length=63)
    notification_id = models.BigIntegerField(null=True, blank=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)  # the exception's class: no addresses, no text

    class Meta:
        indexes = [models.Index(fields=["created_at"], name="core_mail_unsent",
                                condition=models.Q(sent_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class PendingTask(models.Model):
    """A Celery message Redis could not take when a change committed (core.outbox): kept here, in public, and
    sent by the minute's sweep once Redis is back, so a broker outage delays the work a change asked for and
    never drops it. One row per distinct message: the same refresh asked for a hundred times during an outage
    is sent once (every task is idempotent)."""

    key = models.CharField(max_length=64, unique=True)  # sha256 of task, schema, args and kwargs
    task = models.CharField(max_length=200)
    schema_name = models.CharField(max_length=63)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.task} in {self.schema_name}"
