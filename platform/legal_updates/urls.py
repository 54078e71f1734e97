from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("", views.register_list, name="list"),
    path("tasks/", views.task_list, name="tasks"),
    path("settings/", views.update_rule, name="settings"),
    path("entries/new/", views.entry_create, name="create"),
    path("entries/<int:pk>/", views.entry_detail, name="detail"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="edit"),
    path("entries/<int:pk>/file/", views.entry_file, name="file"),
]
