from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("me/", views.my_record, name="my_record"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_record, name="person"),
    path("materials/<int:pk>/", views.material_download, name="material"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/attendees/", views.attendees_add, name="add_attendees"),
    path("<int:pk>/attendees/remove/", views.attendee_remove, name="remove_attendee"),
    path("<int:pk>/results/", views.result_record, name="record_result"),
    path("<int:pk>/held/", views.session_held, name="held"),
    path("<int:pk>/materials/new/", views.material_upload, name="upload_material"),
]
