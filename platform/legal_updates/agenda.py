"""Legal update tasks on the agency's agenda (core.agenda): open tasks, due three months after a legal
document takes effect."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.agenda import AgendaItem, AgendaSource, register

from .models import UpdateTask
from .selectors import task_rows


def updates_due(until):
    tasks = (UpdateTask.objects.filter(closed_on__isnull=True, due_on__lte=until).select_related("document")
             .order_by("due_on", "pk"))
    items = []
    for row in task_rows(tasks):
        subject = row.task.document.code if row.task.document_id else row.task.tthc_code
        entry = row.entry.number if row.entry else ""
        items.append(AgendaItem(title=_("Update %(subject)s for %(entry)s") % {"subject": subject, "entry": entry},
                                due_on=row.task.due_on, url=reverse("legal:tasks")))
    return items


register(AgendaSource("legal_updates.tasks", _("Legal updates"), collect=updates_due, order=20))
