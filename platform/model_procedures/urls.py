from django.urls import path

from . import views

app_name = "model_procedures"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("new/", views.model_create, name="create"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("<int:pk>/edit/", views.model_edit, name="edit"),
    path("<int:pk>/draft/", views.draft_edit, name="draft"),
    path("<int:pk>/draft/start/", views.edition_start, name="start"),
    path("<int:pk>/publish/", views.edition_publish, name="publish"),
    path("<int:pk>/adopt/", views.adopt, name="adopt"),
    path("<int:pk>/diff/", views.model_diff, name="diff"),
    path("<int:pk>/take-changes/", views.take_changes, name="take"),
]
