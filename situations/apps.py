from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SituationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "situations"
    # Its data is in the backup (config/lib/backup.py); migrate itself creates the reference
    # data (0002_reference_data), so a database holding only these rows counts as empty.
    backup = True
    reference_models = (
        "PoliceRegion",
        "County",
        "Municipality",
        "PoliceDistrict",
        "PoliceArea",
        # Gives HistoricalPoliceArea_municipalities, the history of the LPOs' kommuner.
        "PoliceArea_municipalities",
        "ReferenceCoverage",
    )
    verbose_name = _("Situation reports and geography")

    def ready(self) -> None:
        from config.lib import cache
        from situations.models import (
            Choice,
            County,
            Finding,
            FocusArea,
            Municipality,
            Place,
            PoliceArea,
            PoliceDistrict,
            PoliceRegion,
            Problem,
            Question,
            SituationReport,
            Source,
            Survey,
        )

        for model in (County, PoliceRegion, PoliceDistrict, FocusArea):
            cache.watch(model, None)
        cache.watch(Municipality, lambda municipality: [municipality.pk])
        cache.watch(
            PoliceArea,
            lambda area: area.municipalities.values_list("pk", flat=True),
            "municipalities",
        )
        cache.watch(Place, lambda place: [place.municipality_id])
        cache.watch(SituationReport, lambda report: [report.municipality_id])
        cache.watch(Source, lambda source: [source.report.municipality_id])
        cache.watch(Finding, lambda finding: [finding.report.municipality_id])
        cache.watch(
            Problem, lambda problem: [problem.report.municipality_id], "findings", "places"
        )
        # A survey's public page and the kommun page's link to it; answers change neither.
        cache.watch(Survey, lambda survey: [survey.municipality_id])
        cache.watch(Question, lambda question: [question.survey.municipality_id])
        cache.watch(Choice, lambda choice: [choice.question.survey.municipality_id])
