from django.urls import path

from . import views

app_name = "objectives"
urlpatterns = [
    path("", views.objective_list, name="list"),
    path("new/", views.objective_create, name="create"),
    path("report/", views.year_report, name="report"),
    path("<int:pk>/", views.objective_detail, name="detail"),
    path("<int:pk>/edit/", views.objective_edit, name="edit"),
    path("<int:pk>/measure/", views.measurement_record, name="measure"),
    path("<int:pk>/refresh/", views.objective_refresh, name="refresh"),
]
