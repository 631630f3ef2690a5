from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself as an app: it hosts the commands that span every app (export_all,
    import_all) and signing in and out (config/accounts/). It has no models; its shared pieces
    are in config/lib/, the links to single sign-on identities in situations."""

    name = "config"
    label = "project"
    verbose_name = _("Citizen promises")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from config.accounts import second_factor
        from config.accounts.sessions import stamp_on_login

        user_logged_in.connect(stamp_on_login, dispatch_uid="accounts.sessions.stamp")
        user_logged_in.connect(second_factor.on_login, dispatch_uid="accounts.second_factor")
