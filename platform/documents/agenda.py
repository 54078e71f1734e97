"""Documents on the agency's agenda (core.agenda): effective documents whose periodic review falls due."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.agenda import AgendaItem, AgendaSource, register

from .models import Document


def reviews_due(until):
    documents = (Document.objects.filter(withdrawn=False, effective_revision__isnull=False, review_due__lte=until)
                 .order_by("review_due", "code").only("pk", "code", "title", "review_due"))
    return [AgendaItem(title=f"{document.code} {document.title}", due_on=document.review_due,
                       url=reverse("documents:detail", args=[document.pk])) for document in documents]


register(AgendaSource("documents.reviews", _("Periodic review of documents"), collect=reviews_due, order=10))
