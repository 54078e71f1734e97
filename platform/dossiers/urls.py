from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tthc/<str:tthc_code>/", views.tthc_detail, name="tthc"),
    path("late/", views.late_list, name="late"),
    path("import/", views.import_page, name="import"),
    path("import/sample.csv", views.sample_file, name="sample"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
]
