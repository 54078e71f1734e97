from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("", views.committee_page, name="page"),
    path("decisions/new/", views.decision_create, name="record_decision"),
    path("members/new/", views.member_appoint, name="appoint"),
    path("members/<int:pk>/role/", views.member_change_role, name="change_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="remove"),
]
