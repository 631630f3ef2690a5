from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in and out: sessions, single sign-on and the second factor."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    # The links to single sign-on identities are in the backup (config/lib/backup.py): a
    # restore must let people sign in again.
    backup = True
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import second_factor
        from accounts.sessions import stamp_on_login

        user_logged_in.connect(stamp_on_login, dispatch_uid="accounts.sessions.stamp")
        user_logged_in.connect(second_factor.on_login, dispatch_uid="accounts.second_factor")
