from django.urls import path

from . import views

app_name = "lineage"
urlpatterns = [
    path("", views.events, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("record/", views.record, name="record"),
    path("predecessors/", views.predecessors, name="predecessors"),
]
