from django.urls import path

from . import views

app_name = "announcement"
urlpatterns = [
    path("", views.announcement_page, name="list"),
    path("confirm/", views.confirm, name="confirm"),
    path("new/", views.announce, name="create"),
    path("<int:pk>/print.pdf", views.print_pdf, name="print_pdf"),
    path("<int:pk>/print.docx", views.print_docx, name="print_docx"),
    path("<int:pk>/file/", views.signed_file, name="file"),
]
