from django.urls import path

from . import views

app_name = "procedures"
urlpatterns = [
    path("<int:pk>/procedure/", views.edit_procedure, name="edit"),
]
