from django.urls import path

from . import views

app_name = "tthc"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("entries/new/", views.entry_create, name="create"),
    path("entries/<int:pk>/", views.entry_detail, name="detail"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="edit"),
    path("entries/<int:pk>/withdraw/", views.entry_withdraw, name="withdraw"),
    path("import/", views.catalogue_import, name="import"),
    path("import/sample.csv", views.sample_file, name="sample"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision_create"),
]
