from django.urls import path

from . import views, views_files, views_history, views_workflow

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("export.<str:fmt>", views.document_export, name="export"),
    path("new/", views.document_create, name="create"),
    path("tasks/", views.tasks, name="tasks"),
    path("starter-pack/", views.starter_pack, name="starter"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/editions/<int:edition>/", views.revision_detail, name="edition"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/history/", views_history.document_history, name="history"),
    path("<int:pk>/revise/", views_workflow.start_revision, name="start_revision"),
    path("<int:pk>/submit/", views_workflow.submit_for_review, name="submit"),
    path("<int:pk>/withdraw/", views_workflow.withdraw, name="withdraw"),
    path("<int:pk>/acknowledge/", views_workflow.acknowledge, name="acknowledge"),
    path("<int:pk>/distribution/", views_workflow.distribution, name="distribution"),
    path("<int:pk>/unread.<str:fmt>", views_workflow.unread_export, name="unread_export"),
    path("<int:pk>/print.pdf", views_files.print_pdf, name="print_pdf"),
    path("<int:pk>/print.docx", views_files.print_docx, name="print_docx"),
    path("<int:pk>/revision-log.pdf", views_files.revision_log_pdf, name="revision_log_pdf"),
    path("revisions/<int:pk>/decide/", views_workflow.decide, name="decide"),
    path("revisions/<int:pk>/publish/", views_workflow.publish, name="publish"),
    path("revisions/<int:pk>/attachments/", views_files.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views_files.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views_files.attachment_remove, name="attachment_remove"),
    path("signoffs/<int:pk>/snapshot.pdf", views_files.signoff_snapshot, name="snapshot"),
]
