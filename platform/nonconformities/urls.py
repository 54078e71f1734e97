from django.urls import path

from . import views

app_name = "nonconformities"
urlpatterns = [
    path("", views.nc_list, name="list"),
    path("new/", views.nc_create, name="create"),
    path("<int:pk>/", views.nc_detail, name="detail"),
    path("<int:pk>/correction/", views.nc_correction, name="correction"),
    path("<int:pk>/root-cause/", views.nc_root_cause, name="root_cause"),
    path("<int:pk>/actions/", views.nc_add_action, name="add_action"),
    path("<int:pk>/effectiveness/", views.nc_effectiveness, name="effectiveness"),
    path("<int:pk>/details/", views.nc_details, name="details"),
    path("<int:pk>/close/", views.nc_close, name="close"),
    path("<int:pk>/history/", views.nc_history, name="history"),
    path("<int:pk>/print.pdf", views.nc_print_pdf, name="print_pdf"),
    path("<int:pk>/print.docx", views.nc_print_docx, name="print_docx"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
]
