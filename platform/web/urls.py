from django.contrib.auth import views as auth_views
from django.urls import path

from . import second_factor, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.AgencyLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", second_factor.verify, name="otp_verify"),
    path("account/second-factor/", second_factor.setup, name="otp_setup"),
    path("account/second-factor/backup-codes/", second_factor.backup_codes, name="otp_backup_codes"),
    path("account/second-factor/remove/", second_factor.remove, name="otp_remove"),
]
