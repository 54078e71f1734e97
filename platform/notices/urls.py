from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_create, name="create"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/edit/", views.notice_edit, name="edit"),
    path("<int:pk>/send/", views.notice_send, name="send"),
    path("<int:pk>/withdraw/", views.notice_withdraw, name="withdraw"),
    path("<int:pk>/remind/", views.notice_remind, name="remind"),
    path("<int:pk>/export/<str:fmt>/", views.receipts_export, name="export"),
    path("<int:pk>/attachment/", views.attachment, name="attachment"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
]
