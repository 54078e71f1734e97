from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/print.<str:fmt>", views.plan_paper, name="plan_print"),
    path("files/<int:pk>/", views.file_download, name="file"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/print/<str:paper>.<str:fmt>", views.inspection_paper, name="print"),
]
