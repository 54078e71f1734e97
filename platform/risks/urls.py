from django.urls import path

from . import views

app_name = "risks"
urlpatterns = [
    path("", views.context_page, name="context"),
    path("issues/new/", views.issue_create, name="issue_create"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("history/", views.context_history, name="history"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("risks/", views.risk_list, name="list"),
    path("risks/register.pdf", views.register_print, {"fmt": "pdf"}, name="print_pdf"),
    path("risks/register.docx", views.register_print, {"fmt": "docx"}, name="print_docx"),
    path("risks/new/", views.risk_create, name="create"),
    path("risks/<int:pk>/", views.risk_detail, name="detail"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="edit"),
    path("risks/<int:pk>/reassess/", views.risk_reassess, name="reassess"),
    path("risks/<int:pk>/close/", views.risk_close, name="close"),
    path("risks/<int:pk>/reopen/", views.risk_reopen, name="reopen"),
    path("heatmap/", views.heat_map, name="heatmap"),
    path("matrix/", views.matrix_settings, name="matrix"),
]
