from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "situations"
    verbose_name = _("Situation reports and geography")
