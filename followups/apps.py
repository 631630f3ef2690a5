from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "followups"
    backup = True  # its data is in the backup (config/lib/backup.py)
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from config.lib import cache
        from followups import receivers
        from followups.models import CouncilReport, FollowUp, FollowUpRound
        from followups.opendata.datasets import FOLLOW_UP_ROWS
        from promises.models import Activity, Promise
        from promises.signals import charter_published, charter_renewing, charter_saved
        from situations.signals import purging, survey_published

        charter_saved.connect(receivers.sync_rounds, dispatch_uid="followups.sync_rounds")
        charter_renewing.connect(receivers.renewal_outcomes, dispatch_uid="followups.outcomes")
        # Residents who follow a kommun by email are told (followups.notices).
        charter_published.connect(receivers.charter_published, dispatch_uid="followups.notices")
        survey_published.connect(receivers.survey_published, dispatch_uid="followups.notices")
        purging.connect(receivers.purging, dispatch_uid="followups.notices")
        # Follow-ups keep a copy of their promise's owner; any save that changes it, from a
        # page, the admin or a restored version, passes it on.
        post_save.connect(receivers.promise_saved, sender=Promise, dispatch_uid="followups.owner")
        post_save.connect(
            receivers.activity_saved, sender=Activity, dispatch_uid="followups.activity_owner"
        )

        # The overview and the open data's charter list show each charter's tallies.
        post_save.connect(
            receivers.follow_up_saved, sender=FollowUp, dispatch_uid="followups.tallies"
        )
        post_delete.connect(
            receivers.follow_up_deleted, sender=FollowUp, dispatch_uid="followups.tallies"
        )
        # The start page and the overview count the promises that answer a problem; a
        # problem's is_internal and a report's or charter's publishing bump every national
        # page already (situations and promises watch them).
        m2m_changed.connect(
            receivers.promise_problems_changed,
            sender=Promise.problems.through,
            dispatch_uid="followups.problem_links",
        )
        cache.watch(FollowUpRound, lambda round_: [round_.charter.municipality_id])
        # Nationally, only the open data lists follow-ups: the start page, the overview and
        # the feeds stay cached while follow-ups are written.
        cache.watch(
            FollowUp,
            lambda follow_up: [follow_up.round.charter.municipality_id],
            national=FOLLOW_UP_ROWS,
        )
        # The kommun's page and archive link a published council report; its page is cached
        # under the kommun, whose other rows (watched above and in promises) it reads.
        cache.watch(CouncilReport, lambda report: [report.municipality_id])
