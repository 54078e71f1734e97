from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("records/", views.record_list, name="list"),
    path("records/export.<str:fmt>", views.record_export, name="export"),
    path("records/new/", views.record_create, name="create"),
    path("records/<int:pk>/file/", views.record_download, name="file"),
    path("<int:pk>/requirements/", views.add_requirement, name="add_requirement"),
]
