from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "promises"
    backup = True  # its data is in the backup (config/lib/backup.py)
    verbose_name = _("Citizen promises")

    def ready(self) -> None:
        from config.lib import cache
        from promises.models import (
            Activity,
            Charter,
            CharterCorrection,
            CollaborationAgreement,
            Contact,
            Indicator,
            Measurement,
            Promise,
            SafetyWalk,
            Signatory,
            WalkFinding,
        )

        cache.watch(
            CollaborationAgreement,
            lambda agreement: agreement.municipalities.values_list("pk", flat=True),
            "municipalities",
        )
        cache.watch(Charter, lambda charter: [charter.municipality_id])
        cache.watch(CharterCorrection, lambda correction: [correction.charter.municipality_id])
        cache.watch(
            Signatory,
            lambda signatory: (
                [signatory.charter.municipality_id]
                if signatory.charter_id
                else signatory.agreement.municipalities.values_list("pk", flat=True)
            ),
        )
        cache.watch(Contact, lambda contact: [contact.charter.municipality_id])
        cache.watch(
            Promise, lambda promise: [promise.charter.municipality_id], "focus_areas", "problems"
        )
        cache.watch(
            Activity, lambda activity: [activity.promise.charter.municipality_id], "places"
        )
        cache.watch(Indicator, lambda indicator: [indicator.promise.charter.municipality_id])
        cache.watch(
            Measurement,
            lambda measurement: [measurement.indicator.promise.charter.municipality_id],
        )
        cache.watch(SafetyWalk, lambda walk: [walk.activity.promise.charter.municipality_id])
        cache.watch(
            WalkFinding,
            lambda finding: [finding.walk.activity.promise.charter.municipality_id],
        )
