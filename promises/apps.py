from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "promises"
    verbose_name = _("Citizen promises")
