from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Users and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .second_factor import remember_at_log_in

        user_logged_in.connect(remember_at_log_in, dispatch_uid="eiso_second_factor_at_log_in")
