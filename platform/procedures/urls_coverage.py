"""The agency's TTHC coverage, beside its TTHC list (/tthc/coverage/)."""

from django.urls import path

from . import views

app_name = "coverage"
urlpatterns = [
    path("coverage/", views.coverage, name="list"),
]
