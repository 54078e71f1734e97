from django.urls import path

from . import views

app_name = "province_reports"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_create, name="create"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/progress/", views.run_progress, name="progress"),
    path("<int:pk>/docx/", views.run_docx, name="docx"),
    path("<int:pk>/xlsx/", views.run_xlsx, name="xlsx"),
    path("figures/<int:pk>/", views.figure_detail, name="figure"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:report_kind>/download/", views.template_download, name="template_download"),
    path("templates/<str:report_kind>/upload/", views.template_upload, name="template_upload"),
    path("templates/<str:report_kind>/reset/", views.template_reset, name="template_reset"),
]
