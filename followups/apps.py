from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followups"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from followups import receivers
        from followups.models import FollowUp, FollowUpRound
        from promises.signals import charter_saved
        from situations import cache

        charter_saved.connect(receivers.sync_rounds, dispatch_uid="followups.sync_rounds")

        cache.watch(FollowUpRound, lambda round_: [round_.charter.municipality_id])
        cache.watch(FollowUp, lambda follow_up: [follow_up.round.charter.municipality_id])
