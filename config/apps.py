from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself as an app: it hosts the commands that span every app (export_all,
    import_all). It has no models; its shared pieces are in config/lib/."""

    name = "config"
    label = "project"
    verbose_name = _("Citizen promises")
