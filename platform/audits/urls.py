from django.urls import path

from . import views

app_name = "audits"
urlpatterns = [
    path("", views.programme_page, name="list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_page, name="plan"),
    path("plans/<int:pk>/issue/", views.plan_issue, name="issue"),
    path("plans/<int:pk>/start/", views.plan_start, name="start"),
    path("plans/<int:pk>/complete/", views.plan_complete, name="complete"),
    path("plans/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("plans/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("lines/<int:pk>/findings/", views.finding_create, name="record_finding"),
]
