from django.urls import path

from . import views

app_name = "committee"
urlpatterns = [
    path("", views.committee_page, name="page"),
    path("decisions/new/", views.decision_create, name="record_decision"),
    path("decisions/<int:pk>/file/", views.decision_file, name="decision_file"),
    path("decisions/<int:pk>/file/upload/", views.decision_attach_file, name="attach_file"),
    path("decisions/<int:pk>/decision.<str:fmt>", views.decision_paper, name="decision_paper"),
    path("members/new/", views.member_appoint, name="appoint"),
    path("members/<int:pk>/role/", views.member_change_role, name="change_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="remove"),
]
