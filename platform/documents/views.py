from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.roles import Perm
from web.decorators import agency_perm_required

from .models import Document


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def document_list(request):
    documents = Document.objects.select_related("effective_revision").filter(withdrawn=False)
    return render(request, "documents/list.html", {"documents": documents})
