from django.urls import path

from . import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("add/", views.add_day, name="add"),
    path("<int:pk>/remove/", views.remove_day, name="remove"),
]
