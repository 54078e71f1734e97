from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_plan, name="plan"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/done/", views.action_complete, name="complete_action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="edit_action"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/plan/", views.review_edit, name="edit"),
    path("<int:pk>/prepare/", views.review_prepare, name="prepare"),
    path("<int:pk>/minutes/", views.review_hold, name="hold"),
    path("<int:pk>/outputs/", views.review_outputs, name="outputs"),
    path("<int:pk>/actions/new/", views.action_add, name="add_action"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes.docx", views.minutes_docx, name="minutes_docx"),
    path("<int:pk>/history/", views.review_history, name="history"),
]
